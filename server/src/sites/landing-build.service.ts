import { withAdvisoryLock } from "../db/advisory-lock.js";
import { randomUUID } from "node:crypto";
import type { Queues } from "../jobs/queues.js";
import type { Platform } from "../platform/platform.js";
import { createLandingSnapshot } from "./landing-snapshot.js";
import { buildAndPublish } from "./site-builder.js";
import { syncLandingHostLink } from "./site-hosts.js";
import { LANDING_SITE } from "./site-paths.js";

/** Store changes in a burst (approvals, suspensions, renames) make one landing build. */
export const LANDING_BUILD_DEBOUNCE_MS = 5000;

export interface LandingBuild {
  status: "succeeded" | "failed";
  pageCount: number | null;
  durationMs: number;
  error: string | null;
}

/** Asks for a (debounced) build of the landing page, on the site-build queue beside the stores' builds. */
export async function requestLandingBuild(queues: Queues, trigger: string): Promise<void> {
  await queues.get("site-build").add(
    "landing",
    { landing: true, trigger },
    {
      delay: LANDING_BUILD_DEBOUNCE_MS,
      deduplication: { id: "site-landing", ttl: LANDING_BUILD_DEBOUNCE_MS, extend: true, replace: true },
    },
  );
}

/**
 * Builds the platform's landing page now (same Astro project and builder as
 * the stores' sites, into `{SITES_DIR}/_landing`) and makes it live, with
 * the `hosts/{PLATFORM_DOMAIN}` link nginx serves it by. A failed build
 * leaves the live page serving. Landing builds never overlap (an advisory
 * lock, as for a store). There is no site_builds row: those belong to a store.
 */
export async function buildLanding(platform: Platform, trigger: string, options: { timeoutMs?: number } = {}): Promise<LandingBuild> {
  return withAdvisoryLock(platform.dataSource, `site-build:${LANDING_SITE}`, () => buildLandingLocked(platform, trigger, options));
}

async function buildLandingLocked(platform: Platform, trigger: string, options: { timeoutMs?: number }): Promise<LandingBuild> {
  const { dataSource, config, logger } = platform;
  const started = Date.now();
  try {
    const snapshot = await createLandingSnapshot(dataSource.manager, config);
    const result = await buildAndPublish({
      sitesDir: config.SITES_DIR,
      storeId: LANDING_SITE,
      buildId: `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}-${randomUUID().slice(0, 8)}`,
      snapshot,
      full: true,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    await syncLandingHostLink(config);
    logger.info({ trigger, ms: Date.now() - started, featured: snapshot.featured.length }, "landing page built");
    return { status: "succeeded", pageCount: result.pageCount, durationMs: Date.now() - started, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 4000) : String(error);
    logger.error({ trigger, err: message }, "landing page build failed");
    return { status: "failed", pageCount: null, durationMs: Date.now() - started, error: message };
  }
}
