/**
 * `npm run lighthouse [-- --runs 3 --theme bazaar|minimal|gallery|all --keep DIR]`:
 * builds the demo store (pictures, logo, banner, content pages, as
 * `npm run up` seeds it) into its own database and SITES_DIR, serves it, and
 * prints Lighthouse's scores (mobile emulation, Debian's Chromium) for home,
 * category, product, search, cart and checkout, per theme: the median of
 * `--runs` runs of each page, with LCP, TBT and CLS, the machine's load, and
 * the audits that cost points. The JSON goes to .reports/lighthouse.json.
 * SEO on the noindex pages (search, cart, checkout) is read as NOINDEX_NOTE
 * says; a noindex page that is crawlable, or an indexable page that is not,
 * is reported and makes the script exit 1.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseConfig } from "../config/config.js";
import { dropDatabase } from "../db/admin.js";
import { createDataSource } from "../db/data-source.js";
import { seedDemo, seedDemoMedia } from "../db/demo-data.js";
import { migrateDatabase } from "../db/migrations-runner.js";
import { createApp } from "../main/app.js";
import { createPlatform } from "../main/platform.js";
import { buildSite } from "../sites/site-build.service.js";
import { systemContext } from "../core/context.js";
import { STORE_THEMES, type StoreTheme } from "../tenancy/store.entity.js";
import { updateStoreSettings } from "../tenancy/tenancy.service.js";
import { LIGHTHOUSE_PAGES, NOINDEX_NOTE, runLighthouse, scoreTable, type PageScores } from "./lighthouse-run.js";

function usage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let args: { runs?: string; theme?: string; keep?: string };
try {
  args = parseArgs({ options: { runs: { type: "string" }, theme: { type: "string" }, keep: { type: "string" } } }).values;
} catch (error) {
  usage(`npm run lighthouse -- [--runs N] [--theme ${STORE_THEMES.join("|")}|all] [--keep DIR]: ${(error as Error).message}`);
}
const runs = Number(args.runs ?? "3");
if (!Number.isInteger(runs) || runs < 1 || runs > 9) usage("--runs: a whole number from 1 to 9.");
const themeArg = args.theme ?? "bazaar";
if (themeArg !== "all" && !(STORE_THEMES as readonly string[]).includes(themeArg))
  usage(`--theme: one of ${STORE_THEMES.join(", ")} or all.`);
const themes: StoreTheme[] = themeArg === "all" ? [...STORE_THEMES] : [themeArg as StoreTheme];
/** With --keep DIR, every run's whole Lighthouse report (JSON, opens in the Lighthouse viewer) goes to DIR/{theme}/{page}-{run}.json. */
function keepDir(theme: StoreTheme): string | undefined {
  if (!args.keep) return undefined;
  const dir = resolve(args.keep, theme);
  mkdirSync(dir, { recursive: true });
  return dir;
}
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(", ");

const base = parseConfig(process.env);
const url = new URL(base.DATABASE_URL);
url.pathname = "/mall_bench_lighthouse";
const dataDir = mkdtempSync(join(tmpdir(), "mall-lighthouse-"));
const config = parseConfig({
  ...process.env,
  DATABASE_URL: url.toString(),
  DATA_DIR: dataDir,
  REDIS_PREFIX: `mall-lighthouse-${process.pid}`,
  LOG_LEVEL: "error",
  PLATFORM_DOMAIN: "mall.localhost",
});

await dropDatabase(config.DATABASE_URL);
await migrateDatabase(config.DATABASE_URL);
const seeding = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-lighthouse" });
await seeding.initialize();
const platform = await createPlatform(config, "bench");
try {
  const store = await seedDemo(seeding);
  await seedDemoMedia(
    seeding,
    { storage: platform.mediaStorage, logger: platform.logger, maxImagePixels: config.MEDIA_MAX_IMAGE_PIXELS },
    store.id,
  );
  const server = createServer(createApp(platform)).listen(0, "127.0.0.1");
  await new Promise((ready) => server.once("listening", ready));
  const port = (server.address() as AddressInfo).port;
  const all: Array<PageScores & { theme: StoreTheme }> = [];
  try {
    for (const theme of themes) {
      await seeding.transaction((m) => updateStoreSettings(systemContext(m, "bench"), store.id, { theme }));
      const build = await buildSite(platform, store.id, "bench");
      if (build.status !== "succeeded") throw new Error(`the demo site's build failed: ${build.error}`);
      const origin = `http://${store.slug}.mall.localhost:${port}`;
      const before = load();
      const results = await runLighthouse(
        LIGHTHOUSE_PAGES.map(([page, path]) => ({ page, url: `${origin}${path}` })),
        undefined,
        { runs, keep: keepDir(theme) },
      );
      process.stdout.write(
        `theme ${theme}: median of ${runs} run(s) per page; load average ${before} before, ${load()} after\n\n${scoreTable(results)}\n\n`,
      );
      process.stdout.write(`${NOINDEX_NOTE}\n`);
      for (const [page, , indexing] of LIGHTHOUSE_PAGES) {
        const crawlable = results.find((r) => r.page === page)?.crawlable;
        if (crawlable === (indexing === "index")) continue;
        process.stdout.write(`SEO: ${page} should be ${indexing === "index" ? "crawlable" : "noindex"} but is not\n`);
        process.exitCode = 1;
      }
      process.stdout.write("\n");
      for (const r of results) {
        for (const audit of r.details)
          process.stdout.write(
            `${r.page}: ${audit.id}${audit.value ? ` (${audit.value})` : ""}${audit.items.length ? `: ${audit.items.join(" | ")}` : ""}\n`,
          );
      }
      process.stdout.write("\n");
      all.push(...results.map((r) => ({ ...r, theme })));
    }
    const reports = resolve(import.meta.dirname, "../../../.reports");
    mkdirSync(reports, { recursive: true });
    writeFileSync(join(reports, "lighthouse.json"), JSON.stringify(all, null, 2));
  } finally {
    server.close();
  }
} finally {
  await platform.close();
  await seeding.destroy();
  await dropDatabase(config.DATABASE_URL);
  rmSync(dataDir, { recursive: true, force: true });
}
