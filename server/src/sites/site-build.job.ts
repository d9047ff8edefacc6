import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import type { MediaStorage } from "../media/storage.js";
import type { Platform } from "../platform/platform.js";
import { buildLanding, requestLandingBuild } from "./landing-build.service.js";
import { buildSite, catchUpSite, isLiveOnlyChange, requestCatchUpBuild, requestSiteBuild } from "./site-build.service.js";
import { syncHostLinks } from "./site-hosts.js";

/**
 * The `site-rebuild` listener: every catalog or store-settings event asks for
 * a (debounced) build of its store, and a store change also updates the host
 * links nginx serves by and asks for a (debounced) build of the landing page,
 * whose numbers and featured stores it may change (a store approved from a
 * request, suspended or renamed). Doing any of it twice is harmless.
 * A change of price or stock alone (a merchant's edit, an order's reservation)
 * builds nothing now: every page reads price and stock from the live source
 * (islands/live-prices.ts, live-product.ts), which shows it as soon as the
 * product cache forgets the old figure. It asks only for the catch-up build
 * that brings the static copies (no-script text, JSON-LD offers, browsing
 * indexes, price-comparison feeds) up to date within minutes.
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
    if (isLiveOnlyChange(type, payload)) await requestCatchUpBuild(platform.queues, storeId, type);
    else await requestSiteBuild(platform.queues, storeId, type);
  };
}

/**
 * The `site-build` queue: one build (a store's site, a store's catch-up after
 * price and stock changes, or the landing page); a failed build is recorded,
 * not retried (the next change builds again).
 */
export function siteBuildJob(platform: Platform & { mediaStorage: MediaStorage }) {
  return async (job: Job<{ storeId: string; trigger: string; catchUp?: boolean } | { landing: true; trigger: string }>) => {
    if ("landing" in job.data) return { status: (await buildLanding(platform, job.data.trigger)).status };
    const { storeId, trigger, catchUp } = job.data;
    const build = catchUp ? await catchUpSite(platform, storeId, trigger) : await buildSite(platform, storeId, trigger);
    if (!build) return { status: "unchanged" };
    return { buildId: build.id, status: build.status };
  };
}
