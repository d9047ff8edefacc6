import { quoteDiscounts, type DiscountQuote } from "../discounts/discount-pricing.js";
import type { ServiceContext } from "../core/context.js";
import { formatNumber, formatToman } from "@mall/locale";
import type { LineAttribute } from "./order.entity.js";
import { shippingOptions, type ShippingOption } from "./shipping.service.js";
import type { CartCheckInput } from "./orders.schemas.js";

/**
 * What is true of a cart's items right now: price, stock, whether they are
 * still sold. The cart check answers the site with it, and placeOrder()
 * copies lines from it (under the stock lock), so both read prices the same way.
 */

export interface PricedItem {
  instanceId: string;
  productId: string;
  slug: string;
  /** The product's Persian name. */
  name: string;
  /** The categorizer values, «آبی / L». */
  variant: string;
  attributes: LineAttribute[];
  sku: string;
  /** Rials: the instance's own price, or the product's base price. */
  unitPrice: number;
  stock: number;
  /** Both the product and this instance are active. */
  sold: boolean;
  image: string | null;
}

interface ItemRow {
  id: string;
  product_id: string;
  sku: string;
  stock: number;
  price: string;
  sold: boolean;
  slug: string;
  name_fa: string;
  images: unknown;
}

interface AttributeRow {
  instance_id: string;
  name_fa: string;
  value: string;
  color_hex: string | null;
  is_categorizer: boolean;
}

/** A product's first picture: `products.images` holds `{ url, … }` (the media job's) or, in older rows, plain URLs. */
function firstImageUrl(images: unknown): string | null {
  const first: unknown = Array.isArray(images) ? images[0] : undefined;
  if (typeof first === "string") return first;
  if (first && typeof first === "object" && "url" in first && typeof first.url === "string" && first.url) return first.url;
  return null;
}

/** The store's items by instance id; ids of other stores or of nothing are simply absent. */
export async function priceItems(ctx: ServiceContext, storeId: string, instanceIds: string[]): Promise<Map<string, PricedItem>> {
  if (instanceIds.length === 0) return new Map();
  const rows: ItemRow[] = await ctx.manager.query(
    `SELECT i.id, i.product_id, i.sku, i.stock, COALESCE(i.price, p.base_price)::text AS price,
            (i.is_active AND p.is_active) AS sold, p.slug, p.name_fa, p.images
       FROM product_instances i
       JOIN products p ON p.store_id = i.store_id AND p.id = i.product_id
      WHERE i.store_id = $1 AND i.id = ANY($2::uuid[])`,
    [storeId, instanceIds],
  );
  const attributes: AttributeRow[] = await ctx.manager.query(
    `SELECT pia.instance_id, a.name_fa, pia.value, pia.color_hex, a.is_categorizer
       FROM product_instance_attributes pia
       JOIN product_attributes a ON a.store_id = pia.store_id AND a.id = pia.attribute_id
      WHERE pia.store_id = $1 AND pia.instance_id = ANY($2::uuid[])
      ORDER BY a.sort_order, a.name, a.id`,
    [storeId, instanceIds],
  );
  const items = new Map<string, PricedItem>();
  for (const row of rows) {
    const mine = attributes.filter((a) => a.instance_id === row.id);
    items.set(row.id, {
      instanceId: row.id,
      productId: row.product_id,
      slug: row.slug,
      name: row.name_fa,
      variant: mine
        .filter((a) => a.is_categorizer)
        .map((a) => a.value)
        .join(" / "),
      attributes: mine.map((a) => ({ name: a.name_fa, value: a.value, colorHex: a.color_hex })),
      sku: row.sku,
      unitPrice: Number(row.price),
      stock: row.stock,
      sold: row.sold,
      image: firstImageUrl(row.images),
    });
  }
  return items;
}

export type CartChangeCode = "price_changed" | "insufficient_stock" | "not_sold";

export interface CartCheckLine {
  instanceId: string;
  item: PricedItem | null;
  quantity: number;
  availableQuantity: number;
  lineTotal: number;
  changes: Array<{ code: CartChangeCode; message: string }>;
}

export interface CartCheck {
  lines: CartCheckLine[];
  subtotal: number;
  ok: boolean;
  shippingOptions?: ShippingOption[];
  /** The code asked for and the best automatic promotion, as they apply to what can be bought now. */
  discounts: DiscountQuote;
}

/**
 * Checks a cart kept in the browser against the catalog: current prices,
 * stock, and what changed since the shopper added each item, with a Persian
 * sentence for each change. Reads only; nothing is reserved until placeOrder().
 */
export async function checkCart(ctx: ServiceContext, storeId: string, input: CartCheckInput): Promise<CartCheck> {
  const items = await priceItems(ctx, storeId, [...new Set(input.items.map((item) => item.instanceId))]);
  const lines = input.items.map((asked): CartCheckLine => {
    const item = items.get(asked.instanceId) ?? null;
    if (!item || !item.sold) {
      return {
        instanceId: asked.instanceId,
        item,
        quantity: asked.quantity,
        availableQuantity: 0,
        lineTotal: 0,
        changes: [{ code: "not_sold", message: `${item ? `«${item.name}»` : "این کالا"} دیگر فروخته نمی‌شود؛ آن را از سبد خرید بردارید.` }],
      };
    }
    const changes: CartCheckLine["changes"] = [];
    if (asked.unitPrice !== undefined && asked.unitPrice !== item.unitPrice) {
      changes.push({
        code: "price_changed",
        message: `قیمت «${item.name}» از ${formatToman(asked.unitPrice)} به ${formatToman(item.unitPrice)} ${item.unitPrice > asked.unitPrice ? "افزایش" : "کاهش"} یافت.`,
      });
    }
    const availableQuantity = Math.min(asked.quantity, item.stock);
    if (item.stock < asked.quantity) {
      changes.push({
        code: "insufficient_stock",
        message: item.stock > 0 ? `از «${item.name}» فقط ${formatNumber(item.stock)} عدد موجود است.` : `«${item.name}» ناموجود شد.`,
      });
    }
    return {
      instanceId: asked.instanceId,
      item,
      quantity: asked.quantity,
      availableQuantity,
      lineTotal: availableQuantity * item.unitPrice,
      changes,
    };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const discounts = await quoteDiscounts(ctx, storeId, {
    lines: lines.flatMap((line) =>
      line.item && line.lineTotal > 0 ? [{ productId: line.item.productId, lineTotal: line.lineTotal }] : [],
    ),
    subtotal,
    code: input.discountCode,
    userId: ctx.actor.kind === "user" ? ctx.actor.userId : undefined,
  });
  const result: CartCheck = { lines, subtotal, ok: lines.every((line) => line.changes.length === 0), discounts };
  if (input.destination) {
    const options = await shippingOptions(ctx, storeId, input.destination, subtotal);
    result.shippingOptions = discounts.freeShipping ? options.map((option) => ({ ...option, price: 0, free: true })) : options;
  }
  return result;
}
