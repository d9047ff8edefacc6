import type { ServiceContext } from "../core/context.js";
import { discountCodeKey } from "./discount-code.js";
import { Discount } from "./discount.entity.js";
import {
  discountCustomerLimit,
  discountExhausted,
  discountExpired,
  discountInvalid,
  discountMinAmount,
  discountNotApplicable,
  discountNotStarted,
  type DiscountCodeError,
} from "./discounts.errors.js";

/**
 * What discounts a cart gets, for the cart check and (in its transaction)
 * for placing the order, so both compute the same total. Rules:
 *
 * - A code (if given) and the automatic promotion that saves the most apply
 *   together; together they never take more than the items subtotal.
 * - Percentages round down to whole Tomans; a fixed amount is at most what
 *   the lines in scope cost.
 * - Scope `categories` takes the lines whose product sits in one of the
 *   categories or anywhere below them (the category's id is in the
 *   product's category path); `products` the lines of those products.
 * - The minimum order amount is compared with the items subtotal.
 * - Starts and ends are moments (entered as Jalali dates and Tehran times):
 *   starts_at ≤ now < ends_at.
 * - Free shipping waives the shipping price; it is not part of discount_total.
 *
 * This only reads. The limits are claimed when the order is placed
 * (discount-usage.ts), which checks them again under a row lock.
 */

export interface DiscountableLine {
  productId: string;
  /** Rials. */
  lineTotal: number;
}

export interface AppliedDiscount {
  discount: Discount;
  /** Rials off the items. */
  amount: number;
  freeShipping: boolean;
}

export interface DiscountQuote {
  applied: AppliedDiscount[];
  /** Rials off the items, all discounts together (≤ subtotal). */
  itemsDiscount: number;
  freeShipping: boolean;
  /** Why the code given cannot be used (null when none was given or it applies). */
  codeError: DiscountCodeError | null;
}

export interface DiscountRequest {
  lines: DiscountableLine[];
  /** Rials: the items subtotal. */
  subtotal: number;
  code?: string | undefined;
  /** The shopper, when known: per-customer limits are checked for them. */
  userId?: string | undefined;
  now?: Date;
}

/** Rials of the lines a discount covers, given each product's category path. */
export function eligibleSubtotal(
  discount: Pick<Discount, "scope" | "categoryIds" | "productIds">,
  lines: DiscountableLine[],
  categoryPaths: Map<string, string | null>,
): number {
  const covers = (productId: string): boolean => {
    if (discount.scope === "order") return true;
    if (discount.scope === "products") return discount.productIds.includes(productId);
    const path = categoryPaths.get(productId);
    return !!path && discount.categoryIds.some((id) => path.includes(`/${id}/`));
  };
  return lines.reduce((sum, line) => sum + (covers(line.productId) ? line.lineTotal : 0), 0);
}

/** Rials off `eligible`: a percentage rounded down to whole Tomans, or the fixed amount at most. */
export function discountAmount(discount: Pick<Discount, "kind" | "value">, eligible: number): number {
  if (discount.kind === "percentage") return Math.floor((eligible * discount.value) / 100 / 10) * 10;
  return Math.min(discount.value, eligible);
}

/**
 * Whether a discount applies to this cart now and for how much, or the
 * reason it does not (for a code, the shopper reads it).
 */
export function evaluateDiscount(
  discount: Discount,
  cart: { lines: DiscountableLine[]; subtotal: number; now: Date; customerUses: number | null },
  categoryPaths: Map<string, string | null>,
): AppliedDiscount | DiscountCodeError {
  if (!discount.isActive) return discountInvalid();
  if (discount.startsAt && cart.now < discount.startsAt) return discountNotStarted(discount.startsAt);
  if (discount.endsAt && cart.now >= discount.endsAt) return discountExpired();
  if (discount.usageLimit !== null && discount.usedCount >= discount.usageLimit) return discountExhausted();
  if (discount.perCustomerLimit !== null && cart.customerUses !== null && cart.customerUses >= discount.perCustomerLimit)
    return discountCustomerLimit(discount.perCustomerLimit);
  if (cart.subtotal < discount.minOrderAmount) return discountMinAmount(discount.minOrderAmount);
  const eligible = eligibleSubtotal(discount, cart.lines, categoryPaths);
  if (eligible === 0) return discountNotApplicable();
  return { discount, amount: discountAmount(discount, eligible), freeShipping: discount.freeShipping };
}

const isApplied = (result: AppliedDiscount | DiscountCodeError): result is AppliedDiscount => "discount" in result;

/** The category path of each product in the cart (null when it has none). */
async function categoryPathsOf(ctx: ServiceContext, storeId: string, productIds: string[]): Promise<Map<string, string | null>> {
  if (productIds.length === 0) return new Map();
  const rows = (await ctx.manager.query(
    `SELECT p.id, c.path FROM products p LEFT JOIN categories c ON c.store_id = p.store_id AND c.id = p.category_id
      WHERE p.store_id = $1 AND p.id = ANY($2::uuid[])`,
    [storeId, productIds],
  )) as Array<{ id: string; path: string | null }>;
  return new Map(rows.map((row) => [row.id, row.path]));
}

/** How many of the shopper's orders hold a use of each discount; `exceptOrderId`: an order being placed, whose own lines do not count. */
export async function customerUses(
  ctx: ServiceContext,
  storeId: string,
  userId: string,
  discountIds: string[],
  exceptOrderId?: string,
): Promise<Map<string, number>> {
  if (discountIds.length === 0) return new Map();
  const rows = (await ctx.manager.query(
    `SELECT discount_id, count(*)::int AS uses FROM order_discounts
      WHERE store_id = $1 AND discount_id = ANY($2::uuid[]) AND user_id = $3 AND released_at IS NULL
        AND order_id IS DISTINCT FROM $4::uuid
      GROUP BY discount_id`,
    [storeId, discountIds, userId, exceptOrderId ?? null],
  )) as Array<{ discount_id: string; uses: number }>;
  return new Map(rows.map((row) => [row.discount_id, row.uses]));
}

/** The discounts a cart gets now; a code that cannot be used is reported in `codeError`, not thrown. */
export async function quoteDiscounts(ctx: ServiceContext, storeId: string, request: DiscountRequest): Promise<DiscountQuote> {
  const now = request.now ?? new Date();
  const key = request.code ? discountCodeKey(request.code) : null;
  const candidates = await ctx.manager
    .getRepository(Discount)
    .createQueryBuilder("d")
    .where("d.store_id = :storeId AND d.is_active", { storeId })
    .andWhere(key ? "(d.code_key IS NULL OR d.code_key = :key)" : "d.code_key IS NULL", { key })
    .getMany();
  // Most carts meet no discount at all: then there is nothing to read the categories for (one round trip less per placement).
  const paths =
    candidates.length === 0
      ? new Map<string, string | null>()
      : await categoryPathsOf(ctx, storeId, [...new Set(request.lines.map((line) => line.productId))]);
  const uses = request.userId
    ? await customerUses(
        ctx,
        storeId,
        request.userId,
        candidates.map((d) => d.id),
      )
    : new Map<string, number>();
  const evaluate = (discount: Discount) =>
    evaluateDiscount(
      discount,
      { lines: request.lines, subtotal: request.subtotal, now, customerUses: request.userId ? (uses.get(discount.id) ?? 0) : null },
      paths,
    );

  const applied: AppliedDiscount[] = [];
  let codeError: DiscountCodeError | null = null;
  if (key) {
    const byCode = candidates.find((d) => d.codeKey === key);
    const result = byCode ? evaluate(byCode) : discountInvalid();
    if (isApplied(result)) applied.push(result);
    else codeError = result;
  }
  // The one automatic promotion that saves the most (free shipping breaks a tie); ineligible ones are simply not shown.
  const best = candidates
    .filter((d) => d.codeKey === null)
    .map(evaluate)
    .filter(isApplied)
    .sort(
      (a, b) => b.amount - a.amount || Number(b.freeShipping) - Number(a.freeShipping) || a.discount.id.localeCompare(b.discount.id),
    )[0];
  if (best) applied.push(best);

  // Together they take at most the items subtotal: the later line gives up what would go past it.
  let left = request.subtotal;
  for (const line of applied) {
    line.amount = Math.min(line.amount, left);
    left -= line.amount;
  }
  return { applied, itemsDiscount: request.subtotal - left, freeShipping: applied.some((line) => line.freeShipping), codeError };
}
