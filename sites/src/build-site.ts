/**
 * Builds one store's site:
 *   MALL_SNAPSHOT=… MALL_SITE_ORIGIN=… MALL_OUT_DIR=… tsx sites/src/build-site.ts
 * With MALL_PREVIOUS_SNAPSHOT and MALL_PREVIOUS_BUILD (the live build and the
 * snapshot it was made from), only the pages the change touches are built;
 * every other file is hard-linked from the previous build, so the result is
 * the same, byte for byte, as a full build of the same data.
 * The server's build job runs this in a child process per build, so a
 * crashing or leaking build never takes the worker with it.
 * With MALL_SITE_KIND=landing (and a landing snapshot) the same script builds
 * the platform's landing page from src/landing (astro.config.mjs), in full.
 */
import { build } from "astro";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cp, link, mkdir, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { planBuild, urlOfFile, type BuildPlan } from "./lib/incremental.ts";
import { precompress, twinsWhileRendering } from "./lib/precompress.ts";
import { isTwin } from "./lib/twins.ts";
import { snapshotSchema } from "./lib/snapshot.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = process.env.MALL_OUT_DIR;
const snapshotFile = process.env.MALL_SNAPSHOT;
if (!outDir || !snapshotFile) {
  process.stderr.write("MALL_SNAPSHOT and MALL_OUT_DIR are required\n");
  process.exit(2);
}
process.env.ASTRO_TELEMETRY_DISABLED = "1";
// Astro resolves some build folders (.astro/) from the working directory, and its prerender chunks must resolve packages from sites/.
process.chdir(root);

const readSnapshot = (file: string) => snapshotSchema.parse(JSON.parse(readFileSync(file, "utf8")));

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * Runs Astro into a work folder inside sites/, writes the compressed twins of
 * what it built (lib/precompress.ts: the pages' while Astro renders, the rest
 * after), and then moves the result to outDir.
 * Astro writes its intermediate prerender chunks beside the output
 * when the output is inside the working directory and into one shared
 * `.astro/` folder otherwise; concurrent builds (two workers, or the CLI and
 * a worker) must never share that folder, and the chunks must resolve
 * packages from sites/.
 */
let builds = 0;
/** Milliseconds per phase (Astro's render, the compressed twins), printed with the result for the build log and the bench. */
const phases = { astro: 0, precompress: 0, link: 0 };
async function astroBuild(): Promise<void> {
  // A folder of its own per build, also within one process: Node keeps the modules it loaded by their
  // address, so a full build after a partial one in the same folder ran the partial build's page chunks
  // and wrote no product or category page at all.
  const workDir = join(root, ".builds", `${basename(outDir!)}-${process.pid}-${++builds}`);
  await rm(workDir, { recursive: true, force: true });
  try {
    let phase = Date.now();
    const twins = twinsWhileRendering(workDir);
    try {
      await build({
        root,
        outDir: workDir,
        logLevel: process.env.MALL_BUILD_LOG === "info" ? "info" : "error",
        telemetry: false,
        integrations: [twins.integration],
      } as Parameters<typeof build>[0]);
    } catch (error) {
      await twins.settled();
      throw error;
    }
    phases.astro += Date.now() - phase;
    phase = Date.now();
    await twins.settled();
    await precompress(workDir, await files(workDir), twins.early);
    phases.precompress += Date.now() - phase;
    await rm(outDir!, { recursive: true, force: true });
    await mkdir(dirname(outDir!), { recursive: true });
    try {
      await rename(workDir, outDir!);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      await cp(workDir, outDir!, { recursive: true });
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Fills the partial build with the previous build's files it did not rebuild,
 * their compressed twins with them: a twin comes along only when its file
 * does (a rebuilt page has new twins already, a removed one has none).
 * Returns false when the partial build's assets differ from the previous
 * ones (a different chunking): then only a full build is trustworthy.
 */
async function linkUnchanged(previousDir: string, stale: Set<string>): Promise<boolean> {
  const previous = new Set(await files(previousDir));
  const built = await files(outDir!);
  if (built.some((file) => file.startsWith("_astro/") && !previous.has(file))) return false;
  const present = new Set(built);
  const kept = [...previous].filter((file) => {
    const base = isTwin(file) ? file.slice(0, -3) : file;
    return !present.has(file) && !present.has(base) && !stale.has(urlOfFile(base));
  });
  // A folder made once, not once per file; then the links 64 at a time (a 10,000-product store keeps
  // some 35,000 files, pages and their twins, and one link after another took 5 s).
  for (const dir of new Set(kept.map((file) => dirname(join(outDir!, file))))) await mkdir(dir, { recursive: true });
  const queue = [...kept];
  const work = async () => {
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) await link(join(previousDir, file), join(outDir!, file));
  };
  await Promise.all(Array.from({ length: 64 }, work));
  return true;
}

const started = Date.now();
const previousSnapshot = process.env.MALL_PREVIOUS_SNAPSHOT;
const previousBuild = process.env.MALL_PREVIOUS_BUILD;
let plan: BuildPlan = { full: true, reason: "no previous build" };
if (previousSnapshot && previousBuild && existsSync(previousSnapshot) && existsSync(previousBuild)) {
  plan = planBuild(readSnapshot(previousSnapshot), readSnapshot(snapshotFile));
}
let mode: "full" | "incremental" = "full";
if (!plan.full) {
  const onlyFile = `${outDir}.only.json`;
  writeFileSync(onlyFile, JSON.stringify(plan.paths));
  process.env.MALL_ONLY = onlyFile;
  try {
    await astroBuild();
    const linking = Date.now();
    mode = (await linkUnchanged(previousBuild!, new Set(plan.paths))) ? "incremental" : "full";
    phases.link += Date.now() - linking;
  } finally {
    delete process.env.MALL_ONLY;
    await rm(onlyFile, { force: true });
  }
  if (mode === "full") await rm(outDir, { recursive: true, force: true });
}
if (mode === "full") await astroBuild();
process.stdout.write(
  `${JSON.stringify({ ok: true, ms: Date.now() - started, mode, rebuilt: plan.full ? null : plan.paths.length, phases })}\n`,
);
