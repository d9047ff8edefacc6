import type { Job } from "bullmq";
import type { Queues } from "../jobs/queues.js";
import type { Platform } from "../platform/platform.js";
import { checkStoreDomain, domainsDueForCheck } from "./domain-setup.service.js";

/** How often the worker's sweep looks for own domains waiting for their DNS records or their certificate. */
export const DOMAIN_CHECK_EVERY_MS = 10 * 60_000;

/**
 * Asks the worker to check one store's domain now (the sweep, and the
 * merchant's «بررسی اکنون»): one job per store at a time (jobId
 * `check-{storeId}`; done or failed jobs are not kept, so the next request
 * is a new job), so two checks never order two certificates at once.
 */
export async function requestDomainCheck(queues: Queues, storeId: string): Promise<void> {
  await queues
    .get("domain-check")
    .add("check", { storeId }, { jobId: `check-${storeId}`, attempts: 1, removeOnComplete: true, removeOnFail: true });
}

/** True while a check of the store's domain waits for the worker or runs. */
export async function domainCheckPending(queues: Queues, storeId: string): Promise<boolean> {
  const job = await queues.get("domain-check").getJob(`check-${storeId}`);
  if (!job) return false;
  const state = await job.getState();
  return state === "waiting" || state === "active" || state === "delayed" || state === "prioritized" || state === "waiting-children";
}

/**
 * The `domain-check` queue: its repeatable `sweep` asks for a check of every
 * domain that is due (domainsDueForCheck), and each `check` takes one store's
 * domain one step further (checkStoreDomain: DNS records, then the
 * certificate). A domain that is not ready yet is not a failed job: what is
 * missing is kept on the store for the merchant.
 */
export function domainCheckJob(platform: Pick<Platform, "dataSource" | "config" | "logger" | "queues">) {
  return async (job: Job) => {
    if (job.name === "sweep") {
      const due = await domainsDueForCheck(platform);
      for (const storeId of due) await requestDomainCheck(platform.queues, storeId);
      return { requested: due.length };
    }
    const { storeId } = job.data as { storeId: string };
    const status = await checkStoreDomain(platform, storeId);
    return { phase: status.phase, error: status.error };
  };
}
