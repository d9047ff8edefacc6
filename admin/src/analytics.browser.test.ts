import { openBackOffice } from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot } from "@mall/e2e/support/browser.js";
import { rebuildStore } from "@mall/server/analytics/daily-stats.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * The dashboard's analytics in Debian's Chromium: a store with a month of
 * orders, its charts (revenue over time, orders by state, top products) in
 * Persian and right to left, the presets, and the CSV download. The page is
 * kept as .reports/screenshots/admin-dashboard-analytics.png.
 */
const test = useAdminServer();
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let store: Store;
let session: AdminSession;

const PRODUCTS = ["چای سیاه لاهیجان", "زعفران قائنات", "عسل طبیعی سبلان", "خرمای مضافتی بم"];
const STATES = ["delivered", "delivered", "shipped", "processing", "paid", "pending_payment", "cancelled", "refunded"];

beforeAll(async () => {
  const { dataSource } = test.platform;
  const owner = await buildUser(dataSource);
  store = await buildStore(dataSource, { name: "بازارچهٔ سوغات", ownerPhone: owner.phone });
  const products = [];
  for (const [index, nameFa] of PRODUCTS.entries())
    products.push(await buildProduct(dataSource, store.id, { name: `Product ${index}`, nameFa }));
  const buyers = [await buildUser(dataSource), await buildUser(dataSource), await buildUser(dataSource)];
  // Orders over the last 30 days in Tehran, a few a day, every state; totals grow towards today.
  await dataSource.query(
    `WITH o AS (
       INSERT INTO orders (store_id, number, user_id, customer_phone, state, subtotal, shipping_total, total, item_count, shipping_kind, shipping_name, shipping_address, created_at, updated_at)
       SELECT $1, g, ($2::uuid[])[1 + g % 3], '+989120000000', ($3::text[])[1 + g % 8], 0, 0, 0, 1, 'post_pishtaz', 'پست پیشتاز', '{}'::jsonb,
              now() - make_interval(hours => (g * 7) % 700), now()
         FROM generate_series(1, 120) g
       RETURNING id, number)
     INSERT INTO order_lines (store_id, order_id, position, product_id, product_name, product_slug, sku, unit_price, quantity, line_total)
     SELECT $1, o.id, 0, ($4::uuid[])[1 + (o.number / 3) % 4], 'p', 'p', 'SKU', 1000000 + o.number * 25000, 1 + o.number % 3, (1000000 + o.number * 25000) * (1 + o.number % 3) FROM o`,
    [store.id, buyers.map((b) => b.id), STATES, products.map((p) => p.id)],
  );
  await dataSource.query(
    `UPDATE orders o SET subtotal = l.line_total, total = l.line_total FROM order_lines l WHERE l.order_id = o.id AND o.store_id = $1`,
    [store.id],
  );
  await dataSource.query(
    `INSERT INTO product_daily_views (store_id, day, product_id, views)
     SELECT $1, (now() AT TIME ZONE 'Asia/Tehran')::date - d, p, 5 + (d * 3 + i) % 20 FROM generate_series(0, 29) d, unnest($2::uuid[]) WITH ORDINALITY AS t(p, i)`,
    [store.id, products.map((p) => p.id)],
  );
  await dataSource.transaction((manager) => rebuildStore(manager, store.id));

  session = await signInToAdmin(test.server, test.platform, owner.phone);
  browser = await launchBrowser();
  ({ page, consoleErrors } = await openBackOffice(browser, { session: { url: test.server.url, cookie: session.cookie } }));
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("the dashboard's analytics", () => {
  it("draws revenue over time, orders by state and top products in Persian, right to left", async () => {
    await page.goto(`${test.server.url}/admin`);
    try {
      await page.waitForSelector(".mall-analytics [data-chart=revenue] canvas");
    } catch (error) {
      await screenshot(page, "admin-dashboard-analytics-failed");
      throw new Error(`no chart; console: ${consoleErrors.join(" | ")}`, { cause: error });
    }
    await page.waitForSelector(".mall-analytics [data-chart=states] canvas");
    await page.waitForSelector(".mall-analytics [data-chart=top-products] canvas");
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    const text = await page.locator(".mall-analytics").innerText();
    expect(text).toContain("فروش در طول زمان");
    expect(text).toContain("سفارش‌ها بر اساس وضعیت");
    expect(text).toContain("پرفروش‌ترین محصولات");
    expect(text).toMatch(/[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} تا [۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/);
    expect(text).not.toMatch(/[0-9]/);
    // Chart.js animates in; the picture is taken once it has settled.
    await page.waitForTimeout(1200);
    const height = Number(
      await page.evaluate(`Math.max(...[...document.querySelectorAll("section, main, #app")].map((element) => element.scrollHeight))`),
    );
    await page.setViewportSize({ width: 1366, height: Math.min(Math.max(height, 900), 4000) });
    await screenshot(page, "admin-dashboard-analytics");
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it("switches the range with a preset and offers the report as CSV", async () => {
    const before = await page.locator(".mall-analytics__range-note").innerText();
    await page.getByRole("button", { name: "۷ روز" }).click();
    await expect.poll(() => page.locator(".mall-analytics__range-note").innerText()).not.toBe(before);
    const href = await page.locator(".mall-analytics__download").getAttribute("href");
    expect(href).toContain("/admin/analytics/export.csv?");
    // The raw bytes: fetch's text() would drop the BOM Excel needs.
    const csv = await fetch(`${test.server.url}${href!}`, { headers: { cookie: session.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8").split("\r\n")[0]).toBe("دوره,از تاریخ,تا تاریخ,تعداد سفارش,فروش (تومان)");
  }, 60_000);

  it("refuses another store's analytics", async () => {
    const other = await buildStore(test.platform.dataSource);
    expect((await session.get(`/analytics/report?storeId=${other.id}`)).status).toBe(404);
  });
});
