import { findInStoreOrFail } from "../db/find-in-store.js";
import { ValidationError } from "../core/errors.js";
import { authorize } from "../identity/authorization.js";
import type { ServiceContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import { ShippingMethodNotFoundError } from "./orders.errors.js";
import {
  createShippingMethodSchema,
  updateShippingMethodSchema,
  type CreateShippingMethodInput,
  type UpdateShippingMethodInput,
} from "./orders.schemas.js";
import { SHIPPING_KIND_LABELS, type ShippingKind } from "./shipping-kinds.js";
import { ShippingMethod } from "./shipping-method.entity.js";

/**
 * A store's shipping methods. Merchants manage them here (the API and the
 * back office call these functions; each checks `store.manage` through the
 * one authorisation helper); checkout prices them with quoteShipping().
 */

export interface Destination {
  provinceId: number;
  cityId: number;
}

export interface ShippingOption {
  method: ShippingMethod;
  /** Rials for this destination and subtotal. */
  price: number;
  free: boolean;
}

/**
 * What a method costs to a destination for an order of `subtotal` Rials, or
 * null when it does not go there: limited to other provinces, or a courier
 * (or pickup) of another city. The province's own price wins over the flat
 * price; a subtotal at or above `freeAbove` ships free.
 */
export function quoteShipping(
  method: Pick<ShippingMethod, "price" | "provincePrices" | "freeAbove" | "provinceIds" | "cityId">,
  to: Destination,
  subtotal: number,
): { price: number; free: boolean } | null {
  if (method.provinceIds && !method.provinceIds.includes(to.provinceId)) return null;
  if (method.cityId !== null && method.cityId !== to.cityId) return null;
  if (method.freeAbove !== null && subtotal >= method.freeAbove) return { price: 0, free: true };
  const price = method.provincePrices[String(to.provinceId)] ?? method.price;
  return { price, free: price === 0 };
}

/** The active methods that reach a destination, priced, in the merchant's order. */
export async function shippingOptions(ctx: ServiceContext, storeId: string, to: Destination, subtotal: number): Promise<ShippingOption[]> {
  const methods = await ctx.manager.find(ShippingMethod, {
    where: { storeId, isActive: true },
    order: { sortOrder: "ASC", createdAt: "ASC" },
  });
  return methods.flatMap((method) => {
    const quote = quoteShipping(method, to, subtotal);
    return quote ? [{ method, ...quote }] : [];
  });
}

async function canManage(ctx: ServiceContext, storeId: string): Promise<void> {
  await authorize(ctx, "store.manage", { storeId });
  // Staff pass authorize() for any id; a store that does not exist is still a 404.
  if (!(await ctx.manager.existsBy(Store, { id: storeId }))) throw new StoreNotFoundError();
}

/** Every method of the store, active or not (for the merchant). */
export async function listShippingMethods(ctx: ServiceContext, storeId: string): Promise<ShippingMethod[]> {
  await canManage(ctx, storeId);
  return ctx.manager.find(ShippingMethod, { where: { storeId }, order: { sortOrder: "ASC", createdAt: "ASC" } });
}

export async function getShippingMethod(ctx: ServiceContext, storeId: string, id: string): Promise<ShippingMethod> {
  await canManage(ctx, storeId);
  return findInStoreOrFail(ctx, ShippingMethod, storeId, id, () => new ShippingMethodNotFoundError());
}

/** Adds a method; its name defaults to the kind's («پست پیشتاز»). A courier names its city. */
export async function createShippingMethod(
  ctx: ServiceContext,
  storeId: string,
  input: CreateShippingMethodInput,
): Promise<ShippingMethod> {
  const data = createShippingMethodSchema.parse(input);
  await canManage(ctx, storeId);
  const repository = ctx.manager.getRepository(ShippingMethod);
  return repository.save(repository.create({ ...data, storeId, name: data.name ?? SHIPPING_KIND_LABELS[data.kind as ShippingKind] }));
}

/** Changes a method; orders placed with it keep the name and price they were placed with. */
export async function updateShippingMethod(
  ctx: ServiceContext,
  storeId: string,
  id: string,
  input: UpdateShippingMethodInput,
): Promise<ShippingMethod> {
  const data = updateShippingMethodSchema.parse(input);
  const method = await getShippingMethod(ctx, storeId, id);
  const changes = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as Partial<ShippingMethod>;
  const next = { ...method, ...changes };
  if (next.kind === "courier" && next.cityId === null)
    throw new ValidationError("cityId", "پیک فقط در شهر فروشگاه کار می‌کند؛ شهر را انتخاب کنید.");
  if (Object.keys(changes).length > 0) await ctx.manager.update(ShippingMethod, { storeId, id: method.id }, changes);
  return ctx.manager.findOneByOrFail(ShippingMethod, { storeId, id: method.id });
}

/** Removes a method; orders keep its name (their shipping_method_id becomes null). */
export async function deleteShippingMethod(ctx: ServiceContext, storeId: string, id: string): Promise<void> {
  const method = await getShippingMethod(ctx, storeId, id);
  await ctx.manager.delete(ShippingMethod, { storeId, id: method.id });
}
