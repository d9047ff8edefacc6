import type { ServiceContext } from "../core/context.js";
import { requireUser } from "../identity/authorization.js";
import { priceItems, type PricedItem } from "./cart.service.js";
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "./orders.schemas.js";
import { SavedCartItem } from "./saved-cart-item.entity.js";
import { lockForTransaction } from "../db/advisory-lock.js";

/** A line of the shopper's saved cart as the site shows it: what the browser's cart line holds. */
export interface SavedCartLine {
  instanceId: string;
  productId: string;
  slug: string;
  name: string;
  variant: string;
  /** Rials, now. */
  unitPrice: number;
  quantity: number;
  stock: number;
  image: string | null;
}

type Wanted = Array<{ instanceId: string; quantity: number }>;

/** A priced variant as a cart line of `quantity`. */
function lineOf(item: PricedItem, quantity: number): SavedCartLine {
  const { instanceId, productId, slug, name, variant, unitPrice, stock, image } = item;
  return { instanceId, productId, slug, name, variant, unitPrice, quantity, stock, image };
}

/** One shopper's cart changes at a store take turns (two devices saving at once). */
async function lockCart(ctx: ServiceContext, storeId: string, userId: string): Promise<void> {
  await lockForTransaction(ctx.manager, "saved-cart", storeId, userId);
}

/**
 * Writes the shopper's cart as `wanted` says, in its order: variants this
 * store no longer sells (or never did) are dropped, and each quantity is
 * kept within stock (a sold-out variant leaves the cart) and 99.
 */
async function store(ctx: ServiceContext, storeId: string, userId: string, wanted: Wanted): Promise<SavedCartLine[]> {
  const items = await priceItems(
    ctx,
    storeId,
    wanted.map((line) => line.instanceId),
  );
  const lines: SavedCartLine[] = [];
  for (const line of wanted) {
    const item = items.get(line.instanceId);
    if (!item || !item.sold || lines.length >= MAX_CART_LINES) continue;
    const quantity = Math.min(line.quantity, item.stock, MAX_LINE_QUANTITY);
    if (quantity >= 1) lines.push(lineOf(item, quantity));
  }
  await ctx.manager.delete(SavedCartItem, { storeId, userId });
  if (lines.length > 0)
    await ctx.manager.insert(
      SavedCartItem,
      lines.map((line, position) => ({ storeId, userId, instanceId: line.instanceId, quantity: line.quantity, position })),
    );
  return lines;
}

async function savedLines(ctx: ServiceContext, storeId: string, userId: string): Promise<Wanted> {
  const rows = await ctx.manager.find(SavedCartItem, {
    where: { storeId, userId },
    order: { position: "ASC", id: "ASC" },
    select: { instanceId: true, quantity: true },
  });
  return rows.map((row) => ({ instanceId: row.instanceId, quantity: row.quantity }));
}

/**
 * The signed-in shopper's cart at this store as it can be bought now: gone
 * variants left out, quantities within stock (the rows themselves are put
 * right at the next change).
 */
export async function mySavedCart(ctx: ServiceContext, storeId: string): Promise<SavedCartLine[]> {
  const { userId } = requireUser(ctx);
  const wanted = await savedLines(ctx, storeId, userId);
  const items = await priceItems(
    ctx,
    storeId,
    wanted.map((line) => line.instanceId),
  );
  return wanted.flatMap((line) => {
    const item = items.get(line.instanceId);
    const quantity = item?.sold ? Math.min(line.quantity, item.stock) : 0;
    return item && quantity >= 1 ? [lineOf(item, quantity)] : [];
  });
}

/** Replaces the shopper's saved cart with the browser's (after every change the shopper makes there). */
export async function replaceSavedCart(ctx: ServiceContext, storeId: string, wanted: Wanted): Promise<SavedCartLine[]> {
  const { userId } = requireUser(ctx);
  await lockCart(ctx, storeId, userId);
  return store(ctx, storeId, userId, wanted);
}

/**
 * At sign-in: the browser's cart added to the saved one, quantities of the
 * same variant summed (then kept within stock), saved lines first and the
 * browser's new ones after them; answers the cart both now hold.
 */
export async function mergeIntoSavedCart(ctx: ServiceContext, storeId: string, fromBrowser: Wanted): Promise<SavedCartLine[]> {
  const { userId } = requireUser(ctx);
  await lockCart(ctx, storeId, userId);
  const merged = new Map((await savedLines(ctx, storeId, userId)).map((line) => [line.instanceId, line.quantity]));
  for (const line of fromBrowser) merged.set(line.instanceId, (merged.get(line.instanceId) ?? 0) + line.quantity);
  return store(
    ctx,
    storeId,
    userId,
    [...merged].map(([instanceId, quantity]) => ({ instanceId, quantity })),
  );
}

/** Empties the shopper's saved cart (their order was placed: the browser's cart is emptied too). */
export async function clearSavedCart(ctx: ServiceContext, storeId: string, userId: string): Promise<void> {
  await ctx.manager.delete(SavedCartItem, { storeId, userId });
}
