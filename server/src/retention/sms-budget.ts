import type { EntityManager } from "typeorm";
import { lockForTransaction } from "../db/advisory-lock.js";

/** The SMS kinds a store's daily budget counts (issue 27 #6): what the store sends to bring shoppers back. */
export const BUDGETED_SMS_KINDS = ["reminder", "restock"] as const;

/** The SMS of the budgeted kinds a store has queued or sent since midnight in Tehran. */
export async function budgetedSmsToday(manager: EntityManager, storeId: string): Promise<number> {
  const [row] = (await manager.query(
    `SELECT count(*)::int AS used FROM sms_messages
      WHERE store_id = $1 AND kind = ANY($2::text[])
        AND created_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Tehran') AT TIME ZONE 'Asia/Tehran'`,
    [storeId, [...BUDGETED_SMS_KINDS]],
  )) as Array<{ used: number }>;
  return row?.used ?? 0;
}

/** Today in Tehran, as a date (the budget's day). */
const TEHRAN_TODAY = `(now() AT TIME ZONE 'Asia/Tehran')::date`;

/**
 * Each store's budgeted SMS today and how many the budget held back today,
 * for a page of stores (the back office) or one (the settings): one query.
 */
export async function smsBudgetToday(manager: EntityManager, storeIds: string[]): Promise<Map<string, { used: number; withheld: number }>> {
  if (storeIds.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT s.id,
            (SELECT count(*)::int FROM sms_messages m
              WHERE m.store_id = s.id AND m.kind = ANY($2::text[])
                AND m.created_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Tehran') AT TIME ZONE 'Asia/Tehran') AS used,
            CASE WHEN s.sms_withheld_day = ${TEHRAN_TODAY} THEN s.sms_withheld_count ELSE 0 END AS withheld
       FROM stores s WHERE s.id = ANY($1::uuid[])`,
    [storeIds, [...BUDGETED_SMS_KINDS]],
  )) as Array<{ id: string; used: number; withheld: number }>;
  return new Map(rows.map((row) => [row.id, { used: row.used, withheld: row.withheld }]));
}

/**
 * Whether the store may send `count` more budgeted SMS today. Call it in the
 * transaction that records them: a transaction-scoped advisory lock per
 * store makes concurrent senders take turns, so two jobs never both spend
 * the last message (the count includes what the one before committed).
 */
export async function takeSmsBudget(
  manager: EntityManager,
  storeId: string,
  budget: number,
  count = 1,
): Promise<{ allowed: number; used: number }> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error("takeSmsBudget needs a transaction");
  await lockForTransaction(manager, "sms-budget", storeId);
  const used = await budgetedSmsToday(manager, storeId);
  const allowed = Math.max(0, Math.min(count, budget - used));
  // What the budget holds back is counted for the day, so the merchant sees why a message did not go.
  if (allowed < count)
    await manager.query(
      `UPDATE stores SET sms_withheld_count = CASE WHEN sms_withheld_day = ${TEHRAN_TODAY} THEN sms_withheld_count + $2 ELSE $2 END,
                         sms_withheld_day = ${TEHRAN_TODAY}
        WHERE id = $1`,
      [storeId, count - allowed],
    );
  return { allowed, used };
}
