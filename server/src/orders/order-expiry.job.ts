import type { Job } from "bullmq";
import type { DataSource } from "typeorm";
import type { Queues } from "../jobs/queues.js";
import { systemContext } from "../core/context.js";
import type { Logger } from "../platform/logger.js";
import { dueReservations, expireOrder, pruneIdempotencyKeys, type ExpiryOutcome } from "./order.service.js";
import { retryTransaction } from "./retry.js";

/** How often the sweeper looks for reservations whose delayed job never came (Redis lost it, or it failed). */
export const ORDER_EXPIRY_SWEEP_EVERY_MS = 60_000;
/** The expiry job runs this long after the reservation ends, so the database clock agrees that it has. */
const EXPIRY_MARGIN_MS = 1000;

export interface ExpiryJobData {
  storeId: string;
  orderId: string;
}

/**
 * Schedules the delayed job that expires one order: one job per order
 * (jobId `expire-{orderId}`, so scheduling twice schedules once).
 */
export async function scheduleOrderExpiry(queues: Queues, order: ExpiryJobData & { reservedUntil: Date | string }): Promise<void> {
  const delay = Math.max(0, new Date(order.reservedUntil).getTime() - Date.now() + EXPIRY_MARGIN_MS);
  await queues
    .get("order-expiry")
    .add(
      "expire",
      { storeId: order.storeId, orderId: order.orderId },
      { jobId: `expire-${order.orderId}`, delay, attempts: 8, backoff: { type: "exponential", delay: 2000 } },
    );
}

/** Expires one order in its own transaction (retried on a deadlock or serialization failure). */
export function expireOrderNow(dataSource: DataSource, data: ExpiryJobData): Promise<ExpiryOutcome> {
  return retryTransaction(() =>
    dataSource.transaction((manager) => expireOrder(systemContext(manager, "order-expiry"), data.storeId, data.orderId)),
  );
}

/**
 * Expires every order past its reservation (a batch at a time) and forgets
 * day-old Idempotency-Keys: the safety net under the delayed jobs.
 */
export async function sweepExpiredOrders(dataSource: DataSource, batch = 200): Promise<number> {
  const due = await dueReservations(systemContext(dataSource.manager, "order-expiry"), batch);
  let expired = 0;
  for (const order of due) if ((await expireOrderNow(dataSource, order)) === "expired") expired++;
  await pruneIdempotencyKeys(systemContext(dataSource.manager, "order-expiry"));
  return expired;
}

/**
 * The `order-expiry` queue: `expire` jobs (one per order, delayed until its
 * reservation ends) and the repeatable `sweep`. An order paid or cancelled in
 * the meantime is left alone; a job that runs twice returns the stock once.
 */
export function orderExpiryJob(deps: { dataSource: DataSource; logger: Logger }) {
  return async (job: Job<ExpiryJobData>) => {
    if (job.name === "sweep") return { expired: await sweepExpiredOrders(deps.dataSource) };
    const outcome = await expireOrderNow(deps.dataSource, job.data);
    // Early by a clock's difference: throw so BullMQ tries again shortly (the sweeper would get it too).
    if (outcome === "not_due") throw new Error(`order ${job.data.orderId}: reservation not over yet`);
    if (outcome === "expired")
      deps.logger.info({ storeId: job.data.storeId, orderId: job.data.orderId }, "order reservation expired; stock returned");
    return { outcome };
  };
}
