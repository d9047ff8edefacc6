import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import type { Platform } from "../platform/platform.js";
import { buildSite, requestSiteBuild } from "./site-build.service.js";

/**
 * The `site-rebuild` listener: every catalog or store-settings event asks for
 * a (debounced) build of its store. Asking twice is harmless.
 */
export function siteRebuildListener(platform: Platform) {
  return async (job: Job<EventJobData>) => {
    if (job.data.storeId) await requestSiteBuild(platform.queues, job.data.storeId, job.data.type);
  };
}

/** The `site-build` queue: one build; a failed build is recorded, not retried (the next change builds again). */
export function siteBuildJob(platform: Platform) {
  return async (job: Job<{ storeId: string; trigger: string }>) => {
    const build = await buildSite(platform, job.data.storeId, job.data.trigger);
    return { buildId: build.id, status: build.status };
  };
}
