import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "../../../e2e/support/browser.js";
import { consoleInbox, signInOnSite } from "../../../e2e/support/store-site.js";
import { buildSite } from "../sites/site-build.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { randomPhone } from "../test/factories.js";
import { useStoreSiteBrowser } from "../test/store-site-browser.js";
import { useTestPlatform } from "../test/test-platform.js";
import { seedDemo, seedDemoMedia } from "./demo-data.js";

/**
 * What `npm run up` seeds sells from the first minute: with nothing set up
 * by hand, a shopper opens the demo store (logo, product pictures, content
 * pages in the footer), puts a teapot in the cart, signs in by SMS code,
 * gives a Shiraz address, picks Pishtaz and reaches the sandbox's payment
 * page. Screenshots: .reports/screenshots/demo-*.png.
 */
const test = useTestPlatform({ PAYMENT_SANDBOX: "true" });
const site = useStoreSiteBrowser(test);
let store: Store;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await seedDemo(dataSource);
  await seedDemoMedia(
    dataSource,
    { storage: test.platform.mediaStorage, logger: test.platform.logger, maxImagePixels: test.config.MEDIA_MAX_IMAGE_PIXELS },
    store.id,
  );
  expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");
}, 180_000);

describe("the demo store", () => {
  it("is seeded again without changes (what exists is left as it is)", async () => {
    const counts = async () =>
      (
        await test.platform.dataSource.query(
          `SELECT (SELECT count(*) FROM products WHERE store_id = $1) AS p, (SELECT count(*) FROM media WHERE store_id = $1) AS m, (SELECT count(*) FROM shipping_methods WHERE store_id = $1) AS s`,
          [store.id],
        )
      )[0];
    const before = await counts();
    await seedDemo(test.platform.dataSource);
    await seedDemoMedia(
      test.platform.dataSource,
      { storage: test.platform.mediaStorage, logger: test.platform.logger, maxImagePixels: test.config.MEDIA_MAX_IMAGE_PIXELS },
      store.id,
    );
    expect(await counts()).toEqual(before);
    expect(Number(before.s)).toBe(3);
    expect(Number(before.m)).toBeGreaterThanOrEqual(9);
  });

  it("takes a shopper from the home page to the sandbox's payment page with no setup", async () => {
    const origin = site.origin(store);
    const { context, page, errors } = await site.open({ viewport: { width: 1280, height: 900 } });

    await page.goto(`${origin}/`);
    // The logo and the products' pictures are real images that loaded.
    await expect
      .poll(
        () =>
          page
            .locator("[data-store-logo] img")
            .evaluate(
              (img) =>
                (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
                (img as unknown as { naturalWidth: number }).naturalWidth > 0,
            ),
        // expect.poll gives up after one second by default: too soon for a picture on a loaded machine.
        { timeout: 30_000 },
      )
      .toBe(true);
    const pictures = page.locator("main picture img");
    expect(await pictures.count()).toBeGreaterThan(3);
    await pictures.first().scrollIntoViewIfNeeded();
    await expect
      .poll(
        () =>
          pictures
            .first()
            .evaluate(
              (img) =>
                (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
                (img as unknown as { naturalWidth: number }).naturalWidth > 0,
            ),
        // expect.poll gives up after one second by default: too soon for a picture on a loaded machine.
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(await page.textContent("footer")).toContain("درباره ما");
    expect(await page.textContent("footer")).toContain("۰۲۱۸۸۷۷۶۶۵۵");
    await screenshot(page, "demo-1-home");

    await page.goto(`${origin}/p/copper-teapot/`);
    await page.waitForSelector('[data-live="yes"]');
    await screenshot(page, "demo-2-product");
    await page.click("text=افزودن به سبد خرید");
    await page.goto(`${origin}/cart/`);
    await page.waitForSelector('[data-checked="yes"]');
    await page.click("text=ادامهٔ خرید و پرداخت");

    const phone = randomPhone();
    await signInOnSite(page, { phone, typed: `0${phone.slice(3)}`, inbox: consoleInbox(test.platform) });
    await page.waitForSelector('[data-testid="signed-in"]');

    await page.waitForSelector('[data-testid="address-form"]');
    await page.fill('input[name="receiverName"]', "سارا کریمی");
    await page.fill('input[name="mobile"]', `0${phone.slice(3)}`);
    await page.selectOption('select[name="provinceId"]', { label: "فارس" });
    await page.selectOption('select[name="cityId"]', { label: "شیراز" });
    await page.fill('input[name="line"]', "خیابان زند، کوچهٔ ۱۲، پلاک ۴");
    await page.fill('input[name="postalCode"]', "۷۱۳۴۸۵۴۳۲۱");
    await page.click("text=ذخیرهٔ نشانی");

    // Pishtaz and Tipax reach Shiraz; the Tehran courier does not.
    await page.waitForSelector('[data-testid="shipping-options"]');
    const options = await page.textContent('[data-testid="shipping-options"]');
    expect(options).toContain("پست پیشتاز");
    expect(options).toContain("تیپاکس");
    expect(options).not.toContain("پیک تهران");
    await page.click('[data-testid="shipping-options"] label:has-text("پست پیشتاز")');
    await screenshot(page, "demo-3-checkout");
    // The sandbox is the gateway on offer; Pishtaz is free above 2,000,000 Tomans.
    expect(await page.textContent('[data-testid="checkout-total"]')).toBe("۲٬۳۰۰٬۰۰۰ تومان");
    await page.click('button:text-is("ثبت سفارش و پرداخت")');
    await page.waitForURL(/\/api\/v1\/sandbox-gateway\//);
    expect(await page.textContent('[data-testid="sandbox-amount"]')).toBe("۲٬۳۰۰٬۰۰۰ تومان");
    await screenshot(page, "demo-4-sandbox");
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
