import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import type { MediaStorage } from "../media/storage.js";
import type { Platform } from "../platform/platform.js";
import { buildLanding, requestLandingBuild } from "./landing-build.service.js";
import { buildSite, requestSiteBuild } from "./site-build.service.js";
import { syncHostLinks } from "./site-hosts.js";

/**
 * The `site-rebuild` listener: every catalog or store-settings event asks for
 * a (debounced) build of its store, and a store change also updates the host
 * links nginx serves by and asks for a (debounced) build of the landing page,
 * whose numbers and featured stores it may change (a store approved from a
 * request, suspended or renamed). Doing any of it twice is harmless.
 */
export function siteRebuildListener(platform: Platform) {
  return async (job: Job<EventJobData>) => {
    const { storeId, type, payload } = job.data;
    if (!storeId) return;
    // A suspension or an address change takes effect for nginx at once, before any rebuild.
    if (type === "store.changed") {
      const previous = Array.isArray(payload.previousHosts) ? payload.previousHosts.filter((h): h is string => typeof h === "string") : [];
      await syncHostLinks(platform.dataSource, platform.config, storeId, previous);
      await requestLandingBuild(platform.queues, type);
    }
    await requestSiteBuild(platform.queues, storeId, type);
  };
}

/** The `site-build` queue: one build (a store's site, or the landing page); a failed build is recorded, not retried (the next change builds again). */
export function siteBuildJob(platform: Platform & { mediaStorage: MediaStorage }) {
  return async (job: Job<{ storeId: string; trigger: string } | { landing: true; trigger: string }>) => {
    if ("landing" in job.data) return { status: (await buildLanding(platform, job.data.trigger)).status };
    const build = await buildSite(platform, job.data.storeId, job.data.trigger);
    return { buildId: build.id, status: build.status };
  };
}
