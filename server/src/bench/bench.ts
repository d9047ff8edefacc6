/**
 * `npm run bench`: every figure next to a baseline measured in the same run
 * on the same machine, so what is read is the ratio (absolute numbers depend
 * on the machine and on whatever else runs on it). Prints one table and
 * writes .reports/bench.json.
 *
 *   storefront page by nginx (generated config)  vs the same bytes as a plain nginx static file
 *   storefront page by the Node server           vs the same bytes as a plain nginx static file
 *   GET /api/v1/products/:slug (live price/stock) vs a bare node:http server sending the same JSON,
 *                                                 with the product cache on and off (before/after)
 *   peak server RSS under that API load          vs the server's RSS at rest
 *   1,000 concurrent checkouts on 10 units       vs checkouts one at a time (checkout.ts)
 *   1,000 concurrent checkouts on 10,000 units   orders placed/s, p95 vs checkouts one at a time
 *   product CSV on 10,000 products: the import of the same file, of 4,000 changed prices and of
 *   1,000 new products                           vs the export of the same store (product-csv.ts)
 *   site builds of 500 / 2,000 (/ 10,000) products, change → served (sites.ts)
 *   storefront, API and the back office's product list with 1 / 100 / 1,000 (/ 10,000) stores
 *                                                 vs the same with 1 store
 *
 *   RSS of the server, the worker and the bot at rest vs a bare node:http server's (same Node)
 *
 * With --compiled the Mall roles are the production build (`npm run build`,
 * laid out as the image is by scripts/image-layout.sh, NODE_ENV=production,
 * started by the image's entry point): the memory figures to read; without it
 * they run through tsx as `npm run start:*` does.
 *
 * Options: --quick (a smoke run: 100 connections, 2 s, fewer stores and
 * products), --compiled, --seconds=N, --connections=N, --stores=1,100,1000,10000,
 * --large (adds the 10,000-product site build, several minutes more),
 * --tenfold (each figure that makes sense again at 10× the work, as its
 * growth factor: the catalog snapshot and the full build at 100,000 products
 * against 10,000, 10,000 concurrent checkouts against 1,000, 40,000 CSV price
 * changes against 4,000; tens of minutes more),
 * --no-checkout, --no-csv, --no-sites. The load generator is wrk when installed,
 * autocannon otherwise (BENCH_LOAD=autocannon forces it).
 *
 * The servers run as processes of their own; this process only seeds,
 * drives the load and reads the figures. It uses a database of its own
 * (mall_bench_{pid}, dropped at the end: two runs on one machine never share it), a temporary data folder and Redis prefix.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_STORE_SLUG, seedLargeCatalog } from "./seed-large-catalog.js";
import { measureCreation, measureExport, measurePriceChanges, measureRoundTrip } from "./product-csv.js";
import { parseConfig } from "../config/config.js";
import { dropDatabase } from "../db/admin.js";
import { migrateDatabase } from "../db/migrations-runner.js";
import { issueOtp, otpKey } from "../identity/otp.service.js";
import { systemContext } from "../core/context.js";
import { createPlatform } from "../main/platform.js";
import { findOrCreateUser } from "../tenancy/tenancy.service.js";
import { buildSite } from "../sites/site-build.service.js";
import { addFillerStores } from "./filler-stores.js";
import { loadGenerator, runLoad, type LoadOptions, type LoadResult } from "./load.js";
import {
  compiledLayout,
  get,
  memoryOf,
  ROOT,
  startBareServer,
  startMallRole,
  startMallServer,
  startNginx,
  type Running,
} from "./processes.js";

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const flag = (name: string) => process.argv.includes(`--${name}`);
const quick = flag("quick");
const tenfold = flag("tenfold");
const compiled = flag("compiled");
const seconds = Number(arg("seconds", quick ? "2" : "6"));
const connections = Number(arg("connections", quick ? "100" : "1000"));
const storeCounts = arg("stores", quick ? "1,100" : "1,100,1000,10000")
  .split(",")
  .map(Number);
const catalogSize = quick ? 100 : 500;
const rounds = Number(arg("rounds", quick ? "1" : "2"));
/** A merchant's back office is a few people, not a crowd: its list page gets fewer connections. */
const backOfficeConnections = Math.min(connections, 50);

interface Row {
  group: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: { label: string; value: number };
  /** value / baseline (for a time or memory: how many times as long or as much; for a rate: the share of the baseline's rate). */
  ratio?: number;
  note?: string;
}
const rows: Row[] = [];
function record(row: Omit<Row, "ratio">): void {
  const ratio = row.baseline && row.baseline.value > 0 ? row.value / row.baseline.value : undefined;
  rows.push({ ...row, ...(ratio === undefined ? {} : { ratio }) });
  const base = row.baseline ? `  (baseline ${row.baseline.label}: ${fmt(row.baseline.value)}, ratio ${ratio?.toFixed(2)})` : "";
  process.stdout.write(`  ${row.group} · ${row.figure}: ${fmt(row.value)} ${row.unit}${base}${row.note ? ` — ${row.note}` : ""}\n`);
}
const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));

/**
 * A cost at ten times the work (issue 25 #8), with the cost at 1× as its
 * baseline: the ratio is the growth factor, and k in cost ∝ work^k says
 * whether it grows linearly (k within 0.85–1.15, a factor of about 7 to 14),
 * less (sub-linear) or more (super-linear).
 */
function recordGrowth(figure: string, unit: string, atOnce: { label: string; value: number }, atTenfold: number, note = ""): void {
  const k = Math.log10(atTenfold / atOnce.value);
  const shape = k < 0.85 ? "sub-linear" : k > 1.15 ? "super-linear" : "linear";
  record({
    group: "tenfold",
    figure,
    value: atTenfold,
    unit,
    baseline: atOnce,
    note: `×${(atTenfold / atOnce.value).toFixed(1)} for ×10 the work, cost ∝ work^${k.toFixed(2)}: ${shape}${note ? `; ${note}` : ""}`,
  });
}
const loadNote = (r: LoadResult) =>
  r.requests === 0
    ? "no answer within the window"
    : `p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms${r.errors ? `, ${r.errors} failed (${r.errorDetail})` : ""}`;

type Load = Omit<LoadOptions, "seconds" | "connections"> & { connections?: number };

/**
 * Runs the loads in turn, `rounds` times over (A B A B …), and keeps each
 * one's best round: what else runs on the machine only ever slows a round
 * down, so the best is the least disturbed, and taking turns puts a figure
 * and its baseline under the same conditions.
 */
async function compare<K extends string>(loads: Record<K, Load>): Promise<Record<K, LoadResult>> {
  const best = {} as Record<K, LoadResult>;
  // One request each first: what a first visitor would have warmed (the server's caches, nginx's open files).
  for (const options of Object.values(loads) as Load[]) await warm(options);
  for (let round = 0; round < rounds; round++) {
    for (const [label, options] of Object.entries(loads) as Array<[K, Load]>) {
      const c = options.connections ?? connections;
      process.stdout.write(`load: ${label} (${c} connections, ${seconds} s, round ${round + 1}/${rounds})…\n`);
      const result = await runLoad({ seconds, ...options, connections: c });
      if (!best[label] || result.perSecond > best[label].perSecond) best[label] = result;
    }
  }
  return best;
}

const PROBES = 25;
/** The median time of PROBES requests sent one after another. */
async function medianLatency(port: number, path: string, headers: Record<string, string>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const started = performance.now();
    const res = await get(port, path, { ...headers, "x-forwarded-for": `10.9.${i}.1` });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(PROBES / 2)]!;
}

function warm(options: Load): Promise<void> {
  const url = new URL(options.url);
  return new Promise((done) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: options.headers ?? {} }, (res) =>
      res.resume().on("end", () => done()),
    );
    req.on("error", () => done());
    req.end();
  });
}

function runScript(entry: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ["--import", "tsx", entry, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) return fail(new Error(`${entry} failed: ${error.message}\n${stdout}\n${stderr}`));
        done(stdout);
      },
    );
  });
}

const started = performance.now();
const base = parseConfig(process.env);
const dbUrl = new URL(base.DATABASE_URL);
dbUrl.pathname = `/mall_bench_${process.pid}`;
const dataDir = mkdtempSync(join(tmpdir(), "mall-bench-"));
chmodSync(dataDir, 0o755); // nginx's workers (another user when started as root) read the built sites from here
const env = {
  DATABASE_URL: dbUrl.toString(),
  DATA_DIR: dataDir,
  REDIS_PREFIX: `mall-bench-${process.pid}`,
  LOG_LEVEL: "error",
  // Client addresses from X-Forwarded-For (the one trusted hop): each simulated shopper has their own, as behind nginx.
  TRUST_PROXY_HOPS: "1",
  // Production refuses to start without these (--compiled runs NODE_ENV=production); this run's own, never reused.
  JWT_SECRET: randomBytes(48).toString("base64"),
  PAYMENT_SECRET_KEY: randomBytes(48).toString("base64"),
  EMALLS_TOKEN_SECRET: randomBytes(48).toString("base64"),
};
const config = parseConfig({ ...process.env, ...env });
const running: Running[] = [];

await dropDatabase(config.DATABASE_URL);
await migrateDatabase(config.DATABASE_URL);
const platform = await createPlatform(config, "bench");
try {
  // One store with a catalog and its built site: the page and the product every load asks for.
  process.stdout.write(`seeding a ${catalogSize}-product store and building its site…\n`);
  const seeded = await seedLargeCatalog(platform.dataSource, { slug: "bench-store", products: catalogSize });
  const build = await buildSite(platform, seeded.storeId, "bench", { full: true });
  if (build.status !== "succeeded") throw new Error(`site build failed: ${build.error}`);
  const host = `bench-store.${config.PLATFORM_DOMAIN}`;
  const pagePath = "/p/p-0/";
  const apiPath = "/api/v1/products/p-0";

  const layout = compiled ? compiledLayout(join(dataDir, "image")) : undefined;
  if (layout) process.stdout.write(`the compiled build, laid out as the image in ${layout}, NODE_ENV=production\n`);
  const server = await startMallServer(env, layout);
  running.push(server);
  const page = await get(server.port, pagePath, { host });
  const api = await get(server.port, apiPath, { host });
  if (page.status !== 200 || api.status !== 200) throw new Error(`the store answers ${page.status} / ${api.status}`);
  const plainDir = join(dataDir, "plain");
  mkdirSync(plainDir);
  writeFileSync(join(plainDir, "page.html"), page.body);
  // The brotli twin the build wrote: nginx sends it as a plain file, the generated config and the server by Accept-Encoding.
  const pageBr = await get(server.port, pagePath, { host, "accept-encoding": "br" });
  if (pageBr.headers["content-encoding"] !== "br") throw new Error("the server does not send the page's brotli twin");
  writeFileSync(join(plainDir, "page.html.br"), pageBr.body);
  writeFileSync(join(plainDir, "product.json"), api.body);
  const nginx = await startNginx({ prefix: join(dataDir, "nginx"), sitesDir: config.SITES_DIR, upstreams: [server.port], plainDir });
  running.push(nginx);
  const viaNginx = await get(nginx.port, pagePath, { host });
  const viaPlain = await get(nginx.plainPort, "/page.html");
  // From disk, not passed on to the server (which would add its request id).
  if (viaNginx.status !== 200 || !viaNginx.body.equals(page.body) || viaNginx.headers["x-request-id"])
    throw new Error("nginx does not serve the built page from disk");
  if (viaPlain.status !== 200 || !viaPlain.body.equals(page.body)) throw new Error("nginx does not serve the plain file");
  const viaNginxBr = await get(nginx.port, pagePath, { host, "accept-encoding": "br" });
  if (viaNginxBr.headers["content-encoding"] !== "br" || !viaNginxBr.body.equals(pageBr.body))
    throw new Error("nginx does not serve the page's brotli twin from disk");

  if (flag("hold")) {
    // For looking at the setup by hand: the addresses, then wait for Ctrl-C (the finally block cleans up).
    process.stdout.write(
      `server :${server.port}, nginx :${nginx.port} (plain :${nginx.plainPort}), Host ${host}, ${pagePath}, ${apiPath}; Ctrl-C to stop\n`,
    );
    await new Promise((stop) => process.once("SIGINT", stop));
    throw new Error("stopped");
  }
  const bare = await startBareServer(join(plainDir, "product.json"), "application/json; charset=utf-8");
  running.push(bare);

  // The server's memory at rest, before any load, against a bare node:http server on the same Node.
  const bareMemory = memoryOf(bare.pid);
  recordMemory("server", server.pid, bareMemory.rssMiB);

  process.stdout.write(`\n== storefront and API (${loadGenerator()}, ${connections} connections, ${seconds} s each)\n`);
  const pages = await compare({
    plain: { url: `http://127.0.0.1:${nginx.plainPort}/page.html` },
    nginx: { url: `http://127.0.0.1:${nginx.port}${pagePath}`, headers: { host } },
    node: { url: `http://127.0.0.1:${server.port}${pagePath}`, headers: { host } },
    plainBr: { url: `http://127.0.0.1:${nginx.plainPort}/page.html.br` },
    nginxBr: { url: `http://127.0.0.1:${nginx.port}${pagePath}`, headers: { host, "accept-encoding": "br" } },
    nodeBr: { url: `http://127.0.0.1:${server.port}${pagePath}`, headers: { host, "accept-encoding": "br" } },
  });
  const [plain, nginxPage, nodePage] = [pages.plain, pages.nginx, pages.node];
  record({
    group: "storefront",
    figure: "product page by nginx (generated config), req/s",
    value: nginxPage.perSecond,
    unit: "req/s",
    baseline: { label: "nginx plain file", value: plain.perSecond },
    note: loadNote(nginxPage),
  });
  record({
    group: "storefront",
    figure: "product page by the Node server, req/s",
    value: nodePage.perSecond,
    unit: "req/s",
    baseline: { label: "nginx plain file", value: plain.perSecond },
    note: loadNote(nodePage),
  });
  record({
    group: "storefront",
    figure: `product page, brotli (${pageBr.body.length} bytes), by nginx (generated config, brotli_static), req/s`,
    value: pages.nginxBr.perSecond,
    unit: "req/s",
    baseline: { label: "nginx plain file, same bytes", value: pages.plainBr.perSecond },
    note: loadNote(pages.nginxBr),
  });
  record({
    group: "storefront",
    figure: "product page, brotli, by the Node server, req/s",
    value: pages.nodeBr.perSecond,
    unit: "req/s",
    baseline: { label: "nginx plain file, same bytes", value: pages.plainBr.perSecond },
    note: loadNote(pages.nodeBr),
  });

  // Before/after the product cache (catalog/product-cache.ts): the same API on a server with PRODUCT_CACHE_SECONDS=0.
  const uncachedServer = await startMallServer({ ...env, PRODUCT_CACHE_SECONDS: "0" }, layout);
  running.push(uncachedServer);
  const atRest = memoryOf(server.pid);
  writeFileSync(`/proc/${server.pid}/clear_refs`, "5"); // resets VmHWM: the peak is this load's
  const json = await compare({
    bare: { url: `http://127.0.0.1:${bare.port}/` },
    api: { url: `http://127.0.0.1:${server.port}${apiPath}`, headers: { host }, spreadClients: true },
    uncached: { url: `http://127.0.0.1:${uncachedServer.port}${apiPath}`, headers: { host }, spreadClients: true },
  });
  const [bareLoad, apiLoad, uncachedLoad] = [json.bare, json.api, json.uncached];
  const underLoad = memoryOf(server.pid);
  // Without the cache, 1,000 connections queue behind a pool of 10 and may get no answer within the window: the pair again at a tenth.
  const fewer = Math.max(1, Math.round(connections / 10));
  const tenth = await compare({
    api: { url: `http://127.0.0.1:${server.port}${apiPath}`, headers: { host }, spreadClients: true, connections: fewer },
    uncached: { url: `http://127.0.0.1:${uncachedServer.port}${apiPath}`, headers: { host }, spreadClients: true, connections: fewer },
  });
  record({
    group: "api",
    figure: "GET product (live price/stock), req/s, product cache on",
    value: apiLoad.perSecond,
    unit: "req/s",
    baseline: { label: "bare node:http, same JSON", value: bareLoad.perSecond },
    note: loadNote(apiLoad),
  });
  record({
    group: "api",
    figure: "GET product, req/s, product cache off (before)",
    value: uncachedLoad.perSecond,
    unit: "req/s",
    baseline: { label: "bare node:http, same JSON", value: bareLoad.perSecond },
    note: loadNote(uncachedLoad),
  });
  record({
    group: "api",
    figure: "GET product, cache on vs off, req/s",
    value: apiLoad.perSecond,
    unit: "req/s",
    baseline: { label: "cache off", value: uncachedLoad.perSecond },
  });
  record({
    group: "api",
    figure: `GET product, cache on vs off, ${fewer} connections, req/s`,
    value: tenth.api.perSecond,
    unit: "req/s",
    baseline: { label: "cache off", value: tenth.uncached.perSecond },
    note: `on: ${loadNote(tenth.api)}; off: ${loadNote(tenth.uncached)}`,
  });
  record({
    group: "api",
    figure: "GET product p99 latency, cache on",
    value: apiLoad.p99Ms,
    unit: "ms",
    baseline: { label: "bare node:http", value: bareLoad.p99Ms },
  });
  record({
    group: "memory",
    figure: "server peak RSS under the API load",
    value: underLoad.peakMiB,
    unit: "MiB",
    baseline: { label: "at rest", value: atRest.rssMiB },
  });

  // The many-stores axis: the same loads, and the back office's product list, as other merchants' stores pile up.
  process.stdout.write(`\n== many stores (${storeCounts.join(", ")})\n`);
  const filler = await platform.dataSource.transaction((m) => findOrCreateUser(systemContext(m, "bench"), "+989120000888"));
  const cookie = await adminSession(server.port);
  const firsts = new Map<string, LoadResult>();
  const firstLatency = new Map<string, number>();
  let have = 1;
  for (const count of storeCounts) {
    const t = performance.now();
    await addFillerStores(platform.dataSource, { from: have - 1, to: count - 1, ownerId: filler.id });
    if (count > have)
      process.stdout.write(`${count} stores in the database (+${count - have} in ${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
    have = Math.max(have, count);
    const results = await compare({
      "storefront page (Node)": { url: `http://127.0.0.1:${server.port}${pagePath}`, headers: { host } },
      "GET product API": { url: `http://127.0.0.1:${server.port}${apiPath}`, headers: { host }, spreadClients: true },
      "back office product list": {
        url: `http://127.0.0.1:${server.port}/admin/api/resources/products/actions/list`,
        headers: { cookie },
        connections: backOfficeConnections,
      },
    });
    for (const [label, result] of Object.entries(results)) {
      const first = firsts.get(label) ?? result;
      firsts.set(label, first);
      record({
        group: "stores",
        figure: `${label} with ${count} stores, req/s`,
        value: result.perSecond,
        unit: "req/s",
        baseline: { label: "1 store", value: first.perSecond },
        note: loadNote(result),
      });
    }
    // One request at a time: whether a request's own work grows with the number of stores, with little of the machine's noise in it.
    const probes: Array<[string, number, string, Record<string, string>]> = [
      ["back office product list", server.port, "/admin/api/resources/products/actions/list", { cookie }],
      ["GET product, cache off (the queries)", uncachedServer.port, apiPath, { host }],
    ];
    for (const [label, port, path, headers] of probes) {
      const ms = await medianLatency(port, path, headers);
      const first = firstLatency.get(label) ?? ms;
      firstLatency.set(label, first);
      record({
        group: "stores",
        figure: `${label} with ${count} stores, median of ${PROBES} one at a time`,
        value: ms,
        unit: "ms",
        baseline: { label: "1 store", value: first },
      });
    }
  }
  // The worker and the bot at rest, started last: a worker started earlier would rebuild the bench store's site from the
  // seeding's events while the storefront is measured.
  process.stdout.write(`\n== worker and bot at rest (${compiled ? "compiled, NODE_ENV=production" : "through tsx"})\n`);
  for (const role of ["worker", "bot"] as const) {
    const proc = await startMallRole(role, env, layout);
    recordMemory(role, proc.pid, bareMemory.rssMiB);
    await proc.stop();
  }
  for (const proc of running.splice(0).reverse()) await proc.stop();

  if (!flag("no-csv")) {
    // The product CSV's steps (product-csv.ts) on the 10,000-product bench store, in this process as bench:csv runs
    // them; each import is one transaction, as the import job's.
    const products = quick ? 1000 : 10_000;
    process.stdout.write(`\n== product CSV (${products} products)\n`);
    const catalog = await seedLargeCatalog(platform.dataSource, { slug: BENCH_STORE_SLUG, products });
    const exported = await measureExport(platform.dataSource, catalog.storeId);
    const theExport = { label: "the export", value: exported.seconds };
    record({
      group: "csv",
      figure: `export of ${products} products (${exported.rows} rows, ${exported.megabytes.toFixed(1)} MB)`,
      value: exported.seconds,
      unit: "s",
    });
    const same = await measureRoundTrip(platform.dataSource, catalog.storeId, exported);
    record({
      group: "csv",
      figure: "import of the same file (round trip: nothing changes)",
      value: same.seconds,
      unit: "s",
      baseline: theExport,
    });
    const changes = Math.round(exported.rows / 10);
    const edited = await measurePriceChanges(platform.dataSource, catalog.storeId, exported, changes);
    record({
      group: "csv",
      figure: `import with ${changes} prices changed${quick ? "" : " (goal < 10 s)"}`,
      value: edited.seconds,
      unit: "s",
      baseline: theExport,
    });
    const created = await measureCreation(platform.dataSource, exported, products / 10);
    record({
      group: "csv",
      figure: `import of ${products / 10} new products (${created.summary.instances.created} models) into an empty store${quick ? "" : " (goal < 20 s)"}`,
      value: created.seconds,
      unit: "s",
      baseline: theExport,
    });
    if (tenfold) {
      // Every row's price: ten times the changes in the same file (a 100,000-product file would pass the import's row limit).
      const all = await measurePriceChanges(platform.dataSource, catalog.storeId, exported, changes * 10, 1);
      recordGrowth(
        `CSV import with ${changes * 10} prices changed (same file)`,
        "s",
        { label: `${changes} changed`, value: edited.seconds },
        all.seconds,
      );
    }
  }

  if (!flag("no-checkout")) {
    process.stdout.write(`\n== checkout\n`);
    const crowd = quick ? 200 : 1000;
    const alone = await runScript(
      "server/src/bench/checkout.ts",
      [`--checkouts=${quick ? 20 : 50}`, `--stock=${quick ? 20 : 50}`, "--concurrency=1"],
      env,
    );
    const rush = await runScript("server/src/bench/checkout.ts", [`--checkouts=${crowd}`, "--stock=10"], env);
    // The same crowd with enough stock for everyone: every placement takes the model's row lock, so this is the
    // placing transaction's own throughput (issue 25: ≥ 300 orders/s, p95 < 1 s).
    const stocked = await runScript("server/src/bench/checkout.ts", [`--checkouts=${crowd}`, `--stock=${crowd * 10}`], env);
    const figures = (out: string) => ({
      placed: Number(out.match(/placed:\s+(\d+)/)?.[1]),
      oversold: Number(out.match(/oversold:\s+(\d+)/)?.[1]),
      unanswered: Number(out.match(/no answer:\s+(\d+)/)?.[1]),
      wall: Number(out.match(/wall:\s+([\d.]+) s/)?.[1]),
      answered: Number(out.match(/→ (\d+) checkouts answered\/s/)?.[1]),
      ordersPerSecond: Number(out.match(/([\d.]+) orders placed\/s/)?.[1]),
      p95: Number(out.match(/p95 (\d+) ms/)?.[1]),
      busy: Number(out.match(/503 busy × (\d+)/)?.[1] ?? 0),
      answers: out.match(/answers:\s+(.*)/)?.[1] ?? "",
    });
    const a = figures(alone);
    const r = figures(rush);
    const e = figures(stocked);
    record({
      group: "checkout",
      figure: `${crowd} concurrent checkouts on 10 units: placed`,
      value: r.placed,
      unit: "orders",
      baseline: { label: "units", value: 10 },
    });
    record({ group: "checkout", figure: "oversold (must be 0)", value: r.oversold, unit: "units" });
    record({
      group: "checkout",
      figure: "orders placed/s",
      value: r.ordersPerSecond,
      unit: "orders/s",
      note: `${r.answered} checkouts answered/s`,
    });
    record({
      group: "checkout",
      figure: "checkout p95 under the crowd",
      value: r.p95,
      unit: "ms",
      baseline: { label: "one at a time", value: a.p95 },
    });
    record({
      group: "checkout",
      figure: `${crowd} concurrent checkouts on ${crowd * 10} units (enough stock): orders placed/s`,
      value: e.ordersPerSecond,
      unit: "orders/s",
      note: `${e.placed} placed, ${e.busy} turned away busy (503, waited past the pool's timeout), ${e.oversold} oversold`,
    });
    record({
      group: "checkout",
      figure: "checkout p95 with enough stock",
      value: e.p95,
      unit: "ms",
      baseline: { label: "one at a time", value: a.p95 },
    });
    // checkout.ts checks the stock adds up; here, that every shopper with stock to buy placed or was told busy.
    if (r.oversold !== 0 || e.oversold !== 0 || e.placed + e.busy !== crowd) process.exitCode = 1;
    if (tenfold) {
      // Ten times the crowd, all sent at once, in checkout.ts's bounded run (at most 1,000 connections, a deadline). A run
      // that fails its checks (a connection reset, a 500) still has its figures: they are recorded, and the bench fails.
      const tenfoldRun = (stock: number) =>
        runScript("server/src/bench/checkout.ts", [`--checkouts=${crowd * 10}`, `--stock=${stock}`], env).catch((error: Error) => {
          process.stderr.write(`${error.message}\n`);
          process.exitCode = 1;
          return error.message;
        });
      const rushTenfold = figures(await tenfoldRun(10));
      const stockedTenfold = figures(await tenfoldRun(crowd * 100));
      const outcome = (f: ReturnType<typeof figures>) =>
        `answers ${f.answers}; ${f.oversold} oversold, ${f.unanswered} without an answer, ${f.answered} answered/s`;
      recordGrowth(
        `${crowd * 10} concurrent checkouts on 10 units: the whole run`,
        "s",
        { label: `${crowd} checkouts`, value: r.wall },
        rushTenfold.wall,
        outcome(rushTenfold),
      );
      recordGrowth(
        `${crowd * 10} concurrent checkouts on 10 units: p95`,
        "ms",
        { label: `${crowd} checkouts`, value: r.p95 },
        rushTenfold.p95,
      );
      recordGrowth(
        `${crowd * 10} concurrent checkouts, enough stock: the whole run`,
        "s",
        { label: `${crowd} checkouts`, value: e.wall },
        stockedTenfold.wall,
        outcome(stockedTenfold),
      );
      recordGrowth(
        `${crowd * 10} concurrent checkouts, enough stock: p95`,
        "ms",
        { label: `${crowd} checkouts`, value: e.p95 },
        stockedTenfold.p95,
      );
      if (rushTenfold.oversold !== 0 || stockedTenfold.oversold !== 0) process.exitCode = 1;
    }
  }

  if (!flag("no-sites")) {
    process.stdout.write(`\n== site builds\n`);
    const sizes = quick ? [100] : flag("large") || tenfold ? [500, 2000, 10_000] : [500, 2000];
    // The tenfold store's changes are not timed (its full build is the figure); they are on the 1× store.
    const changesOn = sizes.at(-1)!;
    if (tenfold) sizes.push(changesOn * 10);
    const asked = Date.now();
    // A build that does not fit is a row of the report (sites.ts exits 1 after writing it), not the end of the bench.
    const failure = await runScript(
      "server/src/bench/sites.ts",
      [`--sizes=${sizes.join(",")}`, `--changes-on=${changesOn}`, ...(tenfold ? ["--timeout-minutes=90"] : [])],
      {},
    ).then(
      () => null,
      (error: Error) => error,
    );
    const report = JSON.parse(readFileSync(join(ROOT, ".reports/bench-sites.json"), "utf8")) as {
      at: string;
      rows: Array<{ measure: string; seconds: number; note?: string; failed?: number }>;
    };
    if (Date.parse(report.at) < asked) throw failure ?? new Error("sites.ts wrote no report");
    const row = (measure: string) => report.rows.find((r) => r.measure === measure);
    const smallest = { build: row(`full build, ${sizes[0]} products`)!, snapshot: row(`catalog snapshot, ${sizes[0]} products`)! };
    for (const size of sizes) {
      const snapshot = row(`catalog snapshot, ${size} products`);
      const build = row(`full build, ${size} products`);
      if (snapshot)
        record({
          group: "sites",
          figure: snapshot.measure,
          value: snapshot.seconds,
          unit: "s",
          baseline: { label: `${sizes[0]} products`, value: smallest.snapshot.seconds },
          ...(snapshot.note ? { note: snapshot.note } : {}),
        });
      if (build)
        record({
          group: "sites",
          figure: build.failed ? `${build.measure}: FAILED` : build.measure,
          value: build.seconds,
          unit: "s",
          baseline: { label: `${sizes[0]} products`, value: smallest.build.seconds },
          ...(build.note ? { note: build.note } : {}),
        });
    }
    const full = row(`full build, ${changesOn} products`)!;
    for (const served of report.rows.filter((r) => / → /.test(r.measure) || r.measure.includes("site builds the price change")))
      record({
        group: "sites",
        figure: served.measure.trim(),
        value: served.seconds,
        unit: served.measure.includes("site builds") ? "builds" : "s",
        ...(served.measure.includes("site builds") ? {} : { baseline: { label: full.measure, value: full.seconds } }),
      });
    const incremental = report.rows.find((r) => r.measure.includes("of which"));
    if (incremental)
      record({
        group: "sites",
        figure: `incremental build after the change`,
        value: incremental.seconds,
        unit: "s",
        baseline: { label: full.measure, value: full.seconds },
      });
    if (tenfold) {
      const large = changesOn * 10;
      const [snapshot, build] = [row(`catalog snapshot, ${large} products`), row(`full build, ${large} products`)];
      const once = { snapshot: row(`catalog snapshot, ${changesOn} products`)!, build: full };
      if (snapshot)
        recordGrowth(
          `catalog snapshot, ${large} products`,
          "s",
          { label: `${changesOn} products`, value: once.snapshot.seconds },
          snapshot.seconds,
          snapshot.note,
        );
      if (build && !build.failed)
        recordGrowth(
          `full site build, ${large} products`,
          "s",
          { label: `${changesOn} products`, value: once.build.seconds },
          build.seconds,
          build.note,
        );
      else {
        process.stderr.write(`the ${large}-product site did not build: ${build?.note ?? failure?.message}\n`);
        process.exitCode = 1;
      }
    } else if (failure) throw failure;
  }
} finally {
  for (const proc of running.reverse()) await proc.stop().catch(() => {});
  // This run's Redis keys (rate-limit counters, caches, sessions) go too, not only when they expire.
  for (let cursor = "0"; ;) {
    const [next, keys] = await platform.redis.scan(cursor, "MATCH", `${env.REDIS_PREFIX}:*`, "COUNT", 1000);
    // The client adds the prefix itself; SCAN answers full names.
    if (keys.length > 0) await platform.redis.del(...keys.map((key) => key.slice(env.REDIS_PREFIX.length + 1)));
    if ((cursor = next) === "0") break;
  }
  await platform.close();
  rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase(config.DATABASE_URL);
}

/** One process's RSS at rest as a row, with where it goes (memoryOf). */
function recordMemory(role: string, pid: number, bareMiB: number): void {
  const m = memoryOf(pid);
  record({
    group: "memory",
    figure: `${role} RSS at rest${compiled ? " (compiled)" : " (tsx)"}`,
    value: m.rssMiB,
    unit: "MiB",
    baseline: { label: "bare node:http", value: bareMiB },
    note: `anonymous (V8 heap, native) ${m.anonymousMiB.toFixed(0)} MiB, file-backed (node binary, native libraries) ${m.fileMiB.toFixed(0)} MiB`,
  });
}

/** A back-office session of the bench store's owner: a code issued straight into the database, then the real login route. */
async function adminSession(port: number): Promise<string> {
  const phone = "+989120000999"; // seedLargeCatalog's owner
  const { code } = await platform.dataSource.transaction((m) =>
    issueOtp(systemContext(m, "bench"), { phone, storeId: null }, otpKey(config.JWT_SECRET)),
  );
  const res = await fetch(`http://127.0.0.1:${port}/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone, code }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 200 || !cookie) throw new Error(`back-office sign-in failed: ${res.status}`);
  const list = await get(port, "/admin/api/resources/products/actions/list", { cookie });
  if (list.status !== 200) throw new Error(`back-office list answers ${list.status}`);
  return cookie;
}

const minutes = (performance.now() - started) / 60_000;
const table = [
  `| figure | value | baseline | ratio |`,
  `| --- | --- | --- | --- |`,
  ...rows.map(
    (r) =>
      `| ${r.group}: ${r.figure} | ${fmt(r.value)} ${r.unit} | ${r.baseline ? `${fmt(r.baseline.value)} (${r.baseline.label})` : ""} | ${r.ratio === undefined ? "" : r.ratio.toFixed(2)} |`,
  ),
].join("\n");
process.stdout.write(
  `\n${table}\n\n${loadGenerator()} on loopback, ${connections} connections, ${seconds} s a load; Mall ${compiled ? "compiled (NODE_ENV=production)" : "through tsx"}; ${minutes.toFixed(1)} min in all.\n`,
);
mkdirSync(join(ROOT, ".reports"), { recursive: true });
writeFileSync(
  join(ROOT, ".reports/bench.json"),
  JSON.stringify(
    { at: new Date().toISOString(), quick, compiled, generator: loadGenerator(), connections, seconds, minutes, rows },
    null,
    2,
  ),
);
process.exit();
