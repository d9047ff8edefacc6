import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import { notifyRestock } from "./restock.service.js";
import { remindUnpaidOrder, scheduleReminder, sweepReminders, type RetentionDeps } from "./unpaid-reminder.js";

/** How often the sweeper looks for reminders whose delayed job never ran. */
export const RETENTION_SWEEP_EVERY_MS = 60_000;

type RetentionJobData = EventJobData | { storeId: string; orderId: string };

/**
 * The `retention` queue: the `order.changed` listener (a new order waiting
 * for payment gets its delayed reminder), `remind` jobs (one per order), the
 * repeatable `sweep`, and the `instance.changed` listener (stock back: the
 * waiting shoppers are texted). Every step is safe to run twice.
 */
export function retentionJob(deps: RetentionDeps) {
  return async (job: Job<RetentionJobData>) => {
    if (job.name === "sweep") return { reminded: await sweepReminders(deps) };
    if (job.name === "remind") {
      const data = job.data as { storeId: string; orderId: string };
      return { outcome: await remindUnpaidOrder(deps, data.storeId, data.orderId) };
    }
    const event = job.data as EventJobData;
    if (event.type === "order.changed" && event.storeId && event.payload.from === null && event.payload.to === "pending_payment") {
      return { scheduled: await scheduleReminder(deps, event.storeId, event.entityId) };
    }
    // Stock came back (adjustStock's event: the delta and the stock after it): text the waiting shoppers.
    if (
      event.type === "instance.changed" &&
      event.storeId &&
      event.payload.change === "stock" &&
      typeof event.payload.delta === "number" &&
      event.payload.delta > 0
    ) {
      return { notified: await notifyRestock(deps, event.storeId, event.entityId, event.payload.delta, event.eventId) };
    }
    return {};
  };
}
