import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import type { Platform } from "../platform/platform.js";
import { ProductCache } from "./product-cache.js";

/**
 * The `product-cache` listener: a catalog change (product, model, category,
 * attribute, media) or an order (stock reserved or given back) makes the
 * store's cached product reads stale, so it forgets them. A replayed event
 * only forgets them once more.
 */
export function productCacheJob(platform: Pick<Platform, "redis" | "config" | "logger">) {
  const cache = new ProductCache(platform.redis, platform.config.PRODUCT_CACHE_SECONDS, platform.logger);
  return async (job: Job<EventJobData>) => {
    if (job.data.storeId) await cache.invalidate(job.data.storeId);
  };
}
