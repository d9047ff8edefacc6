import { ValidationError } from "../core/errors.js";
import { authorize } from "../identity/authorization.js";
import { ORDER_STATE_LABELS, ORDER_STATES, type OrderState } from "../orders/order-state.js";
import { REVENUE_STATES } from "../orders/order-stats.js";
import type { ServiceContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import { addDays, bucketIndex, buckets, daysBetween, gregorianDayOf, jalaliOfDay, jalaliText, tehranToday } from "./analytics-range.js";
import type { AnalyticsQuery, AnalyticsReport } from "./analytics.schemas.js";
import { StoreDailySales } from "./daily-stats.entity.js";
import { rebuildStore } from "./daily-stats.js";
import { formatNumber } from "@mall/locale";

/** The longest range one report covers (three years of days). */
export const MAX_RANGE_DAYS = 1100;
/** The default range: the last 30 days, today included. */
const DEFAULT_DAYS = 30;

type ProductFigures = AnalyticsReport["conversion"][number];

/**
 * A store's analytics for a Jalali range, from the pre-aggregated daily rows
 * (sales per state, product sales, product views, buyers per day), plus one
 * read of live data: the models running out now.
 * Revenue counts orders placed in the range that are paid or moved on since
 * (REVENUE_STATES: paid, processing, shipped, delivered), by their total.
 * Only the store's members (and staff) get it; another store is 404.
 */
export async function storeAnalytics(
  ctx: ServiceContext,
  storeId: string,
  query: AnalyticsQuery,
  now = new Date(),
): Promise<AnalyticsReport> {
  await authorize(ctx, "analytics:read", { storeId });
  const store = await ctx.manager.findOne(Store, { where: { id: storeId }, select: { id: true, name: true } });
  if (!store) throw new StoreNotFoundError();
  const { from, to } = resolveRange(query, now);
  const list = buckets(from, to, query.granularity);

  const reads = [
    () => dailySales(ctx, storeId, from, to),
    () => productFigures(ctx, storeId, from, to),
    () => lowStockItems(ctx, storeId, query.lowStock),
    () => newAndReturning(ctx, storeId, from, to),
    () => reminderFigures(ctx, storeId, from, to),
  ] as const;
  // Side by side on the pool; one after another on a transaction's single connection.
  const [daily, products, lowStock, customers, reminders] = ctx.manager.queryRunner
    ? [await reads[0](), await reads[1](), await reads[2](), await reads[3](), await reads[4]()]
    : await Promise.all([reads[0](), reads[1](), reads[2](), reads[3](), reads[4]()]);

  const series = list.map((bucket) => ({
    key: bucket.key,
    label: bucket.label,
    from: jalaliText(jalaliOfDay(bucket.startDay)),
    to: jalaliText(jalaliOfDay(bucket.endDay)),
    orders: 0,
    revenueRials: 0,
  }));
  const byState = new Map<OrderState, { orders: number; totalRials: number }>(
    ORDER_STATES.map((state) => [state, { orders: 0, totalRials: 0 }]),
  );
  const find = bucketIndex(list);
  for (const row of daily) {
    const state = byState.get(row.state as OrderState);
    if (state) {
      state.orders += row.orders;
      state.totalRials += Number(row.revenue);
    }
    if (!REVENUE_STATES.includes(row.state as OrderState)) continue;
    const bucket = series[find(row.day)];
    if (!bucket) continue;
    bucket.orders += row.orders;
    bucket.revenueRials += Number(row.revenue);
  }
  const totalOrders = series.reduce((sum, bucket) => sum + bucket.orders, 0);
  const totalRevenue = series.reduce((sum, bucket) => sum + bucket.revenueRials, 0);

  const byRevenue = products
    .filter((p) => p.orders > 0)
    .sort((a, b) => b.revenueRials - a.revenueRials || b.quantity - a.quantity || a.name.localeCompare(b.name));
  const byViews = products
    .filter((p) => p.views > 0)
    .sort((a, b) => b.views - a.views || b.orders - a.orders || a.name.localeCompare(b.name));

  return {
    store: { id: store.id, name: store.name },
    range: {
      from: jalaliText(jalaliOfDay(from)),
      to: jalaliText(jalaliOfDay(to)),
      granularity: query.granularity,
      timeZone: "Asia/Tehran",
      revenueStates: [...REVENUE_STATES],
    },
    totals: {
      orders: totalOrders,
      revenueRials: totalRevenue,
      averageOrderRials: totalOrders > 0 ? Math.round(totalRevenue / totalOrders) : 0,
    },
    series,
    ordersByState: ORDER_STATES.map((state) => ({ state, label: ORDER_STATE_LABELS[state], ...byState.get(state)! })),
    topProductsByRevenue: byRevenue.slice(0, query.limit),
    topProductsByViews: byViews.slice(0, query.limit),
    // Every viewed product (at most 500), so a merchant can see what is looked at and not bought.
    conversion: byViews.slice(0, 500),
    lowStock: { threshold: query.lowStock, items: lowStock },
    reminders,
    customers,
  };
}

/** The range as Gregorian Tehran days; a range the wrong way round or too long names its field. */
export function resolveRange(query: Pick<AnalyticsQuery, "from" | "to">, now = new Date()): { from: string; to: string } {
  const to = query.to ? gregorianDayOf(query.to) : tehranToday(now);
  const from = query.from ? gregorianDayOf(query.from) : addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new ValidationError("to", "تاریخ پایان باید همان روز یا بعد از تاریخ شروع باشد.");
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS)
    throw new ValidationError("from", `بازهٔ گزارش حداکثر ${formatNumber(MAX_RANGE_DAYS)} روز است.`);
  return { from, to };
}

export async function dailySales(ctx: ServiceContext, storeId: string, from: string, to: string) {
  return (await ctx.manager.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, state, orders, revenue::text AS revenue
       FROM store_daily_sales WHERE store_id = $1 AND day BETWEEN $2 AND $3`,
    [storeId, from, to],
  )) as Array<{ day: string; state: string; orders: number; revenue: string }>;
}

/** Sales and views per product over the range: every product sold or viewed in it. */
export async function productFigures(ctx: ServiceContext, storeId: string, from: string, to: string): Promise<ProductFigures[]> {
  const rows = (await ctx.manager.query(
    `WITH sales AS (
       SELECT product_id, sum(orders)::int AS orders, sum(quantity)::int AS quantity, sum(revenue)::text AS revenue
         FROM store_daily_product_sales WHERE store_id = $1 AND day BETWEEN $2 AND $3 GROUP BY product_id
     ), views AS (
       SELECT product_id, sum(views)::int AS views
         FROM product_daily_views WHERE store_id = $1 AND day BETWEEN $2 AND $3 GROUP BY product_id
     )
     SELECT COALESCE(s.product_id, v.product_id) AS id, COALESCE(p.name_fa, '') AS name,
            COALESCE(s.orders, 0) AS orders, COALESCE(s.quantity, 0) AS quantity, COALESCE(s.revenue, '0') AS revenue, COALESCE(v.views, 0) AS views
       FROM sales s
       FULL JOIN views v ON v.product_id = s.product_id
       LEFT JOIN products p ON p.store_id = $1 AND p.id = COALESCE(s.product_id, v.product_id)`,
    [storeId, from, to],
  )) as Array<{ id: string; name: string; orders: number; quantity: number; revenue: string; views: number }>;
  return rows.map((row) => ({
    productId: row.id,
    name: row.name,
    views: row.views,
    orders: row.orders,
    quantity: row.quantity,
    revenueRials: Number(row.revenue),
    conversionRate: row.views > 0 ? Math.round((row.orders / row.views) * 10_000) / 10_000 : null,
  }));
}

/** Active models at or below the threshold, fewest first (live data: stock is now, not in the range). */
export async function lowStockItems(ctx: ServiceContext, storeId: string, threshold: number) {
  const rows = (await ctx.manager.query(
    `SELECT i.id, i.product_id, p.name_fa AS name, i.sku, i.stock
       FROM product_instances i JOIN products p ON p.store_id = i.store_id AND p.id = i.product_id
      WHERE i.store_id = $1 AND i.is_active AND p.is_active AND i.stock <= $2
      ORDER BY i.stock, i.sku LIMIT 50`,
    [storeId, threshold],
  )) as Array<{ id: string; product_id: string; name: string; sku: string; stock: number }>;
  return rows.map((row) => ({ instanceId: row.id, productId: row.product_id, name: row.name, sku: row.sku, stock: row.stock }));
}

/**
 * Shoppers with a paid (or later) order placed in the range (distinct buyers
 * of its days, index-only), of whom new: those whose first such order in the
 * store falls in the range (one index range count); the rest are returning.
 */
export async function newAndReturning(ctx: ServiceContext, storeId: string, from: string, to: string) {
  const [row] = (await ctx.manager.query(
    `SELECT (SELECT count(DISTINCT user_id) FROM store_daily_buyers WHERE store_id = $1 AND day BETWEEN $2 AND $3)::int AS customers,
            (SELECT count(*) FROM store_first_purchases WHERE store_id = $1 AND day BETWEEN $2 AND $3)::int AS new`,
    [storeId, from, to],
  )) as Array<{ customers: number; new: number }>;
  const customers = row?.customers ?? 0;
  const fresh = row?.new ?? 0;
  return { customers, new: fresh, returning: customers - fresh };
}

/**
 * Unpaid-order reminders of orders placed in the range (Tehran days): how
 * many were sent, and how many of those orders were paid after it (recovered)
 * with their totals. Live from the orders (by the store's created_at index).
 */
export async function reminderFigures(ctx: ServiceContext, storeId: string, from: string, to: string) {
  const [row] = (await ctx.manager.query(
    `SELECT count(*)::int AS sent,
            (count(*) FILTER (WHERE paid_at IS NOT NULL AND paid_at >= reminder_at))::int AS recovered,
            (COALESCE(sum(total) FILTER (WHERE paid_at IS NOT NULL AND paid_at >= reminder_at), 0))::text AS revenue
       FROM orders
      WHERE store_id = $1 AND reminder_sms_id IS NOT NULL
        AND created_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Tehran'
        AND created_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Tehran'`,
    [storeId, from, to],
  )) as Array<{ sent: number; recovered: number; revenue: string }>;
  return { sent: row?.sent ?? 0, recovered: row?.recovered ?? 0, recoveredRevenueRials: Number(row?.revenue ?? 0) };
}

/**
 * Recomputes a store's daily report rows from its orders (after a restore,
 * a bulk import or a change of what counts as revenue): every Tehran day the
 * store has orders on, in the caller's transaction (the CLI's; the store's
 * managers and staff may too: nothing but the orders decides the rows).
 * Answers how many days have rows now.
 */
export async function rebuildStoreAnalytics(ctx: ServiceContext, storeId: string): Promise<{ days: number }> {
  await authorize(ctx, "store.manage", { storeId });
  if (!(await ctx.manager.existsBy(Store, { id: storeId }))) throw new StoreNotFoundError();
  await rebuildStore(ctx.manager, storeId);
  const row = await ctx.manager
    .getRepository(StoreDailySales)
    .createQueryBuilder("sales")
    .select("count(DISTINCT sales.day)::int", "days")
    .where("sales.storeId = :storeId", { storeId })
    .getRawOne<{ days: number }>();
  return { days: row?.days ?? 0 };
}
