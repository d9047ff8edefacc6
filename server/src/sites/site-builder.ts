import { spawn } from "node:child_process";
import { mkdir, readdir, readlink, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LandingSnapshot } from "@mall/sites/landing-snapshot";
import type { Snapshot } from "@mall/sites/snapshot";
import { sitePaths } from "./site-paths.js";

/**
 * Run by Node itself: the sites/ scripts use only erasable TypeScript and
 * import each other with `.ts` suffixes, which Node 24 strips natively, so a
 * build needs no tsx (a dev tool) in the production image.
 */
const BUILD_SCRIPT = fileURLToPath(new URL("../../../sites/src/build-site.ts", import.meta.url));
/** Builds kept besides the live one, for a quick look back; older ones are removed. */
const KEEP_BUILDS = 2;

export interface BuiltSite {
  pageCount: number;
  outDir: string;
  /** Incremental when only the pages the change touches were built and the rest linked from the live build. */
  mode: "full" | "incremental";
  /** How many pages the plan rebuilt when the build was incremental; null for a full build. */
  rebuilt: number | null;
}

export class SiteBuildError extends Error {}

/**
 * Builds a snapshot into a new folder with Astro in a child process, then
 * makes it live by swapping the `current` link. A failed build throws and
 * leaves the live site as it was. A landing snapshot builds the platform's
 * landing page the same way (always in full: it is one small page).
 */
export async function buildAndPublish(options: {
  sitesDir: string;
  /** The site's folder under sitesDir: the store's id, or LANDING_SITE. */
  storeId: string;
  buildId: string;
  snapshot: Snapshot | LandingSnapshot;
  timeoutMs?: number;
  /** Build every page even when the live build could supply the unchanged ones. */
  full?: boolean;
}): Promise<BuiltSite> {
  const paths = sitePaths(options.sitesDir, options.storeId);
  await mkdir(paths.builds, { recursive: true });
  const outDir = paths.build(options.buildId);
  // Each build keeps the snapshot it was made from, for the next incremental build to compare with.
  const snapshotFile = paths.snapshot(options.buildId);
  await writeFile(snapshotFile, JSON.stringify(options.snapshot));
  const { snapshot } = options;
  const landing = "kind" in snapshot;
  const live = options.full || landing ? null : await readlink(paths.current).catch(() => null);
  try {
    const result = await runAstroBuild({
      snapshotFile,
      outDir,
      kind: landing ? "landing" : "store",
      origin: "kind" in snapshot ? snapshot.platform.origin : snapshot.store.origin,
      timeoutMs: options.timeoutMs ?? 10 * 60_000,
      previous: live ? { build: live, snapshot: `${live}.snapshot.json` } : null,
    });
    const pageCount = await countPages(outDir);
    if (pageCount === 0) throw new SiteBuildError("the build wrote no pages");
    await swapCurrent(paths.current, outDir);
    // Old builds go after the new one is live, off the path from change to served page.
    void pruneBuilds(paths.builds, outDir).catch(() => {});
    return { pageCount, outDir, mode: result.mode, rebuilt: result.mode === "incremental" ? result.rebuilt : null };
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    await rm(snapshotFile, { force: true });
    throw error;
  }
}

function runAstroBuild(options: {
  snapshotFile: string;
  outDir: string;
  kind: "store" | "landing";
  origin: string;
  timeoutMs: number;
  previous: { build: string; snapshot: string } | null;
}): Promise<{ mode: "full" | "incremental"; rebuilt: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILD_SCRIPT], {
      env: {
        ...buildProcessEnvironment(process.env),
        MALL_SNAPSHOT: options.snapshotFile,
        MALL_OUT_DIR: options.outDir,
        MALL_SITE_ORIGIN: options.origin,
        // astro.config.mjs picks the pages by it: a store's site or the platform's landing page.
        MALL_SITE_KIND: options.kind,
        MALL_PREVIOUS_BUILD: options.previous?.build ?? "",
        MALL_PREVIOUS_SNAPSHOT: options.previous?.snapshot ?? "",
        ASTRO_TELEMETRY_DISABLED: "1",
        // A site is what shoppers download, whatever mode the platform runs in: React's production
        // build (about 190 KB less script than the development one a development or test NODE_ENV gave).
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (process.env.MALL_DEBUG_BUILD) process.stderr.write(output);
      const rebuilt = /"rebuilt":(\d+)/.exec(output)?.[1];
      if (code === 0)
        resolve({
          mode: /"mode":"incremental"/.test(output) ? "incremental" : "full",
          rebuilt: rebuilt === undefined ? null : Number(rebuilt),
        });
      else
        reject(
          new SiteBuildError(
            `astro build ${signal ? `killed by ${signal}` : `exited ${code}`}: ${output.trim().split("\n").slice(-8).join("\n")}`,
          ),
        );
    });
  });
}

/**
 * What the build child inherits of the worker's environment: what Node and
 * Astro need to run (paths, locale, time zone, temp folder, Node's own
 * options) and nothing else. The worker holds JWT_SECRET, PAYMENT_SECRET_KEY, EMALLS_TOKEN_SECRET,
 * database and Redis addresses, SMS and bot tokens; a build renders
 * merchant-written content and never needs any of them.
 */
const BUILD_ENVIRONMENT = [
  "PATH",
  "HOME",
  "TMPDIR",
  "TMP",
  "TEMP",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TZ",
  "NODE_OPTIONS",
  "MALL_BUILD_LOG",
] as const;

function buildProcessEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of BUILD_ENVIRONMENT) {
    const value = env[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

async function countPages(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(".html")).length;
}

/** Points `current` at the new build atomically: a new link under a temporary name, renamed over the old one. */
async function swapCurrent(current: string, target: string): Promise<void> {
  const temporary = `${current}.${basename(target)}.tmp`;
  await rm(temporary, { force: true });
  await symlink(target, temporary, "dir");
  await rename(temporary, current);
}

async function pruneBuilds(buildsDir: string, live: string): Promise<void> {
  const entries = await readdir(buildsDir, { withFileTypes: true });
  const older = await Promise.all(
    entries
      .map((entry) => ({ entry, path: join(buildsDir, entry.name) }))
      .filter(({ entry, path }) => entry.isDirectory() && path !== live)
      .map(async ({ path }) => ({ path, time: (await stat(path)).mtimeMs })),
  );
  older.sort((a, b) => b.time - a.time);
  for (const old of older.slice(KEEP_BUILDS)) {
    await rm(old.path, { recursive: true, force: true });
    await rm(`${old.path}.snapshot.json`, { force: true });
  }
}

/** The folder `current` points at, or null before the first build. */
export async function liveBuildDir(sitesDir: string, storeId: string): Promise<string | null> {
  try {
    return await readlink(sitePaths(sitesDir, storeId).current);
  } catch {
    return null;
  }
}
