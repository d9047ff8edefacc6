import { withAdvisoryLock } from "../db/advisory-lock.js";
import type { Queues } from "../jobs/queues.js";
import type { MediaStorage } from "../media/storage.js";
import type { Platform } from "../platform/platform.js";
import { Store } from "../tenancy/store.entity.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { createCatalogSnapshot } from "./catalog-snapshot.js";
import { SiteBuild } from "./site-build.entity.js";
import { buildAndPublish } from "./site-builder.js";
import { syncHostLinks } from "./site-hosts.js";

/** How long a build waits for more changes before it starts: edits in a burst make one build. */
export const BUILD_DEBOUNCE_MS = 2000;

/**
 * Asks for a build of a store's site. Requests for the same store within the
 * debounce window collapse into one pending build (BullMQ deduplication keyed
 * by the store, its delay extended by each new request).
 */
export async function requestSiteBuild(queues: Queues, storeId: string, trigger: string): Promise<void> {
  await queues
    .get("site-build")
    .add(
      "build",
      { storeId, trigger },
      { delay: BUILD_DEBOUNCE_MS, deduplication: { id: `site-${storeId}`, ttl: BUILD_DEBOUNCE_MS, extend: true, replace: true } },
    );
}

/**
 * Builds a store's site now and makes it live; records the build (state,
 * duration, pages, error). A failed build leaves the live site serving.
 * Builds of one store never overlap, whichever process runs them: a
 * PostgreSQL advisory lock keyed by the store is held for the build
 * (transaction-scoped, so it holds behind PgBouncer: see withAdvisoryLock).
 */
export async function buildSite(
  platform: Platform & { mediaStorage: MediaStorage },
  storeId: string,
  trigger: string,
  options: { onProgress?: (stage: string) => void; timeoutMs?: number; full?: boolean } = {},
): Promise<SiteBuild> {
  const { onProgress } = options;
  const { dataSource, config } = platform;
  onProgress?.("waiting for other builds of this store");
  return withAdvisoryLock(dataSource, `site-build:${storeId}`, async () => {
    // Holding the lock, no other build of this store is running: a row still "building" is one whose process died
    // (the lock went with its connection). It is recorded as failed, so `mall site builds` does not show it as running forever.
    await dataSource.query(
      `UPDATE site_builds SET status = 'failed', error = 'interrupted: the process running this build stopped', finished_at = now() WHERE store_id = $1 AND status = 'building'`,
      [storeId],
    );
    const builds = dataSource.getRepository(SiteBuild);
    const build = await builds.save(builds.create({ storeId, status: "building", trigger }));
    const started = Date.now();
    try {
      onProgress?.("reading the catalog");
      const store = await dataSource.getRepository(Store).findOneByOrFail({ id: storeId });
      const snapshot = await createCatalogSnapshot(dataSource.manager, storeId, storeOrigin(config, store), platform.mediaStorage);
      platform.logger.debug({ storeId, ms: Date.now() - started, products: snapshot.products.length }, "site build: snapshot read");
      onProgress?.(`building ${snapshot.products.length} products`);
      const result = await buildAndPublish({
        sitesDir: config.SITES_DIR,
        storeId,
        buildId: build.id,
        snapshot,
        full: options.full ?? false,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
      await syncHostLinks(dataSource, config, storeId);
      Object.assign(build, {
        status: "succeeded",
        mode: result.mode,
        pageCount: result.pageCount,
        durationMs: Date.now() - started,
        finishedAt: new Date(),
      });
    } catch (error) {
      Object.assign(build, {
        status: "failed",
        error: error instanceof Error ? error.message.slice(0, 4000) : String(error),
        durationMs: Date.now() - started,
        finishedAt: new Date(),
      });
      platform.logger.error({ storeId, buildId: build.id, err: build.error }, "site build failed");
    }
    await builds.save(build);
    onProgress?.(build.status);
    return build;
  });
}

/** The latest builds of a store, newest first. */
export function latestBuilds(platform: Platform, storeId: string, limit = 10): Promise<SiteBuild[]> {
  return platform.dataSource.getRepository(SiteBuild).find({ where: { storeId }, order: { createdAt: "DESC" }, take: limit });
}
