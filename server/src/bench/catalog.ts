/**
 * Listing and search latency against the running app, in-process
 * (`npm run seed:catalog` first, then `npm run bench:catalog`; options:
 * --store=slug --requests=200). Requests go one at a time over HTTP to the
 * real Express app on a loopback port, so each figure is one request's
 * latency: routing, validation, PostgreSQL and JSON. Prints p50/p95 per kind
 * and EXPLAIN ANALYZE of a category listing and of a search.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { configOrExit, parseConfig } from "../config/config.js";
import { createApp } from "../main/app.js";
import { createPlatform } from "../main/platform.js";
import { systemContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { productQuerySchema } from "../catalog/catalog.schemas.js";
import { Category } from "../catalog/category.entity.js";
import { productListingQuery } from "../catalog/product-search.service.js";
import { BENCH_STORE_SLUG } from "./seed-large-catalog.js";

function arg(name: string, fallback: string): string {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

const slug = arg("store", BENCH_STORE_SLUG);
const count = Number(arg("requests", "200"));
// A prefix of its own: the API's per-IP rate limit must not count earlier runs, and nothing else is touched.
const base = configOrExit();
const config = parseConfig({
  ...process.env,
  REDIS_PREFIX: `${base.REDIS_PREFIX}-bench-${process.pid}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
});
const platform = await createPlatform(config, "bench");
const store = await platform.dataSource.getRepository(Store).findOneBy({ slug });
const [{ n: products }] = store
  ? await platform.dataSource.query(`SELECT count(*)::int AS n FROM products WHERE store_id = $1`, [store.id])
  : [{ n: 0 }];
if (!store || products === 0) {
  process.stderr.write(`No products in store "${slug}": run npm run seed:catalog first (same DATABASE_URL).\n`);
  await platform.close();
  process.exit(1);
}

const server = createServer(createApp(platform)).listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const port = (server.address() as AddressInfo).port;

function get(
  path: string,
): Promise<{ status: number; ms: number; body: { nextCursor?: string | null; items?: unknown[]; products?: unknown } }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { "X-Store": slug } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        resolve({ status: res.statusCode ?? 0, ms, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

const leafSlugs: string[] = (
  await platform.dataSource.query(`SELECT slug FROM categories WHERE store_id = $1 AND depth = 2 ORDER BY slug`, [store.id])
).map((row: { slug: string }) => row.slug);
const rootSlugs: string[] = (
  await platform.dataSource.query(`SELECT slug FROM categories WHERE store_id = $1 AND depth = 0 ORDER BY slug`, [store.id])
).map((row: { slug: string }) => row.slug);
const pick = <T>(list: T[], i: number) => list[i % list.length]!;
const q = (text: string) => encodeURIComponent(text);

/** Listing: the store's pages a shopper walks — newest, a category subtree, sorted, filtered, the next page by cursor, a category page. */
function listingPath(i: number, cursor: string | null | undefined): string {
  switch (i % 6) {
    case 0:
      return "/api/v1/products?limit=24";
    case 1:
      return `/api/v1/products?category=${pick(rootSlugs, i)}&limit=24`;
    case 2:
      return `/api/v1/products?category=${pick(leafSlugs, i)}&sort=price_asc&limit=24`;
    case 3:
      return `/api/v1/products?sort=popular&inStock=true&attr=${q("color:red")}&limit=24`;
    case 4:
      return cursor ? `/api/v1/products?limit=24&cursor=${q(cursor)}` : "/api/v1/products?limit=24";
    default:
      return `/api/v1/categories/${pick(leafSlugs, i)}?limit=24`;
  }
}

/** Search: words the way people type them — Arabic ي/ك, ZWNJ or not, Persian/Arabic/Latin digits, English. */
const QUERIES = [
  "كتاب",
  "ميز چوبي",
  "کتابخانه",
  "کتاب‌خانه",
  "قوری مسی",
  "مدل ۴۵۰",
  "مدل ٤٥٠",
  "مدل 450",
  "leather bag",
  "هدفون",
  "شال ابریشمی",
  "گليم دست ساز",
  "چراغ کلاسيک",
  "ماگ",
  "پیراهن نخی",
];
function searchPath(i: number): string {
  const text = pick(QUERIES, i);
  return i % 3 === 2 ? `/api/v1/products?q=${q(text)}&category=${pick(rootSlugs, i)}&limit=24` : `/api/v1/products?q=${q(text)}&limit=24`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(kind: string, pathOf: (i: number, cursor: string | null | undefined) => string) {
  const times: number[] = [];
  let cursor: string | null | undefined;
  let failures = 0;
  let empty = 0;
  for (let i = 0; i < count; i++) {
    const res = await get(pathOf(i, cursor));
    if (res.status !== 200) failures++;
    if ((res.body.items ?? []).length === 0 && !res.body.products) empty++;
    // Only the newest-first pages (0 and 4 of each six) feed the cursor: a cursor belongs to its sort.
    if (kind === "listing" && (i % 6 === 0 || i % 6 === 4)) cursor = res.body.nextCursor ?? null;
    times.push(res.ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  return {
    kind,
    requests: count,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1)!,
    mean,
    failures,
    empty,
  };
}

// Warm-up: connections, JIT, PostgreSQL caches.
for (let i = 0; i < 30; i++) await get(i % 2 ? listingPath(i, null) : searchPath(i));
const results = [await run("listing", listingPath), await run("search", searchPath)];

const ctx = systemContext(platform.dataSource.manager, "bench");
const root = await platform.dataSource.getRepository(Category).findOneByOrFail({ storeId: store.id, slug: pick(rootSlugs, 0) });
const explain = async (query: Record<string, unknown>, category?: Category) => {
  const listing = await productListingQuery(ctx, store.id, productQuerySchema.parse(query), category ? { category } : {});
  const rows: Array<{ "QUERY PLAN": string }> = await platform.dataSource.query(
    `EXPLAIN (ANALYZE, BUFFERS) ${listing!.sql}`,
    listing!.params,
  );
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
};
const leaf = await platform.dataSource.getRepository(Category).findOneByOrFail({ storeId: store.id, slug: pick(leafSlugs, 0) });
const categoryPlan = await explain({ limit: 24 }, root);
const leafPlan = await explain({ limit: 24, sort: "price_asc" }, leaf);
const searchPlan = await explain({ q: "ميز چوبي", limit: 24 });

server.close();
server.closeAllConnections();
await platform.close();

const fmt = (ms: number) => ms.toFixed(1).padStart(7);
process.stdout.write(
  [
    `Store ${slug}: ${products} products; ${count} sequential requests per kind, in-process over loopback HTTP.`,
    `kind        p50 ms  p95 ms  p99 ms  max ms  mean ms  non-200  empty`,
    ...results.map(
      (r) =>
        `${r.kind.padEnd(10)}${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.p99)} ${fmt(r.max)} ${fmt(r.mean)}  ${String(r.failures).padStart(7)}  ${String(r.empty).padStart(5)}`,
    ),
    "",
    `EXPLAIN ANALYZE — category listing (root "${root.slug}", whole subtree, newest, 24 a page):`,
    categoryPlan,
    "",
    `EXPLAIN ANALYZE — category page listing (leaf "${leaf.slug}", cheapest first, 24 a page):`,
    leafPlan,
    "",
    `EXPLAIN ANALYZE — search «ميز چوبي» (newest, 24 a page):`,
    searchPlan,
    "",
  ].join("\n"),
);
