import type { Platform } from "../platform/platform.js";
import { flushViewCounts } from "./product-views.js";

/** How often counted views reach PostgreSQL. */
export const VIEW_FLUSH_EVERY_MS = 60_000;

/** The `view-flush` queue's processor: a repeatable job (every minute) that runs flushViewCounts(). */
export function viewFlushJob(platform: Pick<Platform, "redis" | "dataSource">) {
  return async () => ({ views: await flushViewCounts(platform.redis, platform.dataSource) });
}
