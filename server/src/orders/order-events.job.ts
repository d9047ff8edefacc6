import type { Job } from "bullmq";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import type { EventJobData } from "../jobs/events.js";
import type { Queues } from "../jobs/queues.js";
import { SmsMessage } from "../messaging/sms-message.entity.js";
import { enqueueSms } from "../messaging/sms.queue.js";
import { recordSms, type SmsJobData } from "../messaging/sms.service.js";
import { systemContext } from "../core/context.js";
import type { Logger } from "../platform/logger.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { Store } from "../tenancy/store.entity.js";
import { STOCK_HELD_STATES, type OrderState } from "./order-state.js";
import { Order, OrderHistory } from "./order.entity.js";
import { scheduleOrderExpiry } from "./order-expiry.job.js";
import { formatNumber } from "@mall/locale";

/** The moves a shopper hears about by SMS. */
export const SMS_STATES: readonly OrderState[] = ["paid", "shipped", "cancelled", "refunded"];

/** The Persian SMS for a move, or null when the shopper is not texted about it. */
export function orderSmsText(input: {
  storeName: string;
  number: number;
  from: OrderState | null;
  to: OrderState;
  shippingName: string;
  trackingCode: string | null;
  reason: string | null;
  link: string;
}): string | null {
  const order = `سفارش ${formatNumber(input.number, { grouping: false })}`;
  const where = `«${input.storeName}»`;
  switch (input.to) {
    case "paid":
      return [`${order} شما در ${where} پرداخت شد و به‌زودی آماده و ارسال می‌شود.`, `پیگیری: ${input.link}`].join("\n");
    case "shipped":
      return [
        `${order} شما از ${where} با ${input.shippingName} ارسال شد.`,
        ...(input.trackingCode ? [`کد رهگیری: ${input.trackingCode}`] : []),
        `پیگیری: ${input.link}`,
      ].join("\n");
    case "cancelled": {
      const refund =
        input.from !== null && input.from !== "pending_payment" && STOCK_HELD_STATES.includes(input.from)
          ? " مبلغ پرداختی به حساب شما بازگردانده می‌شود."
          : "";
      return [`${order} شما در ${where} لغو شد.${input.reason ? ` ${input.reason}` : ""}${refund}`, `پیگیری: ${input.link}`].join("\n");
    }
    // The reason says how much went back and how (refund.service.ts writes it for the shopper to read).
    case "refunded":
      return [`مبلغ ${order} شما در ${where} بازگردانده شد.${input.reason ? ` ${input.reason}` : ""}`, `پیگیری: ${input.link}`].join("\n");
    default:
      return null;
  }
}

export interface OrderEventsDeps {
  dataSource: DataSource;
  queues: Queues;
  logger: Logger;
  config: Pick<Config, "SMS_PROVIDER" | "SMS_RETRY_ATTEMPTS" | "SMS_RETRY_DELAY_MS" | "PUBLIC_URL" | "PLATFORM_DOMAIN">;
}

/**
 * Texts the shopper about one move (its order_history row), once: the SMS is
 * recorded and linked to the row in one transaction, so a replayed event
 * finds the link and sends nothing new (a record still queued is handed to
 * the queue again under the same job id, which is harmless).
 */
export async function notifyShopper(deps: OrderEventsDeps, storeId: string, historyId: string): Promise<SmsJobData | null> {
  const sms = await deps.dataSource.transaction(async (manager) => {
    const ctx = systemContext(manager, "order-events");
    const history = await manager
      .getRepository(OrderHistory)
      .findOne({ where: { storeId, id: historyId }, lock: { mode: "pessimistic_write" } });
    if (!history) return null;
    if (history.smsMessageId) {
      const sent = await manager.findOneBy(SmsMessage, { id: history.smsMessageId });
      return sent && sent.status === "queued"
        ? { messageId: sent.id, kind: sent.kind, to: sent.phone, text: sent.text, storeId: sent.storeId }
        : null;
    }
    const order = await manager.findOneByOrFail(Order, { storeId, id: history.orderId });
    const store = await manager.findOneByOrFail(Store, { id: storeId });
    const text = orderSmsText({
      storeName: store.name,
      number: order.number,
      from: history.fromState,
      to: history.toState,
      shippingName: order.shippingName,
      trackingCode: history.trackingCode ?? order.trackingCode,
      reason: history.reason,
      link: `${storeOrigin(deps.config, store)}/order/?id=${order.id}`,
    });
    if (!text) return null;
    const job = await recordSms(ctx, { kind: "notice", to: order.customerPhone, text, storeId }, deps.config);
    await manager.update(OrderHistory, { storeId, id: history.id }, { smsMessageId: job.messageId });
    return job;
  });
  if (sms) await enqueueSms(deps, sms);
  return sms;
}

/**
 * The `order-events` listener of `order.changed`: a new order gets its
 * delayed expiry job; paid, shipped, cancelled and refunded text the shopper.
 * (Analytics rows join here with their issue.) Safe to run twice per event.
 */
export function orderEventsListener(deps: OrderEventsDeps) {
  return async (job: Job<EventJobData>) => {
    const { storeId, entityId, payload } = job.data;
    if (!storeId) return;
    const to = payload.to as OrderState;
    if (payload.from === null && to === "pending_payment" && typeof payload.reservedUntil === "string") {
      await scheduleOrderExpiry(deps.queues, { storeId, orderId: entityId, reservedUntil: payload.reservedUntil });
    }
    if (SMS_STATES.includes(to) && typeof payload.historyId === "string") await notifyShopper(deps, storeId, payload.historyId);
  };
}
