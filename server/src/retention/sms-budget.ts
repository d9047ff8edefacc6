import type { EntityManager } from "typeorm";

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

/** Each store's budgeted SMS today, for a page of stores (the back office's list). */
export async function budgetedSmsTodayByStore(manager: EntityManager, storeIds: string[]): Promise<Map<string, number>> {
  if (storeIds.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT store_id, count(*)::int AS used FROM sms_messages
      WHERE store_id = ANY($1::uuid[]) AND kind = ANY($2::text[])
        AND created_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Tehran') AT TIME ZONE 'Asia/Tehran'
      GROUP BY store_id`,
    [storeIds, [...BUDGETED_SMS_KINDS]],
  )) as Array<{ store_id: string; used: number }>;
  return new Map(rows.map((row) => [row.store_id, row.used]));
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
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('sms-budget:' || $1, 0))`, [storeId]);
  const used = await budgetedSmsToday(manager, storeId);
  return { allowed: Math.max(0, Math.min(count, budget - used)), used };
}
