import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import type { StoreCache } from "./store-cache.js";

/**
 * The `store-cache` listener: forgets the Host → store entries of a changed
 * store, so a suspension or a new domain takes effect on every replica.
 * Deleting keys twice is harmless, so a replayed event changes nothing.
 */
export function storeCacheJob(cache: StoreCache) {
  return async (job: Job<EventJobData>) => {
    const { storeId, payload } = job.data;
    if (!storeId) return;
    const slug = typeof payload.slug === "string" ? payload.slug : "";
    const customDomain = typeof payload.customDomain === "string" ? payload.customDomain : null;
    // A domain added, verified or removed: its remembered miss or hit goes too.
    const previousDomain = typeof payload.previousDomain === "string" ? payload.previousDomain : null;
    await cache.invalidate([
      { id: storeId, slug, customDomain },
      ...(previousDomain && previousDomain !== customDomain ? [{ id: storeId, slug, customDomain: previousDomain }] : []),
    ]);
  };
}
