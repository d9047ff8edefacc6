/**
 * Report latency on a big store (`npm run bench:analytics`; options:
 * --orders=100000 --products=200 --customers=20000 --days=365 --runs=7 --keep).
 * Seeds one store with N orders spread over the last `days` days (1 to 3
 * lines each, every state), its lines, and a year of daily product views,
 * all with generate_series in a few statements; rebuilds the daily rows (the
 * backfill a fresh installation would run) and then times each report the
 * API answers, as the median and worst of `runs` calls, with the same
 * service the route calls. For comparison it also times the same sales and
 * top-products figures straight from `orders` and `order_lines`, which is
 * what the daily rows spare every request.
 *
 * Runs in a database of its own next to DATABASE_URL's (`{name}_bench_analytics`,
 * created and migrated here, dropped afterwards unless --keep: deleting 100,000
 * orders row by row would take longer than the bench), and needs Redis.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createCategory } from "../catalog/category.service.js";
import { configOrExit, parseConfig } from "../config/config.js";
import { databaseName, dropDatabase } from "../db/admin.js";
import { migrateDatabase } from "../db/migrations-runner.js";
import { parseJalaliDate } from "@mall/locale";
import { REVENUE_STATES } from "../orders/order-stats.js";
import { systemContext } from "../core/context.js";
import { createPlatform } from "../main/platform.js";
import { createStore, createTenant } from "../tenancy/tenancy.service.js";
import { analyticsCsv } from "../analytics/analytics.csv.js";
import { addDays, jalaliOfDay, jalaliText, tehranToday } from "../analytics/analytics-range.js";
import type { AnalyticsQuery } from "../analytics/analytics.schemas.js";
import { dailySales, lowStockItems, newAndReturning, productFigures, storeAnalytics } from "../analytics/analytics.service.js";
import { rebuildStore, refreshStoreDays } from "../analytics/daily-stats.js";

function arg(name: string, fallback: string): number {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return Number(found ? found.slice(name.length + 3) : fallback);
}
const orders = arg("orders", "100000");
const productCount = arg("products", "200");
const customerCount = arg("customers", "20000");
const days = arg("days", "365");
const runs = arg("runs", "7");
const keep = process.argv.includes("--keep");

const base = configOrExit();
const benchUrl = new URL(base.DATABASE_URL);
benchUrl.pathname = `/${databaseName(base.DATABASE_URL)}_bench_analytics`;
const config = parseConfig({ ...process.env, DATABASE_URL: benchUrl.toString(), LOG_LEVEL: process.env.LOG_LEVEL ?? "error" });
await migrateDatabase(config.DATABASE_URL);
const platform = await createPlatform(config, "bench");
const { dataSource } = platform;
const tag = randomBytes(3).toString("hex");
const print = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

// 1. The store, its products, its customers, its orders.
let started = performance.now();
const store = await dataSource.transaction(async (manager) => {
  const ctx = systemContext(manager, "bench");
  const tenant = await createTenant(ctx, { name: `بنچ تحلیل ${tag}`, slug: `bench-analytics-${tag}` });
  return createStore(ctx, {
    name: `فروشگاه بنچ ${tag}`,
    slug: `bench-analytics-${tag}`,
    ownerPhone: `+98999${String(randomBytes(3).readUIntBE(0, 3) % 10_000_000).padStart(7, "0")}`,
    tenant: tenant.id,
  });
});
const category = await dataSource.transaction((manager) =>
  createCategory(systemContext(manager, "bench"), store.id, { name: "All", nameFa: "همه", slug: "all" }),
);
const products = (await dataSource.query(
  `INSERT INTO products (store_id, category_id, name, name_fa, slug, base_price, min_price)
   SELECT $1, $2, 'Product ' || g, 'محصول ' || g, 'p-' || g, 100000 * (1 + g % 50), 100000 * (1 + g % 50) FROM generate_series(1, $3) g
   RETURNING id, base_price::bigint AS price`,
  [store.id, category.id, productCount],
)) as Array<{ id: string; price: string }>;
await dataSource.query(
  `INSERT INTO product_instances (store_id, product_id, sku, stock, combination_key)
   SELECT $1, p, 'SKU-' || i, (i * 7) % 40, '' FROM unnest($2::uuid[]) WITH ORDINALITY AS t(p, i)`,
  [store.id, products.map((p) => p.id)],
);
const customers = (await dataSource.query(
  `INSERT INTO users (phone) SELECT '+98998' || $2 || lpad(g::text, 5, '0') FROM generate_series(1, $1) g ON CONFLICT (phone) DO NOTHING RETURNING id`,
  [customerCount, String(randomBytes(1)[0]! % 100).padStart(2, "0")],
)) as Array<{ id: string }>;
const customerIds = customers.map((c) => c.id);
// Skewed state mix, like a live shop: most delivered, some waiting, cancelled, refunded.
await dataSource.query(
  `INSERT INTO orders (store_id, number, user_id, customer_phone, state, subtotal, shipping_total, total, item_count, shipping_kind, shipping_name, shipping_address, created_at, updated_at)
   SELECT $1, g, ($2::uuid[])[1 + (g * 7919) % array_length($2::uuid[], 1)], '+989120000000',
          (ARRAY['delivered','delivered','delivered','delivered','shipped','processing','paid','pending_payment','cancelled','refunded'])[1 + (g * 31) % 10],
          0, 0, 0, 1 + g % 3, 'post_pishtaz', 'پست پیشتاز', '{}'::jsonb, t, t
     FROM generate_series(1, $3) g
     -- Spread evenly over the days by a multiplicative hash of g (random() in an uncorrelated subquery would run once).
     CROSS JOIN LATERAL (SELECT now() - make_interval(secs => (g::bigint * 2654435761) % ($4::bigint * 86400)) AS t) at`,
  [store.id, customerIds, orders, days],
);
await dataSource.query(
  `INSERT INTO order_lines (store_id, order_id, position, product_id, product_name, product_slug, sku, unit_price, quantity, line_total)
   SELECT o.store_id, o.id, k, p.id, 'محصول', 'p', 'SKU', p.price, 1, p.price
     FROM orders o
     CROSS JOIN LATERAL generate_series(0, o.item_count - 1) k
     JOIN LATERAL (SELECT ($2::uuid[])[1 + (o.number * 13 + k * 101) % array_length($2::uuid[], 1)] AS id,
                          ($3::bigint[])[1 + (o.number * 13 + k * 101) % array_length($2::uuid[], 1)] AS price) p ON true
    WHERE o.store_id = $1`,
  [store.id, products.map((p) => p.id), products.map((p) => p.price)],
);
await dataSource.query(
  `UPDATE orders o SET subtotal = s.sum, total = s.sum FROM (SELECT order_id, sum(line_total) AS sum FROM order_lines WHERE store_id = $1 GROUP BY order_id) s
    WHERE o.store_id = $1 AND o.id = s.order_id`,
  [store.id],
);
await dataSource.query(
  `INSERT INTO product_daily_views (store_id, day, product_id, views)
   SELECT $1, (now() AT TIME ZONE 'Asia/Tehran')::date - d, p, 1 + (d * 17 + i * 7) % 60
     FROM generate_series(0, $3 - 1) d, unnest($2::uuid[]) WITH ORDINALITY AS t(p, i)`,
  [store.id, products.map((p) => p.id), days],
);
await dataSource.query(`ANALYZE orders; ANALYZE order_lines; ANALYZE product_daily_views`);
const lineCount = Number((await dataSource.query(`SELECT count(*) FROM order_lines WHERE store_id = $1`, [store.id]))[0].count);
print(
  `seeded ${orders.toLocaleString("en")} orders (${lineCount.toLocaleString("en")} lines, ${customerIds.length.toLocaleString("en")} customers, ${productCount} products) over ${days} days in ${seconds(performance.now() - started)}`,
);

// 2. The backfill: every day's rows from the orders.
started = performance.now();
await dataSource.transaction((manager) => rebuildStore(manager, store.id));
const [dailyRows] = (await dataSource.query(
  `SELECT (SELECT count(*) FROM store_daily_sales WHERE store_id = $1) AS sales, (SELECT count(*) FROM store_daily_product_sales WHERE store_id = $1) AS products`,
  [store.id],
)) as Array<{ sales: string; products: string }>;
print(`daily rows rebuilt in ${seconds(performance.now() - started)}: ${dailyRows!.sales} sales rows, ${dailyRows!.products} product rows`);
await dataSource.query(`ANALYZE store_daily_sales; ANALYZE store_daily_product_sales`);

// One day's recomputation: what the analytics listener does per order change.
const today = tehranToday();
const [, oneDayMs] = await timed(() => dataSource.transaction((manager) => refreshStoreDays(manager, store.id, today, today)));

// 3. The reports.
const ctx = systemContext(dataSource.manager, "bench");
const jalali = (day: string) => parseJalaliDate(jalaliText(jalaliOfDay(day)))!;
const query = (fromDaysAgo: number, granularity: AnalyticsQuery["granularity"]): AnalyticsQuery => ({
  from: jalali(addDays(today, -fromDaysAgo)),
  to: jalali(today),
  granularity,
  limit: 10,
  lowStock: 5,
});
const cases: Array<[string, () => Promise<unknown>]> = [
  ["30 days by day", () => storeAnalytics(ctx, store.id, query(29, "day"))],
  ["90 days by week", () => storeAnalytics(ctx, store.id, query(89, "week"))],
  ["365 days by day", () => storeAnalytics(ctx, store.id, query(days - 1, "day"))],
  ["365 days by month", () => storeAnalytics(ctx, store.id, query(days - 1, "month"))],
  [
    "365 days, products CSV",
    async () => analyticsCsv(await storeAnalytics(ctx, store.id, { ...query(days - 1, "month"), limit: 100 }), "products"),
  ],
  ["  of which: 365 days of sales rows (series, states)", () => dailySales(ctx, store.id, addDays(today, -(days - 1)), today)],
  ["  of which: 365 days of product rows (top lists, conversion)", () => productFigures(ctx, store.id, addDays(today, -(days - 1)), today)],
  ["  of which: 365 days of buyers (new vs returning)", () => newAndReturning(ctx, store.id, addDays(today, -(days - 1)), today)],
  ["  of which: low stock (live)", () => lowStockItems(ctx, store.id, 5)],
  [
    "for comparison, straight from orders: 365 days of sales by day",
    () =>
      dataSource.query(
        `SELECT (created_at AT TIME ZONE 'Asia/Tehran')::date AS day, count(*), sum(total) FROM orders
          WHERE store_id = $1 AND state = ANY($2) AND created_at >= now() - make_interval(days => $3) GROUP BY 1`,
        [store.id, [...REVENUE_STATES], days],
      ),
  ],
  [
    "for comparison, straight from orders: 365 days of top products",
    () =>
      dataSource.query(
        `SELECT l.product_id, sum(l.line_total) AS revenue, count(DISTINCT o.id) FROM orders o JOIN order_lines l ON l.store_id = o.store_id AND l.order_id = o.id
          WHERE o.store_id = $1 AND o.state = ANY($2) AND o.created_at >= now() - make_interval(days => $3) GROUP BY 1 ORDER BY 2 DESC LIMIT 10`,
        [store.id, [...REVENUE_STATES], days],
      ),
  ],
];
print(`\nreport latency over ${runs} runs (median / worst), ${orders.toLocaleString("en")} orders:`);
for (const [name, run] of cases) {
  await run(); // warm the cache and the plan once
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(run))[1]);
  times.sort((a, b) => a - b);
  print(
    `  ${name.padEnd(64)} ${times[Math.floor(times.length / 2)]!.toFixed(1).padStart(7)} ms  ${times.at(-1)!.toFixed(1).padStart(7)} ms`,
  );
}
print(`  ${"one day recomputed (the analytics listener, per order change)".padEnd(64)} ${oneDayMs.toFixed(1).padStart(7)} ms`);

await platform.close();
if (!keep) await dropDatabase(config.DATABASE_URL);
