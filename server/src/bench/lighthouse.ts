/**
 * `npm run lighthouse`: builds the demo store (pictures, logo, content pages,
 * as `npm run up` seeds it) into its own database and SITES_DIR, serves it,
 * and prints Lighthouse's scores (mobile emulation, Debian's Chromium) for
 * home, category, product, search, cart and checkout, with the audits that
 * cost points. The JSON goes to .reports/lighthouse.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseConfig } from "../config/config.js";
import { dropDatabase } from "../db/admin.js";
import { createDataSource } from "../db/data-source.js";
import { seedDemo, seedDemoMedia } from "../db/demo-data.js";
import { migrateDatabase } from "../db/migrations-runner.js";
import { createApp } from "../main/app.js";
import { createPlatform } from "../main/platform.js";
import { buildSite } from "../sites/site-build.service.js";
import { LIGHTHOUSE_PAGES, runLighthouse, scoreTable } from "./lighthouse-run.js";

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
  const build = await buildSite(platform, store.id, "bench");
  if (build.status !== "succeeded") throw new Error(`the demo site's build failed: ${build.error}`);
  const server = createApp(platform).listen(0, "127.0.0.1");
  await new Promise((ready) => server.once("listening", ready));
  const port = (server.address() as AddressInfo).port;
  try {
    const origin = `http://${store.slug}.mall.localhost:${port}`;
    const results = await runLighthouse(LIGHTHOUSE_PAGES.map(([page, path]) => ({ page, url: `${origin}${path}` })));
    process.stdout.write(`${scoreTable(results)}\n\n`);
    for (const r of results) {
      const failing = Object.values(r.failing).flat();
      if (failing.length > 0) process.stdout.write(`${r.page}: ${failing.join("; ")}\n`);
    }
    const reports = resolve(import.meta.dirname, "../../../.reports");
    mkdirSync(reports, { recursive: true });
    writeFileSync(join(reports, "lighthouse.json"), JSON.stringify(results, null, 2));
  } finally {
    server.close();
  }
} finally {
  await platform.close();
  await seeding.destroy();
  await dropDatabase(config.DATABASE_URL);
  rmSync(dataDir, { recursive: true, force: true });
}
