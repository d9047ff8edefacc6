import { readFile } from "node:fs/promises";
import type { Snapshot } from "@mall/sites/snapshot";
import { withAdvisoryLock } from "../db/advisory-lock.js";
import type { Queues } from "../jobs/queues.js";
import type { MediaStorage } from "../media/storage.js";
import type { Platform } from "../platform/platform.js";
import { Store } from "../tenancy/store.entity.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { createCatalogSnapshot } from "./catalog-snapshot.js";
import { SiteBuild } from "./site-build.entity.js";
import { buildAndPublish, liveBuildDir } from "./site-builder.js";
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
 * How long the static copies of prices and stock may lag a change of them
 * alone (see isLiveOnlyChange): one catch-up build per store in this window,
 * however many prices a merchant or a CSV import changes in it, and none at
 * all when a regular build made in the meantime already carries them.
 */
export const CATCH_UP_DELAY_MS = 5 * 60_000;

const LIVE_PRODUCT_FIELDS = new Set(["basePrice"]);
const LIVE_INSTANCE_FIELDS = new Set(["price", "stock", "stockDelta"]);

/**
 * True when a catalog event changes only what pages read from the live
 * source: a stock move (orders, restocks), an instance's price or stock, a
 * product's base price. Names, pictures, categories, SKUs, a model turned on
 * or off and everything else change the HTML itself.
 */
export function isLiveOnlyChange(type: string, payload: Record<string, unknown>): boolean {
  const fields = Array.isArray(payload.fields) ? (payload.fields as unknown[]) : null;
  if (type === "instance.changed") {
    if (payload.change === "stock") return true;
    return payload.change === "updated" && fields !== null && fields.every((field) => LIVE_INSTANCE_FIELDS.has(String(field)));
  }
  if (type === "product.changed")
    return payload.change === "updated" && fields !== null && fields.every((field) => LIVE_PRODUCT_FIELDS.has(String(field)));
  return false;
}

/**
 * Asks for the catch-up build after a live-only change: once per store and
 * window (BullMQ deduplication by the store until the job has run; later
 * changes in the window ride on it). It never delays a regular build, which
 * has its own job, and finds nothing to do when one ran in between.
 */
export async function requestCatchUpBuild(queues: Queues, storeId: string, trigger: string): Promise<void> {
  await queues
    .get("site-build")
    .add("catch-up", { storeId, trigger, catchUp: true }, { delay: CATCH_UP_DELAY_MS, deduplication: { id: `site-catch-up-${storeId}` } });
}

/**
 * Builds a store's site now and makes it live; records the build (state,
 * duration, pages, error). A failed build leaves the live site serving.
 * Builds of one store never overlap, whichever process runs them: a
 * PostgreSQL advisory lock keyed by the store is held for the build
 * (transaction-scoped, so it holds behind PgBouncer: see withAdvisoryLock).
 */
export function buildSite(
  platform: Platform & { mediaStorage: MediaStorage },
  storeId: string,
  trigger: string,
  options: BuildOptions = {},
): Promise<SiteBuild> {
  return buildLocked(platform, storeId, trigger, options, false) as Promise<SiteBuild>;
}

/**
 * The catch-up build (requestCatchUpBuild): the same build, unless the
 * catalog reads exactly as the live build's snapshot (a regular build since
 * the change carried it already): then nothing is built, written or
 * recorded, and it answers null.
 */
export function catchUpSite(
  platform: Platform & { mediaStorage: MediaStorage },
  storeId: string,
  trigger: string,
): Promise<SiteBuild | null> {
  return buildLocked(platform, storeId, trigger, {}, true);
}

interface BuildOptions {
  onProgress?: (stage: string) => void;
  timeoutMs?: number;
  full?: boolean;
}

async function buildLocked(
  platform: Platform & { mediaStorage: MediaStorage },
  storeId: string,
  trigger: string,
  options: BuildOptions,
  skipUnchanged: boolean,
): Promise<SiteBuild | null> {
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
    const started = Date.now();
    const readSnapshot = async () => {
      const store = await dataSource.getRepository(Store).findOneByOrFail({ id: storeId });
      return createCatalogSnapshot(dataSource.manager, storeId, storeOrigin(config, store), platform.mediaStorage);
    };
    let snapshot: Snapshot | undefined;
    if (skipUnchanged) {
      snapshot = await readSnapshot();
      if (await sameAsLive(config.SITES_DIR, storeId, snapshot)) {
        platform.logger.debug({ storeId, trigger, ms: Date.now() - started }, "site build: nothing changed since the live build");
        return null;
      }
    }
    const builds = dataSource.getRepository(SiteBuild);
    const build = await builds.save(builds.create({ storeId, status: "building", trigger }));
    try {
      onProgress?.("reading the catalog");
      snapshot ??= await readSnapshot();
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

/** True when the live build was made from exactly this snapshot (its `.snapshot.json`, written by buildAndPublish). */
async function sameAsLive(sitesDir: string, storeId: string, snapshot: Snapshot): Promise<boolean> {
  const live = await liveBuildDir(sitesDir, storeId);
  if (!live) return false;
  const previous = await readFile(`${live}.snapshot.json`, "utf8").catch(() => null);
  return previous === JSON.stringify(snapshot);
}

/** The latest builds of a store, newest first. */
export function latestBuilds(platform: Platform, storeId: string, limit = 10): Promise<SiteBuild[]> {
  return platform.dataSource.getRepository(SiteBuild).find({ where: { storeId }, order: { createdAt: "DESC" }, take: limit });
}
