import { ProductNotFoundError } from "../catalog/catalog.errors.js";
import { Product } from "../catalog/product.entity.js";
import { getProduct } from "../catalog/product.service.js";
import type { ServiceContext } from "../core/context.js";
import { ConflictError } from "../core/errors.js";
import { requireUser } from "../identity/authorization.js";
import { WishlistItem } from "./wishlist-item.entity.js";
import { formatNumber } from "@mall/locale";
import { lockForTransaction } from "../db/advisory-lock.js";

/** The most products one shopper keeps in a store's wishlist. */
export const WISHLIST_MAX = 200;

export interface WishlistEntry {
  productId: string;
  slug: string;
  name: string;
  image: string | null;
  /** The product's lowest price now (Rials). */
  price: number;
  /** … when it was saved. */
  savedPrice: number;
  priceDropped: boolean;
  inStock: boolean;
  savedAt: Date;
}

/**
 * The signed-in shopper's saved products at this store, newest first, each
 * with its price now and when saved (priceDropped when it is lower now) and
 * whether any active variant is in stock. Products the store hid are left out.
 */
export async function myWishlist(ctx: ServiceContext, storeId: string): Promise<WishlistEntry[]> {
  const { userId } = requireUser(ctx);
  const rows = (await ctx.manager.query(
    `SELECT w.product_id, w.saved_price::text AS saved_price, w.created_at, p.slug, p.name_fa, p.min_price::text AS min_price, p.images,
            EXISTS (SELECT 1 FROM product_instances i WHERE i.store_id = p.store_id AND i.product_id = p.id AND i.is_active AND i.stock > 0) AS in_stock
       FROM wishlist_items w JOIN products p ON p.store_id = w.store_id AND p.id = w.product_id
      WHERE w.store_id = $1 AND w.user_id = $2 AND p.is_active
      ORDER BY w.created_at DESC, w.id DESC`,
    [storeId, userId],
  )) as Array<{
    product_id: string;
    saved_price: string;
    created_at: Date;
    slug: string;
    name_fa: string;
    min_price: string;
    images: Array<{ url: string }>;
    in_stock: boolean;
  }>;
  return rows.map((row) => ({
    productId: row.product_id,
    slug: row.slug,
    name: row.name_fa,
    image: row.images[0]?.url ?? null,
    price: Number(row.min_price),
    savedPrice: Number(row.saved_price),
    priceDropped: Number(row.min_price) < Number(row.saved_price),
    inStock: row.in_stock,
    savedAt: row.created_at,
  }));
}

/** Saves a product of this store for the shopper (saving it again keeps the first price); at most WISHLIST_MAX. */
export async function saveToWishlist(ctx: ServiceContext, storeId: string, productId: string): Promise<void> {
  const { userId } = requireUser(ctx);
  const product = await ctx.manager.findOne(Product, {
    where: { storeId, id: productId },
    select: { id: true, minPrice: true, isActive: true },
  });
  if (!product || !product.isActive) throw new ProductNotFoundError();
  // One shopper's saves take turns, so the count below is the count.
  await lockForTransaction(ctx.manager, "wishlist", storeId, userId);
  if (await ctx.manager.existsBy(WishlistItem, { storeId, userId, productId })) return;
  if ((await ctx.manager.countBy(WishlistItem, { storeId, userId })) >= WISHLIST_MAX) {
    throw new ConflictError(
      "productId",
      `فهرست علاقه‌مندی‌ها حداکثر ${formatNumber(WISHLIST_MAX)} کالا دارد؛ چند کالا را از آن بردارید.`,
      "wishlist_full",
    );
  }
  await ctx.manager.insert(WishlistItem, { storeId, userId, productId, savedPrice: product.minPrice });
}

/** Takes a product off the shopper's wishlist (nothing happens when it was not there). */
export async function removeFromWishlist(ctx: ServiceContext, storeId: string, productId: string): Promise<void> {
  const { userId } = requireUser(ctx);
  // Another store's product (or none) is not found here, as on every store route.
  await getProduct(ctx, storeId, productId);
  await ctx.manager.delete(WishlistItem, { storeId, userId, productId });
}
