import { DomainError } from "../core/errors.js";
import { authorize, isPlatform } from "../identity/authorization.js";
import type { ServiceContext } from "../core/context.js";
import type { OrderState } from "./order-state.js";

/** States whose money the shop has taken and kept: paid and everything after it, except a refund. */
export const REVENUE_STATES: readonly OrderState[] = ["paid", "processing", "shipped", "delivered"];

export interface OrderStats {
  orders: number;
  /** Rials. */
  revenueRials: number;
}

/**
 * Orders placed in `[from, to)` that were paid (or moved on since), and their
 * total, over the stores given: `"all"` for platform staff only, otherwise
 * only the stores the actor may manage (others are left out, never counted).
 * One indexed query (`store_id, created_at`).
 */
export async function orderStats(
  ctx: ServiceContext,
  storeIds: readonly string[] | "all",
  range: { from: Date; to: Date },
): Promise<OrderStats> {
  let scope: string[] | null = null;
  if (storeIds === "all") {
    if (!isPlatform(ctx.actor)) return { orders: 0, revenueRials: 0 };
  } else {
    scope = [];
    for (const storeId of storeIds) {
      try {
        await authorize(ctx, "analytics:read", { storeId });
        scope.push(storeId);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    if (scope.length === 0) return { orders: 0, revenueRials: 0 };
  }
  const [row] = (await ctx.manager.query(
    `SELECT count(*)::int AS orders, COALESCE(sum(total), 0)::text AS revenue
       FROM orders
      WHERE state = ANY($1) AND created_at >= $2 AND created_at < $3 ${scope ? "AND store_id = ANY($4::uuid[])" : ""}`,
    scope ? [[...REVENUE_STATES], range.from, range.to, scope] : [[...REVENUE_STATES], range.from, range.to],
  )) as Array<{ orders: number; revenue: string }>;
  return { orders: row?.orders ?? 0, revenueRials: Number(row?.revenue ?? 0) };
}
