import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import type { Queues } from "../jobs/queues.js";
import { InstagramAccount } from "./instagram.entity.js";
import { ContainerPendingError, publishProductToInstagram, type InstagramPublishDeps, type PublishOutcome } from "./instagram.service.js";
import { delayJob, productsOfEvent, requestProductSync, type ProductSyncJobData } from "./social-jobs.js";

export interface InstagramPublishJobDeps extends InstagramPublishDeps {
  queues: Queues;
  delayMs: number;
}

/**
 * The `instagram-sync` queue: catalog events ask for a debounced `sync` of
 * their product when the store has an Instagram account; a `sync` job
 * publishes the product if it is new and not yet published. Outages and
 * rate limits are retried with the queue's long backoff; a container still
 * processing hands the job back for later without spending an attempt.
 */
export function instagramPublishJob(deps: InstagramPublishJobDeps) {
  return async (job: Job, token?: string): Promise<PublishOutcome | "requested" | "ignored"> => {
    if (job.name !== "sync") {
      const event = job.data as EventJobData;
      const productIds = productsOfEvent(event);
      const { storeId } = event;
      if (!storeId || productIds.length === 0 || event.type === "media.deleted") return "ignored";
      if (!(await deps.dataSource.manager.existsBy(InstagramAccount, { storeId, status: "active" }))) return "ignored";
      for (const productId of productIds) await requestProductSync(deps.queues, "instagram-sync", { storeId, productId }, deps.delayMs);
      return "requested";
    }
    const { storeId, productId } = job.data as ProductSyncJobData;
    try {
      return await publishProductToInstagram(deps, storeId, productId);
    } catch (error) {
      if (error instanceof ContainerPendingError) return delayJob(job, token, error.waitMs);
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        deps.logger.error(
          { storeId, productId, attempts: job.attemptsMade + 1, err: (error as Error).message },
          "instagram publishing gave up",
        );
      }
      throw error;
    }
  };
}
