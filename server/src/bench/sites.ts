/**
 * Site build figures (`npm run bench:sites`): for stores of 500, 2,000 and
 * 10,000 products the catalog snapshot alone (its time and size) and the full
 * build (snapshot, Astro, publishing; the build process's peak memory), and
 * on one store (the largest, or --changes-on=N) the time from a committed
 * price change to the live price the pages show (outbox → relay → product
 * cache forgets → /api/v1/products/prices; no build), and from a committed
 * name change to the new page being served (outbox → relay → debounced build
 * → incremental build → link swap), next to a full rebuild of the same store
 * as the baseline. Options: --sizes=500,2000,10000, --changes-on=N (0: none),
 * --timeout-minutes=N (a build's limit, 10 as in production).
 * Uses its own database (mall_bench_sites) and a temporary SITES_DIR.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseConfig } from "../config/config.js";
import { dropDatabase } from "../db/admin.js";
import { createDataSource } from "../db/data-source.js";
import { migrateDatabase } from "../db/migrations-runner.js";
import { updateProduct } from "../catalog/product.service.js";
import { seedLargeCatalog } from "./seed-large-catalog.js";
import { createApp } from "../main/app.js";
import { startWorkers } from "../main/workers.js";
import { systemContext } from "../core/context.js";
import { createPlatform } from "../main/platform.js";
import { buildSite } from "../sites/site-build.service.js";
import { createCatalogSnapshot } from "../sites/catalog-snapshot.js";
import { Store } from "../tenancy/store.entity.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { memoryOf } from "./processes.js";

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
const sizes = arg("sizes", "500,2000,10000").split(",").map(Number);
const changesOn = Number(arg("changes-on", String(Math.max(...sizes))));
const timeoutMs = Number(arg("timeout-minutes", "10")) * 60_000;
const base = parseConfig(process.env);
const url = new URL(base.DATABASE_URL);
// Its own database per run: two engineers benchmarking on one machine must not drop each other's.
url.pathname = `/mall_bench_sites_${process.pid}`;
const sitesRoot = mkdtempSync(join(tmpdir(), "mall-bench-sites-"));
const config = parseConfig({
  ...process.env,
  DATABASE_URL: url.toString(),
  DATA_DIR: sitesRoot,
  REDIS_PREFIX: `mall-bench-sites-${process.pid}`,
  LOG_LEVEL: "error",
});

function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host, "accept-encoding": "identity" } }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

await dropDatabase(config.DATABASE_URL);
await migrateDatabase(config.DATABASE_URL);
const seeding = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-bench-sites" });
await seeding.initialize();
const platform = await createPlatform(config, "bench");
/**
 * The largest resident memory (VmHWM) of this process's site-build children
 * (sites/src/build-site.ts) while `work` runs, in MiB, sampled every half
 * second: the build runs in a process of its own, and whether a catalog fits
 * is its memory, not this one's.
 */
async function withPeakBuildMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peakMiB = 0;
  const sample = () => {
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        if (!readFileSync(`/proc/${pid}/status`, "utf8").includes(`\nPPid:\t${process.pid}\n`)) continue;
        if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("build-site.ts")) continue;
        peakMiB = Math.max(peakMiB, memoryOf(Number(pid)).peakMiB);
      } catch {
        // The process ended between the listing and the read.
      }
    }
  };
  const timer = setInterval(sample, 500);
  try {
    return { result: await work(), peakMiB };
  } finally {
    clearInterval(timer);
  }
}

const rows: Array<Record<string, string | number>> = [];
let measured: { storeId: string; slug: string; products: number } | undefined;
try {
  for (const size of sizes) {
    const slug = `bench-sites-${size}`;
    const seeded = await seedLargeCatalog(seeding, { slug, products: size });
    process.stdout.write(`seeded ${size} products in ${seeded.seconds.toFixed(1)} s\n`);
    // The snapshot alone, as the build reads it (site-build.service.ts), then the whole build, which reads it again.
    const store = await platform.dataSource.getRepository(Store).findOneByOrFail({ id: seeded.storeId });
    // In a function of its own, so the snapshot is garbage before the build reads its own.
    const { snapshotSeconds, snapshotMB } = await (async () => {
      const started = performance.now();
      const snapshot = await createCatalogSnapshot(
        platform.dataSource.manager,
        seeded.storeId,
        storeOrigin(config, store),
        platform.mediaStorage,
      );
      return { snapshotSeconds: (performance.now() - started) / 1000, snapshotMB: Buffer.byteLength(JSON.stringify(snapshot)) / 1e6 };
    })();
    rows.push({
      measure: `catalog snapshot, ${size} products`,
      seconds: snapshotSeconds,
      pages: "",
      note: `${snapshotMB.toFixed(1)} MB of JSON`,
    });
    process.stdout.write(`snapshot of ${size} products: ${snapshotSeconds.toFixed(1)} s, ${snapshotMB.toFixed(1)} MB\n`);
    const { result: build, peakMiB } = await withPeakBuildMemory(() =>
      buildSite(platform, seeded.storeId, "bench", { full: true, timeoutMs }),
    );
    if (build.status !== "succeeded") {
      // A catalog that does not fit (time, memory) is a finding: its row says why, larger sizes are not tried.
      const why = `failed after ${((build.durationMs ?? 0) / 1000).toFixed(0)} s, build process peak RSS ${peakMiB.toFixed(0)} MiB: ${build.error}`;
      rows.push({ measure: `full build, ${size} products`, seconds: (build.durationMs ?? 0) / 1000, pages: 0, note: why, failed: 1 });
      process.stdout.write(`full build of ${size} products ${why}\n`);
      break;
    }
    rows.push({
      measure: `full build, ${size} products`,
      seconds: (build.durationMs ?? 0) / 1000,
      pages: build.pageCount ?? 0,
      note: `build process peak RSS ${peakMiB.toFixed(0)} MiB`,
    });
    process.stdout.write(
      `full build of ${size} products: ${((build.durationMs ?? 0) / 1000).toFixed(1)} s, ${build.pageCount} pages, peak RSS ${peakMiB.toFixed(0)} MiB\n`,
    );
    if (size === changesOn) measured = { storeId: seeded.storeId, slug, products: size };
  }

  if (measured) {
    const server = createServer(createApp(platform)).listen(0, "127.0.0.1");
    await new Promise((ready) => server.once("listening", ready));
    const port = (server.address() as AddressInfo).port;
    const worker = startWorkers(platform, { relayIntervalMs: 200, queues: ["site-rebuild", "site-build", "product-cache"] });
    const host = `${measured.slug}.${config.PLATFORM_DOMAIN}`;
    const [product] = await platform.dataSource.query<Array<{ id: string; slug: string; base_price: string; name_fa: string }>>(
      `SELECT id, slug, base_price, name_fa FROM products WHERE store_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [measured.storeId],
    );
    const builds = async () =>
      (
        await platform.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM site_builds WHERE store_id = $1`, [
          measured!.storeId,
        ])
      )[0]!.n;
    const waitFor = async (label: string, since: number, served: () => Promise<boolean>) => {
      for (;;) {
        if (await served()) return (performance.now() - since) / 1000;
        if (performance.now() - since > 300_000) throw new Error(`${label} was not served within 5 minutes`);
        await new Promise((wake) => setTimeout(wake, 50));
      }
    };

    // A price change: what shoppers see comes from the live source (the islands' /api/v1/products/prices);
    // no page is rebuilt for it (the catch-up build waits minutes, see site-build.service.ts).
    const buildsBefore = await builds();
    // Read once, so the old price sits in the product cache and the change must reach it through its event.
    await get(port, `/api/v1/products/prices?ids=${product!.id}`, host);
    const newPrice = Number(product!.base_price) + 10_000;
    let committed = performance.now();
    await platform.dataSource.transaction((manager) =>
      updateProduct(systemContext(manager, "bench"), measured!.storeId, product!.id, { basePrice: newPrice }),
    );
    const priceServed = await waitFor("the price change", committed, async () => {
      const live = await get(port, `/api/v1/products/prices?ids=${product!.id}`, host);
      return (JSON.parse(live.body) as { items: Array<{ price: number }> }).items[0]?.price === newPrice;
    });
    // Long enough for the debounced build a price change used to start.
    await new Promise((wake) => setTimeout(wake, 4000));
    const buildsForPrice = (await builds()) - buildsBefore;

    // A name change: the HTML itself changes, through the debounced incremental build.
    const newName = `${product!.name_fa} تازه`;
    committed = performance.now();
    await platform.dataSource.transaction((manager) =>
      updateProduct(systemContext(manager, "bench"), measured!.storeId, product!.id, { nameFa: newName }),
    );
    const nameServed = await waitFor("the name change", committed, async () =>
      (await get(port, `/p/${product!.slug}/`, host)).body.includes(newName),
    );
    await worker.stop();
    server.close();
    const [last] = await platform.dataSource.query<Array<{ duration_ms: number; mode: string }>>(
      `SELECT duration_ms, mode FROM site_builds WHERE store_id = $1 AND status = 'succeeded' ORDER BY created_at DESC LIMIT 1`,
      [measured.storeId],
    );
    const fullSeconds = Number(rows.find((r) => r.measure === `full build, ${measured!.products} products`)?.seconds ?? 0);
    rows.push({ measure: `price change → live price served, ${measured.products} products`, seconds: priceServed, pages: "", note: "" });
    rows.push({ measure: `  site builds the price change started (goal 0)`, seconds: buildsForPrice, pages: "", note: "" });
    rows.push({
      measure: `name change → served, ${measured.products} products (includes 2 s debounce)`,
      seconds: nameServed,
      pages: "",
      note: "",
    });
    rows.push({ measure: `  of which the ${last?.mode ?? "?"} build`, seconds: (last?.duration_ms ?? 0) / 1000, pages: "", note: "" });
    rows.push({
      measure: `  ratio to the full build (baseline)`,
      seconds: Number(((last?.duration_ms ?? 0) / 1000 / fullSeconds).toFixed(3)),
      pages: "",
      note: "",
    });
  }
} finally {
  await platform.close();
  await seeding.destroy();
  rmSync(sitesRoot, { recursive: true, force: true });
  await dropDatabase(config.DATABASE_URL);
}

process.stdout.write("\n| measure | seconds | pages | |\n| --- | --- | --- | --- |\n");
for (const row of rows)
  process.stdout.write(
    `| ${row.measure} | ${typeof row.seconds === "number" ? row.seconds.toFixed(2) : row.seconds} | ${row.pages} | ${row.note} |\n`,
  );
const reports = resolve(import.meta.dirname, "../../../.reports");
mkdirSync(reports, { recursive: true });
writeFileSync(join(reports, "bench-sites.json"), JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
process.exit(rows.some((row) => row.failed) ? 1 : 0);
