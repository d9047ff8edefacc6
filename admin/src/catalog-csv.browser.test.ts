import { openBackOffice } from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot } from "@mall/e2e/support/browser.js";
import { exportProductsCsv } from "@mall/server/catalog/csv/product-export.service.js";
import { systemContext } from "@mall/server/core/context.js";
import { buildProduct, buildShirtCategory, buildStore } from "@mall/server/test/factories.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer } from "./test/admin-server.js";

/**
 * The products list's «CSV» page in Debian's Chromium: a file chosen there
 * is imported by the worker while the page's progress bar follows the job,
 * then the summary (or the errors, by row and column) shows. Screenshots:
 * .reports/screenshots/admin-product-csv*.png.
 */
const test = useAdminServer({ queues: ["sms", "catalog-import"] });
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let store: Store;
let csv: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "پوشاک نمونه" });
  const { category, allValues } = await buildShirtCategory(dataSource, store.id);
  for (const [i, nameFa] of ["تی‌شرت ساده", "تی‌شرت راه‌راه", "تی‌شرت یقه‌دار"].entries()) {
    await buildProduct(dataSource, store.id, {
      categoryId: category.id,
      nameFa,
      name: `Tee ${i}`,
      slug: `tee-${i}`,
      basePrice: 2_000_000 + i * 100_000,
      attributes: allValues,
      stock: 5,
    });
  }
  csv = (await exportProductsCsv(systemContext(dataSource.manager, "test"), store.id)).csv;
  const [owner] = await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
  const session = await signInToAdmin(test.server, test.platform, owner.phone);
  browser = await launchBrowser();
  ({ page, consoleErrors } = await openBackOffice(browser, { session: { url: test.server.url, cookie: session.cookie } }));
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("the back office's product CSV page", () => {
  it("imports a chosen file with a progress bar and shows the summary, or the errors by row and column", async () => {
    await page.goto(`${test.server.url}/admin/resources/products/actions/csv`);
    await page.waitForSelector("text=دریافت فایل CSV محصولات");
    const [header, ...rows] = parse(csv.slice(1)) as string[][];
    rows[0]![8] = "2500000";
    await page.setInputFiles("#csv-file", {
      name: "products.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("\uFEFF" + stringify([header!, ...rows])),
    });
    await page.waitForSelector("text=درون‌ریزی انجام شد.");
    const text = await page.locator(".mall-csv").innerText();
    expect(text).toContain("مدل‌ها: ۰ تازه، ۱ تغییر، ۱۱ بی‌تغییر");
    await screenshot(page, "admin-product-csv");

    rows[1]![9] = "-2";
    rows[2]![3] = "کفش";
    await page.setInputFiles("#csv-file", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(stringify([header!, ...rows])) });
    await page.waitForSelector(".mall-csv-errors");
    const errors = await page.locator(".mall-csv-errors").innerText();
    expect(errors).toContain("۲ خطا؛ هیچ چیز ثبت نشد.");
    expect(errors).toContain("موجودی");
    expect(errors).toContain("دسته‌ای با مسیر «کفش» در این فروشگاه نیست.");
    await screenshot(page, "admin-product-csv-errors");
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
