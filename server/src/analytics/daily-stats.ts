import type { EntityManager } from "typeorm";
import { REVENUE_STATES } from "../orders/order-stats.js";
import { lockForTransaction } from "../db/advisory-lock.js";

/**
 * Keeps the pre-aggregated daily rows (daily-stats.entity.ts) equal to what
 * `orders` says. A day is always recomputed whole from the orders placed on
 * it, never incremented, so running it twice, late or out of order gives the
 * same rows. Days are Tehran days: `[day 00:00, day+1 00:00)` Asia/Tehran,
 * found through orders_store_created_idx.
 */

/** The Tehran day (`YYYY-MM-DD`, Gregorian) of a timestamp column, in SQL. */
export const tehranDaySql = (column: string) => `(${column} AT TIME ZONE 'Asia/Tehran')::date`;

/** `created_at` within the Tehran days `[$from, $to]` (both `date` parameters), in SQL. */
const placedBetween = (from: string, to: string) =>
  `o.created_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Tehran') AND o.created_at < ((${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Tehran')`;

/**
 * Recomputes a store's rows for the Tehran days `[from, to]` (`YYYY-MM-DD`),
 * in the caller's transaction. A transaction-level advisory lock per store
 * serialises recomputations of the same store, so one that read the orders
 * before another order's change committed cannot write its stale figures
 * after the newer ones.
 */
export async function refreshStoreDays(manager: EntityManager, storeId: string, from: string, to: string): Promise<void> {
  await lockForTransaction(manager, "analytics", storeId);
  await manager.query(`DELETE FROM store_daily_sales WHERE store_id = $1 AND day BETWEEN $2 AND $3`, [storeId, from, to]);
  await manager.query(
    `INSERT INTO store_daily_sales (store_id, day, state, orders, revenue, items)
     SELECT o.store_id, ${tehranDaySql("o.created_at")}, o.state, count(*), sum(o.total), sum(o.item_count)
       FROM orders o
      WHERE o.store_id = $1 AND ${placedBetween("$2", "$3")}
      GROUP BY 1, 2, 3`,
    [storeId, from, to],
  );
  const [removed] = (await manager.query(`DELETE FROM store_daily_buyers WHERE store_id = $1 AND day BETWEEN $2 AND $3 RETURNING user_id`, [
    storeId,
    from,
    to,
  ])) as [Array<{ user_id: string }>, number];
  const added = (await manager.query(
    `INSERT INTO store_daily_buyers (store_id, day, user_id)
     SELECT DISTINCT o.store_id, ${tehranDaySql("o.created_at")}, o.user_id
       FROM orders o
      WHERE o.store_id = $1 AND ${placedBetween("$2", "$3")} AND o.state = ANY($4) AND o.user_id IS NOT NULL
     RETURNING user_id`,
    [storeId, from, to, [...REVENUE_STATES]],
  )) as Array<{ user_id: string }>;
  // The first-purchase day of every buyer these days had or have now, from all their buyer rows.
  const users = [...new Set([...removed, ...added].map((row) => row.user_id))];
  if (users.length > 0) {
    await manager.query(`DELETE FROM store_first_purchases WHERE store_id = $1 AND user_id = ANY($2::uuid[])`, [storeId, users]);
    await manager.query(
      `INSERT INTO store_first_purchases (store_id, user_id, day)
       SELECT store_id, user_id, min(day) FROM store_daily_buyers WHERE store_id = $1 AND user_id = ANY($2::uuid[]) GROUP BY store_id, user_id`,
      [storeId, users],
    );
  }
  await manager.query(`DELETE FROM store_daily_product_sales WHERE store_id = $1 AND day BETWEEN $2 AND $3`, [storeId, from, to]);
  await manager.query(
    `INSERT INTO store_daily_product_sales (store_id, day, product_id, orders, quantity, revenue)
     SELECT o.store_id, ${tehranDaySql("o.created_at")}, l.product_id, count(DISTINCT o.id), sum(l.quantity), sum(l.line_total)
       FROM orders o
       JOIN order_lines l ON l.store_id = o.store_id AND l.order_id = o.id
      WHERE o.store_id = $1 AND ${placedBetween("$2", "$3")} AND o.state = ANY($4) AND l.product_id IS NOT NULL
      GROUP BY 1, 2, 3`,
    [storeId, from, to, [...REVENUE_STATES]],
  );
}

/** The Tehran day an order was placed on, or null when the store has no such order. */
export async function orderDay(manager: EntityManager, storeId: string, orderId: string): Promise<string | null> {
  const rows = (await manager.query(
    `SELECT to_char(${tehranDaySql("created_at")}, 'YYYY-MM-DD') AS day FROM orders WHERE store_id = $1 AND id = $2`,
    [storeId, orderId],
  )) as Array<{ day: string }>;
  return rows[0]?.day ?? null;
}

/** Recomputes every day a store has orders on (a backfill: after an import, a seed, or a change of what counts). */
export async function rebuildStore(manager: EntityManager, storeId: string): Promise<void> {
  const [span] = (await manager.query(
    `SELECT to_char(min(${tehranDaySql("created_at")}), 'YYYY-MM-DD') AS first, to_char(max(${tehranDaySql("created_at")}), 'YYYY-MM-DD') AS last FROM orders WHERE store_id = $1`,
    [storeId],
  )) as Array<{ first: string | null; last: string | null }>;
  if (!span?.first || !span.last) return;
  await refreshStoreDays(manager, storeId, span.first, span.last);
}
