import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { PHONE, screenshot } from "../../../e2e/support/browser.js";
import { updateProduct } from "../catalog/product.service.js";
import { systemContext } from "../core/context.js";
import { buildSite } from "../sites/site-build.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore, randomPhone } from "../test/factories.js";
import { clearRateLimits, waitForLastOtp } from "../test/sign-in.js";
import { useStoreSiteBrowser } from "../test/store-site-browser.js";
import { useTestPlatform } from "../test/test-platform.js";
import { toPersianDigits } from "@mall/locale";

/**
 * A signed-in shopper's cart follows them to another device (issue 23 #4):
 * on a laptop (context A) the shopper signs in and fills the cart; on a phone
 * (context B, nothing shared) a cart filled before signing in is merged with
 * it at sign-in (a variant in both summed within its stock, a product taken
 * off sale meanwhile dropped); A, reloaded, shows the merged cart too.
 */
const test = useTestPlatform();
// The sign-in SMS goes through the queue to the console driver, which keeps the code for waitForLastOtp.
const site = useStoreSiteBrowser(test);
let store: Store;
let trayId: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "ظروف سنتی" });
  await buildProduct(dataSource, store.id, { nameFa: "قوری چینی", slug: "teapot", basePrice: 3_000_000, stock: 3 });
  await buildProduct(dataSource, store.id, { nameFa: "استکان کمرباریک", slug: "cups", basePrice: 900_000, stock: 10 });
  trayId = (await buildProduct(dataSource, store.id, { nameFa: "سینی مسی", slug: "tray", basePrice: 2_000_000, stock: 5 })).id;
  await buildSite(test.platform, store.id, "test");
}, 120_000);

const origin = () => site.origin(store);

/** Signs in on the account page by SMS code. */
async function signIn(page: Page, phone: string, name: string): Promise<void> {
  // Each device asks for a code within the minute the last one's cooldown lasts: as a day later.
  await clearRateLimits(test.platform);
  await page.goto(`${origin()}/account/`);
  await page.waitForSelector('[data-testid="sign-in"]');
  // Fill until the button takes it: a fill before the island has hydrated leaves the button disabled.
  await expect
    .poll(
      async () => {
        await page.fill('input[name="phone"]', toPersianDigits(`0${phone.slice(3)}`));
        return page.isEnabled('button:has-text("دریافت کد ورود")');
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
  const asked = new Date().toISOString();
  await page.click("text=دریافت کد ورود");
  const { code } = await waitForLastOtp(test.platform.redis, phone, { newerThan: asked }).catch(async (error: unknown) => {
    await screenshot(page, `saved-cart-${name}-failed-sign-in`);
    throw error;
  });
  await page.fill('input[name="code"]', code);
  await page.click('button:text-is("ورود")');
  await page.waitForSelector('[data-testid="sign-in"]', { state: "detached" });
}

/** Adds one of a product from its page and waits for the header's count. */
async function addToCart(page: Page, slug: string, count: number): Promise<void> {
  await page.goto(`${origin()}/p/${slug}/`);
  const button = page.locator('astro-island:not([ssr]) button:has-text("افزودن به سبد خرید")');
  await button.first().click();
  await expect.poll(() => page.textContent('header [data-testid="cart-count"]')).toBe(toPersianDigits(count));
}

/** Opens the cart page; its lines are read by cartLines. */
async function openCart(page: Page): Promise<void> {
  await page.goto(`${origin()}/cart/`);
  await page.waitForSelector('[data-testid="cart"][data-checked="yes"], [data-testid="cart-empty"]');
}

/** The cart page's lines as «name × quantity». */
function cartLines(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="cart-line"]', (lines) =>
    lines.map(
      (line) =>
        `${line.querySelector("div.min-w-0 > a")?.textContent?.trim()} × ${line.querySelector('[data-testid="cart-quantity"]')?.textContent}`,
    ),
  );
}

describe("the saved cart in Chromium", () => {
  it("follows the shopper to another device, merged with that device's cart at sign-in", async () => {
    const phone = randomPhone();
    const laptop = await site.open({ locale: "fa-IR", viewport: { width: 1366, height: 900 } });
    await signIn(laptop.page, phone, "laptop");
    await addToCart(laptop.page, "teapot", 1);
    await addToCart(laptop.page, "teapot", 2);
    await addToCart(laptop.page, "cups", 3);
    // Saved as it changed.
    await expect
      .poll(async () =>
        Number(
          (await test.platform.dataSource.query(`SELECT sum(quantity) AS n FROM saved_cart_items WHERE store_id = $1`, [store.id]))[0].n,
        ),
      )
      .toBe(3);

    // The phone's cart, filled before signing in: a teapot (two are saved; stock is three), and a tray.
    const phoneDevice = await site.open({ locale: "fa-IR", viewport: PHONE });
    await addToCart(phoneDevice.page, "teapot", 1);
    await addToCart(phoneDevice.page, "teapot", 2);
    await addToCart(phoneDevice.page, "tray", 3);
    // The tray is taken off sale before the shopper signs in.
    await test.platform.dataSource.transaction((m) => updateProduct(systemContext(m, "test"), store.id, trayId, { isActive: false }));
    await signIn(phoneDevice.page, phone, "phone");
    await expect.poll(() => phoneDevice.page.textContent('header [data-testid="cart-count"]'), { timeout: 20_000 }).toBe("۴");
    const merged = ["قوری چینی × ۳", "استکان کمرباریک × ۱"];
    await openCart(phoneDevice.page);
    await expect.poll(() => cartLines(phoneDevice.page)).toEqual(merged);
    await screenshot(phoneDevice.page, "saved-cart-phone-merged");

    // The laptop, reloaded, shows the merged cart.
    await laptop.page.reload();
    await expect.poll(() => laptop.page.textContent('header [data-testid="cart-count"]'), { timeout: 20_000 }).toBe("۴");
    await openCart(laptop.page);
    await expect.poll(() => cartLines(laptop.page)).toEqual(merged);
    await screenshot(laptop.page, "saved-cart-laptop-reloaded");

    // A change on the laptop reaches the phone; signing out keeps the saved cart.
    await laptop.page.locator('[data-testid="cart-line"]').nth(1).locator('[data-testid="cart-remove"]').click();
    await expect.poll(() => laptop.page.textContent('header [data-testid="cart-count"]')).toBe("۳");
    await expect
      .poll(async () =>
        Number(
          (await test.platform.dataSource.query(`SELECT sum(quantity) AS n FROM saved_cart_items WHERE store_id = $1`, [store.id]))[0].n,
        ),
      )
      .toBe(3);
    await laptop.page.goto(`${origin()}/account/`);
    await laptop.page.click('button:has-text("خروج")');
    await laptop.page.waitForSelector('[data-testid="sign-in"]');
    await openCart(phoneDevice.page);
    await expect.poll(() => cartLines(phoneDevice.page)).toEqual(["قوری چینی × ۳"]);
    // Signing in again on the laptop adds nothing twice: its cart came from the server.
    await signIn(laptop.page, phone, "laptop-again");
    await openCart(laptop.page);
    await expect.poll(() => cartLines(laptop.page)).toEqual(["قوری چینی × ۳"]);
    await expect
      .poll(async () =>
        Number(
          (await test.platform.dataSource.query(`SELECT sum(quantity) AS n FROM saved_cart_items WHERE store_id = $1`, [store.id]))[0].n,
        ),
      )
      .toBe(3);

    expect([...laptop.errors, ...phoneDevice.errors].filter((e) => !e.includes("status of 401"))).toEqual([]);
    await laptop.context.close();
    await phoneDevice.context.close();
  }, 240_000);
});
