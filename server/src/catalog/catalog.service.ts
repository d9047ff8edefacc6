import { isUniqueViolation } from "../db/errors.js";
import { findInStoreOrFail } from "../db/find-in-store.js";
import { recordEvent } from "../jobs/events.js";
import type { ServiceContext } from "../platform/context.js";
import { ProductNotFoundError, ProductSlugTakenError } from "./catalog.errors.js";
import { createProductSchema, type CreateProductInput } from "./catalog.schemas.js";
import { Product } from "./product.entity.js";

/**
 * Products of one store. Every query is scoped by `store_id` first (it leads
 * every index), and every change records `product.changed` in the same
 * transaction.
 */
export async function createProduct(ctx: ServiceContext, storeId: string, input: CreateProductInput): Promise<Product> {
  const data = createProductSchema.parse(input);
  const products = ctx.manager.getRepository(Product);
  if (await products.existsBy({ storeId, slug: data.slug })) throw new ProductSlugTakenError();
  let product: Product;
  try {
    product = await products.save(products.create({ ...data, storeId }));
  } catch (error) {
    if (isUniqueViolation(error)) throw new ProductSlugTakenError();
    throw error;
  }
  await recordEvent(ctx.manager, { storeId, type: "product.changed", entityId: product.id, payload: { change: "created" } });
  return product;
}

/** Active products of a store, newest first. */
export async function listActiveProducts(ctx: ServiceContext, storeId: string, page: { page: number; perPage: number }): Promise<{ items: Product[]; total: number }> {
  const [items, total] = await ctx.manager.getRepository(Product).findAndCount({
    where: { storeId, isActive: true },
    order: { createdAt: "DESC", id: "ASC" },
    skip: (page.page - 1) * page.perPage,
    take: page.perPage,
  });
  return { items, total };
}

/** An active product of this store; another store's product is "not found". */
export async function getActiveProduct(ctx: ServiceContext, storeId: string, id: string): Promise<Product> {
  const product = await findInStoreOrFail(ctx, Product, storeId, id, () => new ProductNotFoundError());
  if (!product.isActive) throw new ProductNotFoundError();
  return product;
}
