import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "../../../e2e/support/browser.js";
import { consoleInbox } from "../../../e2e/support/store-site.js";
import { buildSite } from "../sites/site-build.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore, randomPhone } from "../test/factories.js";
import { useStoreSiteBrowser } from "../test/store-site-browser.js";
import { useTestPlatform } from "../test/test-platform.js";
import { toPersianDigits } from "@mall/locale";

/**
 * A shopper on a slow phone types the number into the sign-in form before its
 * island has hydrated (the account page is static HTML; here the island's
 * scripts are held back until the number is in): once the island runs, the
 * number is still there, «دریافت کد ورود» takes it and the code request
 * carries it, without typing it again.
 */
const test = useTestPlatform();
// The sign-in SMS goes through the queue to the console driver, which keeps the code for the inbox.
const site = useStoreSiteBrowser(test);
let store: Store;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "کتاب‌فروشی نمونه" });
  await buildProduct(dataSource, store.id, { nameFa: "دیوان حافظ", slug: "hafez", basePrice: 2_000_000, stock: 3 });
  await buildSite(test.platform, store.id, "test");
}, 120_000);

describe("the sign-in form before its island hydrates", () => {
  it("keeps a number typed before hydration and asks for the code with it", async () => {
    const { context, page, errors } = await site.open({ locale: "fa-IR" });
    // The islands' scripts (Astro puts every bundle under /_astro/) wait until the shopper has typed.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held: string[] = [];
    await page.route(/\/_astro\/.+\.js$/, async (route) => {
      held.push(route.request().url());
      await released;
      await route.continue();
    });

    await page.goto(`${site.origin(store)}/account/`, { waitUntil: "commit" });
    const island = page.locator("astro-island", { has: page.locator('[data-testid="sign-in"]') }).last();
    const phoneField = page.locator('[data-testid="sign-in"] input[name="phone"]');
    const ask = page.locator('[data-testid="sign-in"] button:has-text("دریافت کد ورود")');
    await phoneField.waitFor();
    // The browser has asked for the island's script and is kept waiting: the form is the server's HTML alone.
    await expect.poll(() => held.length).toBeGreaterThan(0);
    expect(await island.getAttribute("ssr")).toBe("");

    const phone = randomPhone();
    const typed = toPersianDigits(`0${phone.slice(3)}`);
    await phoneField.click();
    await page.keyboard.type(typed);
    expect(await phoneField.inputValue()).toBe(typed);
    expect(await ask.isDisabled()).toBe(true);
    expect(await island.getAttribute("ssr")).toBe("");
    await screenshot(page, "sign-in-typed-before-hydration");

    release();
    // Hydrated: Astro drops the island's ssr attribute.
    await page.locator('astro-island:not([ssr]) [data-testid="sign-in"]').waitFor();
    expect(await phoneField.inputValue()).toBe(typed);
    await expect.poll(() => ask.isEnabled()).toBe(true);
    await screenshot(page, "sign-in-hydrated-with-the-number");

    const code = consoleInbox(test.platform).mark(phone);
    const request = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/api/v1/auth/send-otp"));
    await ask.click();
    expect((await request).postDataJSON()).toEqual({ phone: typed });
    await page.locator('[data-testid="sign-in"] input[name="code"]').fill(await code());
    await page.click('[data-testid="sign-in"] button:text-is("ورود")');
    await page.locator('[data-testid="sign-in"]').waitFor({ state: "detached" });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
