import { DelayedError, type Job, type JobsOptions } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import type { Queues } from "../jobs/queues.js";

/**
 * What the Telegram and Instagram sync queues share: which product an event
 * is about, the debounced "sync this product" job, and handing a job back
 * for later. (Their long retry schedule is in jobs/queues.ts.)
 */

export type SocialQueue = "telegram-sync" | "instagram-sync";

export interface ProductSyncJobData {
  storeId: string;
  productId: string;
}

/** The products an event is about (a batch of creations or instance changes names several), none for events that change no post. */
export function productsOfEvent(data: EventJobData): string[] {
  const named = Array.isArray(data.payload.productIds)
    ? data.payload.productIds.filter((id): id is string => typeof id === "string")
    : null;
  switch (data.type) {
    case "product.changed":
      return named ?? [data.entityId];
    case "instance.changed":
    case "media.deleted":
      if (named) return named;
      return typeof data.payload.productId === "string" ? [data.payload.productId] : [];
    default:
      return [];
  }
}

/**
 * Asks for a sync of one product, `delayMs` from now. Requests in a burst
 * collapse into one job (BullMQ deduplication per product, the delay
 * extended by each request). The deduplication window ends a little before
 * the job starts, so a change made while it runs always gets a run of its own.
 */
export async function requestProductSync(queues: Queues, queue: SocialQueue, target: ProductSyncJobData, delayMs: number): Promise<void> {
  const options: JobsOptions =
    delayMs > 0
      ? {
          delay: delayMs,
          deduplication: {
            id: `${queue}:${target.productId}`,
            ttl: Math.max(1, delayMs - Math.min(500, Math.floor(delayMs / 2))),
            extend: true,
            replace: true,
          },
        }
      : {};
  await queues.get(queue).add("sync", target, options);
}

/**
 * Hands a job back to its queue to run again in `ms`, without spending one
 * of its attempts (BullMQ's manual delay: move it, then throw DelayedError).
 */
export async function delayJob(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(1, Math.round(ms)), token);
  throw new DelayedError();
}
