import { UnrecoverableError, type Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import type { Queues } from "../jobs/queues.js";
import { delayJob, productsOfEvent, requestProductSync, type ProductSyncJobData } from "./social-jobs.js";
import { TelegramChannel } from "./telegram-channel.entity.js";
import {
  ChannelBusyError,
  syncProductToChannel,
  TelegramRefusedError,
  type SyncOutcome,
  type TelegramSyncDeps,
} from "./telegram-sync.service.js";

export interface TelegramSyncJobDeps extends Omit<TelegramSyncDeps, "telegram"> {
  /** Null when no bot token is configured: events are dropped, nothing is posted. */
  telegram: TelegramSyncDeps["telegram"] | null;
  queues: Queues;
  delayMs: number;
}

/**
 * The `telegram-sync` queue. Catalog events (`evt-<outbox id>` jobs) ask for
 * a debounced `sync` of their product when the store has a channel; a
 * `sync` job brings the product's post in line. Outages are retried with
 * the queue's long backoff; a channel that is busy (our limit, or Telegram's
 * flood control) hands the job back for later without spending an attempt;
 * what Telegram refuses for good is not retried.
 */
export function telegramSyncJob(deps: TelegramSyncJobDeps) {
  return async (job: Job, token?: string): Promise<SyncOutcome | "requested" | "ignored"> => {
    if (job.name === "post-all") {
      // «ارسال همه محصولات»: a sync for each active product; each decides for itself (telegram-sync.service.ts).
      const { storeId } = job.data as { storeId: string };
      if (!deps.telegram) return "ignored";
      const rows: Array<{ id: string }> = await deps.dataSource.query(
        `SELECT id FROM products WHERE store_id = $1 AND is_active ORDER BY created_at`,
        [storeId],
      );
      await deps.queues
        .get("telegram-sync")
        .addBulk(rows.map((row) => ({ name: "sync", data: { storeId, productId: row.id } satisfies ProductSyncJobData })));
      return "requested";
    }
    if (job.name !== "sync") {
      const event = job.data as EventJobData;
      const productIds = productsOfEvent(event);
      const { storeId } = event;
      if (!deps.telegram || !storeId || productIds.length === 0) return "ignored";
      if (!(await deps.dataSource.manager.existsBy(TelegramChannel, { storeId, status: "active" }))) return "ignored";
      for (const productId of productIds) await requestProductSync(deps.queues, "telegram-sync", { storeId, productId }, deps.delayMs);
      return "requested";
    }
    if (!deps.telegram) return "no-channel";
    const { storeId, productId } = job.data as ProductSyncJobData;
    try {
      return await syncProductToChannel({ ...deps, telegram: deps.telegram }, storeId, productId);
    } catch (error) {
      if (error instanceof ChannelBusyError) return delayJob(job, token, error.waitMs);
      if (error instanceof TelegramRefusedError) {
        deps.logger.error({ storeId, productId, err: error.message }, "telegram refused a channel post; not retried");
        throw new UnrecoverableError(error.message);
      }
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        deps.logger.error(
          { storeId, productId, attempts: job.attemptsMade + 1, err: (error as Error).message },
          "telegram channel sync gave up",
        );
      }
      throw error;
    }
  };
}
