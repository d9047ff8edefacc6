import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, PHONE, screenshot, watchConsole } from "../../../e2e/support/browser.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { systemContext } from "../core/context.js";
import { createApp } from "../main/app.js";
import { buildSite } from "../sites/site-build.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { updateStoreSettings } from "../tenancy/tenancy.service.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { buildShippingMethod, placeAs, tehranAddress } from "../test/order-fixtures.js";
import { signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";

/**
 * The shopper's receipt (issue 23 #9) on a phone, 390×844: the order page
 * with long names, a long address and a long store address neither scrolls
 * sideways nor cuts anything off, on screen and in print; printed on A4 it
 * keeps within the paper.
 */
const test = useTestPlatform();
let server: TestServer;
let browser: Browser;
let store: Store;
let orderId: string;
let session: { accessToken: string; phone: string };

const LONG_NAME = "کیف‌دستی‌چرمی‌دوخت‌دست‌با‌بند‌بلند‌قابل‌تنظیم‌و‌جیب‌داخلی‌زیپ‌دار‌مدل‌کاروان‌سرای‌اصفهان‌رنگ‌عسلی";

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "چرم‌دوزی استاد حسین و پسران، تولیدکنندهٔ کیف و کفش دست‌دوز" });
  await dataSource.transaction((m) =>
    updateStoreSettings(systemContext(m, "test"), store.id, {
      contact: {
        phone: "02188776655",
        provinceId: 4,
        city: "اصفهان",
        address: "میدان نقش جهان، بازار قیصریه، سرای مخلص، طبقهٔ بالا، حجرهٔ شمارهٔ ۱۲۳۴۵۶۷۸۹۰، روبه‌روی قهوه‌خانهٔ قدیمی",
        postalCode: "8134673111",
      },
    }),
  );
  const bag = await buildProduct(dataSource, store.id, { nameFa: LONG_NAME, slug: "bag", basePrice: 1_234_567_890, stock: 90 });
  const wallet = await buildProduct(dataSource, store.id, { nameFa: "کیف پول", slug: "wallet", basePrice: 4_500_000, stock: 5 });
  const post = await buildShippingMethod(dataSource, store.id);
  const instanceOf = async (productId: string) =>
    (await dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: store.id, productId })).id;
  await buildSite(test.platform, store.id, "test");
  server = await startTestServer(createApp(test.platform));
  const signedIn = await signInThroughApi(server, test.platform, { host: `${store.slug}.mall.localhost`, storeId: store.id });
  session = { accessToken: signedIn.accessToken, phone: signedIn.phone };
  const { order } = await placeAs(dataSource, store.id, signedIn.user, {
    items: [
      { instanceId: await instanceOf(bag.id), quantity: 77 },
      { instanceId: await instanceOf(wallet.id), quantity: 1 },
    ],
    address: tehranAddress({
      receiverName: "سیدمحمدحسین میرزاعبدالوهاب‌زاده‌اصفهانی‌نژاد",
      line: "بزرگراه‌شهیدحاج‌قاسم‌سلیمانی‌خروجی‌شمالی‌بلوار‌میرداماد‌کوچهٔ‌بن‌بست‌ششم‌پلاک‌۱۲۳۴۵‌واحد‌۶۷",
    }),
    shippingMethodId: post.id,
    note: "",
  });
  orderId = order.id;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Elements in the page that reach past its sides (a cut-off), by a short description. */
function outside(page: Page, width: number): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll("main *")]
    .filter((n) => n.checkVisibility() && !n.closest(".sr-only"))
    .filter((n) => { const r = n.getBoundingClientRect(); return r.width > 0 && (r.left < -0.5 || r.right > ${width} + 0.5); })
    .map((n) => n.tagName + " " + (n.textContent || "").trim().slice(0, 40))`) as Promise<string[]>;
}

/** The order page in a new window of this size, signed in as the shopper who ordered (the site keeps the access token per store). */
async function openReceipt(options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  await context.addInitScript(
    `localStorage.setItem(${JSON.stringify(`mall:session:${store.slug}`)}, ${JSON.stringify(
      JSON.stringify({ ...session, accessExpiresAt: Date.now() + 10 * 60_000 }),
    )})`,
  );
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`http://${store.slug}.mall.localhost:${server.port}/order/?id=${orderId}`);
  await page.waitForSelector('[data-testid="order-line"]');
  return { context, page, errors };
}

describe("the shopper's receipt on a phone", () => {
  it("fits 390 px on screen and in print, and A4 in print", async () => {
    const { context, page, errors } = await openReceipt({
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    await screenshot(page, "receipt-phone-screen");
    expect((await page.evaluate("document.documentElement.scrollWidth")) as number).toBeLessThanOrEqual(390);
    expect(await outside(page, 390)).toEqual([]);
    // The total and the line totals are read whole, on one line each.
    expect(await page.textContent('[data-testid="order-total"]')).toMatch(/^[۰-۹٬]+ تومان$/);

    await page.emulateMedia({ media: "print" });
    expect(await page.isVisible('[data-testid="receipt-head"]')).toBe(true);
    expect(await page.isVisible('[data-testid="print-receipt"]')).toBe(false);
    // The paper holds the receipt alone: no payment buttons; the store's postal code in Persian digits.
    expect(await page.isVisible('[data-testid="payment-note"]')).toBe(false);
    expect(await page.textContent('[data-testid="receipt-head"]')).toContain("کد پستی ۸۱۳۴۶۷۳۱۱۱");
    await screenshot(page, "receipt-phone-print");
    expect((await page.evaluate("document.documentElement.scrollWidth")) as number).toBeLessThanOrEqual(390);
    expect(await outside(page, 390)).toEqual([]);

    // A4 at 96 dpi less the page margins of the print style (12 mm each side): 703 px of paper width.
    await page.setViewportSize({ width: 703, height: 1000 });
    expect((await page.evaluate("document.documentElement.scrollWidth")) as number).toBeLessThanOrEqual(703);
    expect(await outside(page, 703)).toEqual([]);
    await screenshot(page, "receipt-a4-print");
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});

describe("the shopper's receipt on a laptop", () => {
  it("shows the lines, totals and address whole at 1366 px on screen and in print", async () => {
    const { context, page, errors } = await openReceipt({ viewport: { width: 1366, height: 900 } });
    await screenshot(page, "receipt-desktop-screen");
    expect((await page.evaluate("document.documentElement.scrollWidth")) as number).toBeLessThanOrEqual(1366);
    expect(await outside(page, 1366)).toEqual([]);
    const main = await page.locator("main").innerText();
    expect(main).toContain(LONG_NAME);
    expect(main).toContain("سیدمحمدحسین میرزاعبدالوهاب‌زاده‌اصفهانی‌نژاد");
    expect(main).not.toMatch(/[0-9]|null|undefined|NaN/);
    expect(await page.textContent('[data-testid="order-total"]')).toMatch(/^[۰-۹٬]+ تومان$/);

    await page.emulateMedia({ media: "print" });
    expect(await page.isVisible('[data-testid="receipt-head"]')).toBe(true);
    expect(await page.isVisible('[data-testid="print-receipt"]')).toBe(false);
    await screenshot(page, "receipt-desktop-print");
    expect(await outside(page, 1366)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
