import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import { remindUnpaidOrder, scheduleReminder, sweepReminders, type RetentionDeps } from "./unpaid-reminder.js";

/** How often the sweeper looks for reminders whose delayed job never ran. */
export const RETENTION_SWEEP_EVERY_MS = 60_000;

type RetentionJobData = EventJobData | { storeId: string; orderId: string };

/**
 * The `retention` queue: the `order.changed` listener (a new order waiting
 * for payment gets its delayed reminder), `remind` jobs (one per order) and
 * the repeatable `sweep`. Every step is safe to run twice.
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
    return {};
  };
}
