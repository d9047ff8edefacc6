import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, watchConsole } from "../../../e2e/support/browser.js";
import { updateInstance } from "../catalog/instance.service.js";
import { productDetail } from "../catalog/product.service.js";
import { createApp } from "../http/app.js";
import { systemContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore, buildShirtCategory } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildSite } from "./site-build.service.js";

const test = useTestPlatform();
let server: TestServer;
let browser: Browser;
let store: Store;
let blueLargeId: string;

const PERSIAN_PRICE = /[۰-۹]{1,3}(٬[۰-۹]{3})* تومان/;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "پوشاک نمونه" });
  const { category: shirts, color, size, allValues } = await buildShirtCategory(dataSource, store.id, { isCategorizer: true });
  const product = await buildProduct(dataSource, store.id, {
    categoryId: shirts.id,
    name: "Tile T-shirt",
    nameFa: "تی‌شرت طرح کاشی",
    slug: "tile-tshirt",
    description: "<p>پارچهٔ نخ پنبه</p>",
    basePrice: 4_500_000,
    stock: 5,
    attributes: allValues,
  });
  await buildProduct(dataSource, store.id, { categoryId: shirts.id, nameFa: "تی‌شرت ساده", slug: "plain-tshirt", basePrice: 3_000_000, stock: 2 });
  const detail = await dataSource.transaction((m) => productDetail(systemContext(m, "test"), product, { activeInstancesOnly: true }));
  const blue = color.values.find((v) => v.value === "blue")!.id;
  const large = size.values.find((v) => v.value === "l")!.id;
  blueLargeId = detail.instances.find(({ attributes }) => attributes.some((a) => a.attributeValueId === blue) && attributes.some((a) => a.attributeValueId === large))!.instance.id;
  await buildSite(test.platform, store.id, "test");
  server = await startTestServer(createApp(test.platform));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page on the store's own host; Chromium sends *.localhost to this machine. */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`http://${store.slug}.mall.localhost:${server.port}${path}`);
  return { page, errors };
}

describe("the store site in Chromium", { timeout: 90_000 }, () => {
  it("picks a colour and size on a facet page's product, shows live price and stock, and keeps the cart across a reload", async () => {
    // A price change the site has not been rebuilt for: only the live island can know it.
    await test.platform.dataSource.transaction((m) => updateInstance(systemContext(m, "test"), store.id, blueLargeId, { price: 4_990_000, stock: 2 }));

    const { page, errors } = await open("/c/t-shirts/blue/");
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    expect(await page.getAttribute("html", "lang")).toBe("fa");
    await expect(page.locator("h1").textContent()).resolves.toContain("آبی");
    await page.click('a[href="/p/tile-tshirt/"] >> nth=0');
    await page.waitForSelector('[data-live="yes"]');

    await page.click('button[aria-label="آبی"]');
    await page.click('button[aria-label="L"]');
    await expect.poll(() => page.textContent('[data-testid="live-price"]')).toBe("۴۹۹٬۰۰۰ تومان");
    expect(await page.textContent('[data-testid="live-stock"]')).toBe("فقط ۲ عدد باقی مانده");
    await page.click('button[aria-label="قرمز"]');
    await expect.poll(() => page.textContent('[data-testid="live-price"]')).toBe("۴۵۰٬۰۰۰ تومان");
    await page.click('button[aria-label="آبی"]');

    await page.click("text=افزودن به سبد خرید");
    await expect.poll(() => page.textContent('[data-testid="cart-count"]')).toBe("۱");
    await page.reload();
    await expect.poll(() => page.textContent('[data-testid="cart-count"]')).toBe("۱");

    await page.goto(`http://${store.slug}.mall.localhost:${server.port}/cart/`);
    await page.waitForSelector('[data-testid="cart-line"]');
    expect(await page.textContent('[data-testid="cart-line"]')).toContain("آبی / L");
    expect(await page.textContent('[data-testid="cart-total"]')).toBe("۴۹۹٬۰۰۰ تومان");
    await screenshot(page, "site-cart");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(["bazaar", "minimal"] as const)("renders home, category and product pages in the %s theme", async (theme) => {
    await test.platform.dataSource.getRepository(Store).update({ id: store.id }, { theme, layout: theme === "bazaar" ? "grid" : "list" });
    const build = await buildSite(test.platform, store.id, "test");
    expect(build.status).toBe("succeeded");
    for (const [name, path] of [
      ["home", "/"],
      ["category", "/c/t-shirts/"],
      ["product", "/p/tile-tshirt/"],
    ] as const) {
      const { page, errors } = await open(path);
      await page.waitForLoadState("networkidle");
      expect(await page.getAttribute("body", "data-theme")).toBe(theme);
      expect(await page.textContent("main")).toMatch(PERSIAN_PRICE);
      expect(await page.evaluate("getComputedStyle(document.body).fontFamily")).toContain("Vazirmatn");
      const ids = await page.$$eval("[id]", (nodes) => nodes.map((n) => n.id));
      expect(new Set(ids).size).toBe(ids.length);
      await screenshot(page, `site-${theme}-${name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
