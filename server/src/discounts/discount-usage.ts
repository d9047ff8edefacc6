import type { ServiceContext } from "../core/context.js";
import type { Order } from "../orders/order.entity.js";
import { customerUses, type AppliedDiscount } from "./discount-pricing.js";
import { Discount, OrderDiscount } from "./discount.entity.js";
import { discountCustomerLimit, discountExhausted, discountExpired, discountInvalid, PromotionEndedError } from "./discounts.errors.js";

/**
 * Claims one use of each discount an order is placed with, in the placing
 * transaction (after the stock is reserved). One conditional UPDATE per
 * discount re-checks active, window and total limit and counts the use; it
 * takes the discount's row lock until the commit, so concurrent placements
 * with a limited code queue on it and PostgreSQL re-evaluates the condition
 * for each after the one before commits: a code limited to 5 uses is used
 * by exactly 5 orders, however many arrive at once. Holding that lock, the
 * per-customer count is exact too. Anything that no longer holds throws,
 * and the caller's transaction (stock included) rolls back: the shopper
 * agreed to a total with the discount, so we never place it without.
 * Discounts are claimed in id order, the one lock order of every placement.
 */
export async function claimDiscountUses(
  ctx: ServiceContext,
  order: Pick<Order, "storeId" | "id">,
  userId: string,
  applied: AppliedDiscount[],
): Promise<void> {
  const { storeId } = order;
  for (const { discount } of [...applied].sort((a, b) => a.discount.id.localeCompare(b.discount.id))) {
    const [rows] = (await ctx.manager.query(
      `UPDATE discounts SET used_count = used_count + 1, updated_at = now()
        WHERE store_id = $1 AND id = $2 AND is_active
          AND (usage_limit IS NULL OR used_count < usage_limit)
          AND (starts_at IS NULL OR starts_at <= now()) AND (ends_at IS NULL OR ends_at > now())
        RETURNING id`,
      [storeId, discount.id],
    )) as [Array<{ id: string }>, number];
    if (rows.length === 0) throw await whyNotClaimed(ctx, discount);
    if (discount.perCustomerLimit !== null) {
      // The order's own discount lines are written before this claim (placeOrder writes everything before its locks).
      const uses = (await customerUses(ctx, storeId, userId, [discount.id], order.id)).get(discount.id) ?? 0;
      if (uses >= discount.perCustomerLimit)
        throw discount.codeKey ? discountCustomerLimit(discount.perCustomerLimit) : new PromotionEndedError(discount.title);
    }
  }
}

async function whyNotClaimed(ctx: ServiceContext, discount: Discount): Promise<Error> {
  if (!discount.codeKey) return new PromotionEndedError(discount.title);
  const now = await ctx.manager.findOneBy(Discount, { storeId: discount.storeId, id: discount.id });
  if (!now || !now.isActive) return discountInvalid();
  if (now.usageLimit !== null && now.usedCount >= now.usageLimit) return discountExhausted();
  return discountExpired();
}

/** The order's discount lines, copied from what was applied; `shippingPrice` is what free shipping waived. */
export async function recordOrderDiscounts(
  ctx: ServiceContext,
  order: Order,
  applied: AppliedDiscount[],
  shippingPrice: number,
): Promise<OrderDiscount[]> {
  if (applied.length === 0) return [];
  const repository = ctx.manager.getRepository(OrderDiscount);
  // Free shipping is credited once, to the first line that gives it.
  let waived = false;
  return repository.save(
    applied.map(({ discount, amount, freeShipping }) => {
      const shippingAmount = freeShipping && !waived ? shippingPrice : 0;
      waived ||= freeShipping;
      return repository.create({
        storeId: order.storeId,
        orderId: order.id,
        discountId: discount.id,
        userId: order.userId,
        title: discount.title,
        code: discount.code,
        kind: discount.kind,
        value: discount.value,
        amount,
        freeShipping,
        shippingAmount,
        releasedAt: null,
      });
    }),
  );
}

/**
 * Gives back the uses a cancelled (or expired) order held, once: the first
 * caller marks `released_at`. The order keeps its discount lines and totals.
 */
export async function releaseDiscountUses(ctx: ServiceContext, order: Pick<Order, "storeId" | "id">): Promise<void> {
  const [released] = (await ctx.manager.query(
    `UPDATE order_discounts SET released_at = now()
      WHERE store_id = $1 AND order_id = $2 AND released_at IS NULL AND discount_id IS NOT NULL
      RETURNING discount_id`,
    [order.storeId, order.id],
  )) as [Array<{ discount_id: string }>, number];
  for (const id of released.map((row) => row.discount_id).sort()) {
    await ctx.manager.query(`UPDATE discounts SET used_count = used_count - 1 WHERE store_id = $1 AND id = $2 AND used_count > 0`, [
      order.storeId,
      id,
    ]);
  }
}

/** An order's discount lines, in the order they were applied. */
export function orderDiscounts(ctx: ServiceContext, storeId: string, orderId: string): Promise<OrderDiscount[]> {
  return ctx.manager.find(OrderDiscount, { where: { storeId, orderId }, order: { createdAt: "ASC", id: "ASC" } });
}
