import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import { systemContext } from "../core/context.js";
import type { Queues } from "../jobs/queues.js";
import { enqueueSms } from "../messaging/sms.queue.js";
import { recordSms, type SmsJobData } from "../messaging/sms.service.js";
import { Order } from "../orders/order.entity.js";
import type { Logger } from "../platform/logger.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { Store } from "../tenancy/store.entity.js";
import { formatNumber } from "@mall/locale";
import { takeSmsBudget } from "./sms-budget.js";

export interface RetentionDeps {
  dataSource: DataSource;
  queues: Queues;
  logger: Logger;
  config: Pick<Config, "SMS_PROVIDER" | "SMS_RETRY_ATTEMPTS" | "SMS_RETRY_DELAY_MS" | "PUBLIC_URL" | "PLATFORM_DOMAIN">;
}

/** The reminder, short and polite: the store, the order, how long the goods are still held, and the link that resumes payment. */
export function reminderText(input: { storeName: string; number: number; minutesLeft: number; link: string }): string {
  const order = `سفارش ${formatNumber(input.number, { grouping: false })}`;
  return [
    `«${input.storeName}»: ${order} شما هنوز پرداخت نشده است.`,
    `کالاها تا ${formatNumber(Math.max(1, input.minutesLeft))} دقیقهٔ دیگر برایتان نگه داشته می‌شود. پرداخت: ${input.link}`,
  ].join("\n");
}

export type ReminderOutcome = "sent" | "over_budget" | "not_due" | "not_pending" | "too_late" | "already" | "off" | "not_found";

/**
 * Sends an unpaid order its one reminder, if it is due: still waiting for
 * payment, the store's delay passed, the reservation not over, no reminder
 * yet, and the store's daily SMS budget not spent (then the reminder is
 * skipped for good). The order row is locked and marked in the transaction
 * that records the SMS, so a second run, concurrent or later, sends nothing.
 * The SMS carries the reservation's end as its expiry: a message still
 * queued when the goods go back on the shelf is not sent.
 */
export async function remindUnpaidOrder(deps: RetentionDeps, storeId: string, orderId: string): Promise<ReminderOutcome> {
  const result = await deps.dataSource.transaction(async (manager): Promise<{ outcome: ReminderOutcome; sms?: SmsJobData }> => {
    const order = await manager.findOne(Order, { where: { storeId, id: orderId }, lock: { mode: "pessimistic_write" } });
    if (!order) return { outcome: "not_found" };
    if (order.reminderAt) return { outcome: "already" };
    if (order.state !== "pending_payment") return { outcome: "not_pending" };
    const now = Date.now();
    if (!order.reservedUntil || order.reservedUntil.getTime() <= now) return { outcome: "too_late" };
    const store = await manager.findOneByOrFail(Store, { id: storeId });
    if (store.unpaidReminderMinutes === null) return { outcome: "off" };
    if (order.createdAt.getTime() + store.unpaidReminderMinutes * 60_000 > now) return { outcome: "not_due" };
    const { allowed } = await takeSmsBudget(manager, storeId, store.smsDailyBudget);
    if (allowed === 0) {
      await manager.update(Order, { storeId, id: orderId }, { reminderAt: new Date() });
      return { outcome: "over_budget" };
    }
    const text = reminderText({
      storeName: store.name,
      number: order.number,
      minutesLeft: Math.floor((order.reservedUntil.getTime() - now) / 60_000),
      link: `${storeOrigin(deps.config, store)}/order/?id=${order.id}`,
    });
    const sms = await recordSms(
      systemContext(manager, "retention"),
      { kind: "reminder", to: order.customerPhone, text, storeId, expiresAt: order.reservedUntil },
      deps.config,
    );
    await manager.update(Order, { storeId, id: orderId }, { reminderAt: new Date(), reminderSmsId: sms.messageId });
    return { outcome: "sent", sms };
  });
  if (result.sms) await enqueueSms(deps, result.sms);
  if (result.outcome === "over_budget")
    deps.logger.warn({ storeId, orderId }, "unpaid-order reminder skipped: the store's daily SMS budget is spent");
  return result.outcome;
}

/** Orders whose reminder is due and not yet dealt with, across stores, soonest to expire first (for the sweeper). */
export async function dueReminders(dataSource: DataSource, limit = 200): Promise<Array<{ storeId: string; orderId: string }>> {
  const rows = (await dataSource.query(
    `SELECT o.store_id, o.id FROM orders o JOIN stores s ON s.id = o.store_id
      WHERE o.state = 'pending_payment' AND o.reserved_until > now() AND o.reminder_at IS NULL
        AND s.unpaid_reminder_minutes IS NOT NULL
        AND o.created_at + make_interval(mins => s.unpaid_reminder_minutes) <= now()
      ORDER BY o.reserved_until LIMIT $1`,
    [limit],
  )) as Array<{ store_id: string; id: string }>;
  return rows.map((row) => ({ storeId: row.store_id, orderId: row.id }));
}

/**
 * Schedules the reminder of a newly placed order: one delayed job per order
 * (jobId `remind-{orderId}`), at the store's delay after placement; no job
 * when the store sends no reminders. The sweeper catches any job Redis lost.
 */
export async function scheduleReminder(
  deps: Pick<RetentionDeps, "dataSource" | "queues">,
  storeId: string,
  orderId: string,
): Promise<boolean> {
  const [row] = (await deps.dataSource.query(
    `SELECT s.unpaid_reminder_minutes AS minutes, o.created_at FROM orders o JOIN stores s ON s.id = o.store_id WHERE o.store_id = $1 AND o.id = $2`,
    [storeId, orderId],
  )) as Array<{ minutes: number | null; created_at: Date }>;
  if (!row || row.minutes === null) return false;
  const delay = Math.max(0, new Date(row.created_at).getTime() + row.minutes * 60_000 - Date.now() + 1000);
  await deps.queues
    .get("retention")
    .add("remind", { storeId, orderId }, { jobId: `remind-${orderId}`, delay, attempts: 8, backoff: { type: "exponential", delay: 2000 } });
  return true;
}

/** Sends every reminder that is due and has not gone out (its delayed job lost, or the delay changed since). */
export async function sweepReminders(deps: RetentionDeps): Promise<number> {
  let sent = 0;
  for (const due of await dueReminders(deps.dataSource)) if ((await remindUnpaidOrder(deps, due.storeId, due.orderId)) === "sent") sent++;
  return sent;
}
