import { toJalaali } from "jalaali-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countView, flushViewCounts } from "../catalog/product-views.js";
import type { Product } from "../catalog/product.entity.js";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { listenersFor } from "../jobs/listeners.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { analyticsListener } from "./analytics.job.js";
import { rebuildStore } from "./daily-stats.js";

/**
 * A store's analytics against figures this file works out by itself: each
 * seeded order's Tehran day comes from its UTC instant + 03:30 (Iran has had
 * no daylight saving since 2022) and jalaali-js, and the sums are plain
 * reductions over the seed, never the service's own code.
 */
const test = useTestPlatform();
let server: TestServer;
let shop: Store;
let other: Store;
let owner: User;
let otherOwner: User;
let buyers: User[];
let tea: Product;
let cup: Product;

const TEHRAN_OFFSET_MS = 3.5 * 3600_000;
const REVENUE = ["paid", "processing", "shipped", "delivered"];
const pad = (n: number) => String(n).padStart(2, "0");
/** The Jalali day (Tehran) of an instant, worked out here. */
function tehranJalali(iso: string): string {
  const local = new Date(Date.parse(iso) + TEHRAN_OFFSET_MS);
  const j = toJalaali(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
  return `${j.jy}/${pad(j.jm)}/${pad(j.jd)}`;
}

interface Seed {
  at: string;
  state: string;
  buyer: number;
  lines: Array<["tea" | "cup", number, number]>; // product, quantity, unit price (Rials)
}
/**
 * 20:30 UTC is midnight in Tehran; 30 Aban 1405 (2026-11-21) is the last day
 * of Aban, 1 Azar (2026-11-22) the first of Azar.
 */
const SEED: Seed[] = [
  { at: "2026-11-20T20:29:00Z", state: "paid", buyer: 0, lines: [["tea", 1, 1_000_000]] }, // 29 Aban 23:59
  {
    at: "2026-11-20T20:31:00Z",
    state: "delivered",
    buyer: 1,
    lines: [
      ["tea", 2, 1_000_000],
      ["cup", 1, 500_000],
    ],
  }, // 30 Aban 00:01
  { at: "2026-11-21T20:29:00Z", state: "shipped", buyer: 0, lines: [["cup", 1, 700_000]] }, // 30 Aban 23:59
  { at: "2026-11-21T20:31:00Z", state: "processing", buyer: 2, lines: [["tea", 3, 1_000_000]] }, // 1 Azar 00:01
  { at: "2026-11-22T10:00:00Z", state: "cancelled", buyer: 2, lines: [["cup", 2, 450_000]] },
  { at: "2026-11-22T11:00:00Z", state: "pending_payment", buyer: 0, lines: [["tea", 1, 400_000]] },
  { at: "2026-11-22T12:00:00Z", state: "refunded", buyer: 1, lines: [["tea", 5, 1_000_000]] },
  { at: "2026-11-23T08:00:00Z", state: "paid", buyer: 3, lines: [["cup", 4, 250_000]] }, // 2 Azar
  // Before the range: makes buyer 1 a returning customer.
  { at: "2026-10-01T09:00:00Z", state: "paid", buyer: 1, lines: [["cup", 1, 1_200_000]] },
];
const RANGE_DAYS = ["1405/08/29", "1405/08/30", "1405/09/01", "1405/09/02"];
const total = (seed: Seed) => seed.lines.reduce((sum, [, quantity, price]) => sum + quantity * price, 0);
const inRange = (seed: Seed) => RANGE_DAYS.includes(tehranJalali(seed.at));
const counted = (seed: Seed) => inRange(seed) && REVENUE.includes(seed.state);

let orderNumber = 0;
async function insertOrder(store: Store, seed: Seed, productIds: Record<string, string>, buyer: User): Promise<string> {
  const { dataSource } = test.platform;
  const sum = total(seed);
  const items = seed.lines.reduce((n, [, quantity]) => n + quantity, 0);
  const [row] = (await dataSource.query(
    `INSERT INTO orders (store_id, number, user_id, customer_phone, state, subtotal, shipping_total, total, item_count, shipping_kind, shipping_name, shipping_address, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 0, $6, $7, 'post_pishtaz', 'پست پیشتاز', '{}'::jsonb, $8, $8) RETURNING id`,
    [store.id, ++orderNumber, buyer.id, buyer.phone, seed.state, sum, items, seed.at],
  )) as Array<{ id: string }>;
  let position = 0;
  for (const [product, quantity, price] of seed.lines) {
    await dataSource.query(
      `INSERT INTO order_lines (store_id, order_id, position, product_id, product_name, product_slug, sku, unit_price, quantity, line_total)
       VALUES ($1, $2, $3, $4, $5, $5, $5, $6, $7, $8)`,
      [store.id, row!.id, position++, productIds[product], product, price, quantity, price * quantity],
    );
  }
  return row!.id;
}

let firstOrderId: string;

beforeAll(async () => {
  const { dataSource, redis } = test.platform;
  owner = await buildUser(dataSource);
  otherOwner = await buildUser(dataSource);
  buyers = [await buildUser(dataSource), await buildUser(dataSource), await buildUser(dataSource), await buildUser(dataSource)];
  shop = await buildStore(dataSource, { name: "چای‌خانهٔ تحلیل", ownerPhone: owner.phone });
  other = await buildStore(dataSource, { name: "فروشگاه همسایه", ownerPhone: otherOwner.phone });
  tea = await buildProduct(dataSource, shop.id, { name: "Tea", nameFa: "چای سیاه" });
  cup = await buildProduct(dataSource, shop.id, { name: "Cup", nameFa: "لیوان سفالی" });
  const neighbour = await buildProduct(dataSource, other.id, { name: "Rug", nameFa: "گلیم" });
  await dataSource.query(`UPDATE product_instances SET stock = CASE WHEN product_id = $1 THEN 3 ELSE 50 END WHERE store_id = $2`, [
    tea.id,
    shop.id,
  ]);
  for (const [index, seed] of SEED.entries()) {
    const id = await insertOrder(shop, seed, { tea: tea.id, cup: cup.id }, buyers[seed.buyer]!);
    if (index === 0) firstOrderId = id;
  }
  // The neighbour sells on the same days: none of it may show in the shop's figures.
  await insertOrder(
    other,
    { at: "2026-11-21T09:00:00Z", state: "paid", buyer: 0, lines: [["tea", 9, 1_111_000]] },
    { tea: neighbour.id },
    buyers[0]!,
  );
  for (const store of [shop, other]) await dataSource.transaction((manager) => rebuildStore(manager, store.id));
  // Views go through the real counter and flush; they land on today's Tehran day.
  for (let i = 0; i < 4; i++) await countView(redis, shop.id, tea.id);
  for (let i = 0; i < 10; i++) await countView(redis, shop.id, cup.id);
  for (let i = 0; i < 7; i++) await countView(redis, other.id, neighbour.id);
  await flushViewCounts(redis, dataSource);
  server = await startTestServer(createApp(test.platform));
});

afterAll(async () => {
  await server?.close();
});

const get = (user: User | null, path: string) =>
  server.request("GET", `/api/v1${path}`, { headers: user ? bearer(test.config, user) : {} });
const range = "from=1405-08-29&to=1405-09-02";

describe("sales over a Jalali range in Tehran days", () => {
  it("puts 20:29 UTC on the day before and 20:31 UTC on the next (Tehran midnight is 20:30 UTC)", () => {
    expect(tehranJalali("2026-11-20T20:29:00Z")).toBe("1405/08/29");
    expect(tehranJalali("2026-11-20T20:31:00Z")).toBe("1405/08/30");
    expect(tehranJalali("2026-11-21T20:29:00Z")).toBe("1405/08/30");
    expect(tehranJalali("2026-11-21T20:31:00Z")).toBe("1405/09/01");
  });

  it("gives revenue and orders per day, counting only paid, processing, shipped and delivered orders", async () => {
    const res = await get(owner, `/stores/${shop.id}/analytics?${range}&granularity=day`);
    expect(res.status).toBe(200);
    const expected = RANGE_DAYS.map((day) => {
      const of = SEED.filter((seed) => counted(seed) && tehranJalali(seed.at) === day);
      return { label: day, orders: of.length, revenueRials: of.reduce((sum, seed) => sum + total(seed), 0) };
    });
    expect(
      res.body.series.map((b: { label: string; orders: number; revenueRials: number }) => ({
        label: b.label,
        orders: b.orders,
        revenueRials: b.revenueRials,
      })),
    ).toEqual(expected);
    // Written out once, so a mistake shared by the helper above and the service cannot hide.
    expect(expected.map((b) => b.revenueRials)).toEqual([1_000_000, 3_200_000, 3_000_000, 1_000_000]);
    const counting = SEED.filter(counted);
    expect(res.body.totals).toEqual({
      orders: counting.length,
      revenueRials: counting.reduce((s, x) => s + total(x), 0),
      averageOrderRials: Math.round(counting.reduce((s, x) => s + total(x), 0) / counting.length),
    });
    expect(res.body.range).toMatchObject({ from: "1405/08/29", to: "1405/09/02", timeZone: "Asia/Tehran", revenueStates: REVENUE });
  });

  it("splits months at the Jalali month boundary (Aban | Azar)", async () => {
    const res = await get(owner, `/stores/${shop.id}/analytics?${range}&granularity=month`);
    expect(res.status).toBe(200);
    const month = (prefix: string) => SEED.filter((seed) => counted(seed) && tehranJalali(seed.at).startsWith(prefix));
    expect(res.body.series).toEqual([
      {
        key: "1405-08",
        label: "آبان 1405",
        from: "1405/08/29",
        to: "1405/08/30",
        orders: month("1405/08").length,
        revenueRials: month("1405/08").reduce((s, x) => s + total(x), 0),
      },
      {
        key: "1405-09",
        label: "آذر 1405",
        from: "1405/09/01",
        to: "1405/09/02",
        orders: month("1405/09").length,
        revenueRials: month("1405/09").reduce((s, x) => s + total(x), 0),
      },
    ]);
  });

  it("makes Saturday-to-Friday weeks, clipped to the range", async () => {
    // 1405/08/29 is a Friday: its week ends that day; the next starts on Saturday 1405/08/30.
    const res = await get(owner, `/stores/${shop.id}/analytics?${range}&granularity=week`);
    expect(res.body.series.map((b: { from: string; to: string; orders: number }) => [b.from, b.to, b.orders])).toEqual([
      ["1405/08/29", "1405/08/29", 1],
      ["1405/08/30", "1405/09/02", 4],
    ]);
  });

  it("accepts Persian digits and slashes", async () => {
    const res = await get(
      owner,
      `/stores/${shop.id}/analytics?from=${encodeURIComponent("۱۴۰۵/۰۸/۲۹")}&to=${encodeURIComponent("۱۴۰۵-۰۹-۰۲")}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.totals.orders).toBe(SEED.filter(counted).length);
  });

  it("counts orders by state, whatever their state", async () => {
    const res = await get(owner, `/stores/${shop.id}/analytics?${range}`);
    const byState = Object.fromEntries(res.body.ordersByState.map((s: { state: string; orders: number }) => [s.state, s.orders]));
    const expected: Record<string, number> = {
      pending_payment: 0,
      paid: 0,
      processing: 0,
      shipped: 0,
      delivered: 0,
      cancelled: 0,
      refunded: 0,
    };
    for (const seed of SEED.filter(inRange)) expected[seed.state]! += 1;
    expect(byState).toEqual(expected);
    expect(res.body.ordersByState.find((s: { state: string }) => s.state === "refunded").label).toBe("مبلغ بازگردانده شد");
  });

  it("ranks products by revenue from paid orders' lines", async () => {
    const res = await get(owner, `/stores/${shop.id}/analytics?${range}`);
    const figures = (name: "tea" | "cup") => {
      const lines = SEED.filter(counted).flatMap((seed) =>
        seed.lines.filter(([product]) => product === name).map((line) => ({ seed, line })),
      );
      return {
        orders: new Set(lines.map((l) => l.seed)).size,
        quantity: lines.reduce((s, l) => s + l.line[1], 0),
        revenueRials: lines.reduce((s, l) => s + l.line[1] * l.line[2], 0),
      };
    };
    expect(
      res.body.topProductsByRevenue.map((p: { name: string; orders: number; quantity: number; revenueRials: number }) => ({
        name: p.name,
        orders: p.orders,
        quantity: p.quantity,
        revenueRials: p.revenueRials,
      })),
    ).toEqual([
      { name: "چای سیاه", ...figures("tea") },
      { name: "لیوان سفالی", ...figures("cup") },
    ]);
  });

  it("counts new and returning buyers (returning: a paid order before the range)", async () => {
    const res = await get(owner, `/stores/${shop.id}/analytics?${range}`);
    const inside = new Set(SEED.filter(counted).map((seed) => seed.buyer));
    const before = new Set(
      SEED.filter((seed) => REVENUE.includes(seed.state) && Date.parse(seed.at) < Date.parse("2026-11-19T20:30:00Z")).map(
        (seed) => seed.buyer,
      ),
    );
    const returning = [...inside].filter((buyer) => before.has(buyer)).length;
    expect(res.body.customers).toEqual({ customers: inside.size, new: inside.size - returning, returning });
    expect(res.body.customers).toEqual({ customers: 4, new: 3, returning: 1 });
  });

  it("lists models at or below the low-stock threshold", async () => {
    const res = await get(owner, `/stores/${shop.id}/analytics?${range}&lowStock=5`);
    expect(res.body.lowStock.threshold).toBe(5);
    expect(res.body.lowStock.items.map((i: { name: string; stock: number }) => [i.name, i.stock])).toEqual([["چای سیاه", 3]]);
  });

  it("follows an order's change through the analytics listener (recomputes its day)", async () => {
    expect(listenersFor("order.changed")).toContain("analytics");
    const { dataSource } = test.platform;
    await dataSource.query(`UPDATE orders SET state = 'refunded' WHERE id = $1`, [firstOrderId]);
    const job = { data: { eventId: "1", storeId: shop.id, type: "order.changed", entityId: firstOrderId, payload: {} } };
    const listener = analyticsListener({ dataSource });
    // Twice: a replayed event changes nothing.
    await listener(job as never);
    await listener(job as never);
    const res = await get(owner, `/stores/${shop.id}/analytics?${range}`);
    expect(res.body.series[0]).toMatchObject({ label: "1405/08/29", orders: 0, revenueRials: 0 });
    await dataSource.query(`UPDATE orders SET state = 'paid' WHERE id = $1`, [firstOrderId]);
    await listener(job as never);
  });
});

describe("views and conversion", () => {
  it("counts views per Tehran day and divides paid orders by views", async () => {
    const now = new Date(Date.now() + TEHRAN_OFFSET_MS);
    const today = toJalaali(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
    const res = await get(owner, `/stores/${shop.id}/analytics?from=1405-08-29&to=${today.jy}-${today.jm}-${today.jd}`);
    expect(res.status).toBe(200);
    const paidOrdersWith = (name: string) =>
      SEED.filter(
        (seed) =>
          REVENUE.includes(seed.state) && Date.parse(seed.at) >= Date.parse("2026-11-19T20:30:00Z") && seed.lines.some(([p]) => p === name),
      ).length;
    expect(
      res.body.topProductsByViews.map((p: { name: string; views: number; orders: number; conversionRate: number }) => [
        p.name,
        p.views,
        p.orders,
        p.conversionRate,
      ]),
    ).toEqual([
      ["لیوان سفالی", 10, paidOrdersWith("cup"), paidOrdersWith("cup") / 10],
      ["چای سیاه", 4, paidOrdersWith("tea"), paidOrdersWith("tea") / 4],
    ]);
  });
});

describe("who may read it", () => {
  it("answers another store's owner as if the store did not exist", async () => {
    const res = await get(otherOwner, `/stores/${shop.id}/analytics?${range}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain("چای");
  });

  it("asks for sign-in", async () => {
    expect((await get(null, `/stores/${shop.id}/analytics`)).status).toBe(401);
  });

  it("keeps each store's figures to itself", async () => {
    const res = await get(otherOwner, `/stores/${other.id}/analytics?${range}`);
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ orders: 1, revenueRials: 9_999_000, averageOrderRials: 9_999_000 });
    expect(res.body.topProductsByRevenue.map((p: { name: string }) => p.name)).toEqual(["گلیم"]);
  });
});

describe("bad queries name the field", () => {
  it.each([
    ["granularity=year", "granularity"],
    ["from=1405-13-01", "from"],
    ["to=hello", "to"],
    ["from=1405-09-10&to=1405-09-01", "to"],
    ["from=1400-01-01&to=1405-09-01", "from"],
    ["limit=0", "limit"],
    ["lowStock=-1", "lowStock"],
  ])("%s → 400 naming %s", async (query, field) => {
    const res = await get(owner, `/stores/${shop.id}/analytics?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it("rejects an unknown CSV report", async () => {
    const res = await get(owner, `/stores/${shop.id}/analytics.csv?report=everything`);
    expect([res.status, res.body.error.field]).toEqual([400, "report"]);
  });
});

describe("CSV export", () => {
  it("sends UTF-8 with a BOM, Persian headers and Jalali dates", async () => {
    const res = await get(owner, `/stores/${shop.id}/analytics.csv?${range}&report=sales`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers["content-disposition"]).toContain("analytics-sales-1405-08-29-1405-09-02.csv");
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const lines = res.text.slice(1).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("دوره,از تاریخ,تا تاریخ,تعداد سفارش,فروش (تومان)");
    expect(lines[1]).toBe("1405/08/29,1405/08/29,1405/08/29,1,100000");
    expect(lines.at(-1)).toBe(
      `جمع,1405/08/29,1405/09/02,${SEED.filter(counted).length},${SEED.filter(counted).reduce((s, x) => s + total(x), 0) / 10}`,
    );
  });

  it.each(["states", "products", "low-stock", "customers"])("exports the %s report", async (report) => {
    const res = await get(owner, `/stores/${shop.id}/analytics.csv?${range}&report=${report}`);
    expect(res.status).toBe(200);
    expect(res.text.startsWith("\uFEFF")).toBe(true);
    expect(res.text.split("\r\n").filter(Boolean).length).toBeGreaterThan(1);
  });

  it("refuses another store's export", async () => {
    expect((await get(otherOwner, `/stores/${shop.id}/analytics.csv`)).status).toBe(404);
  });
});
