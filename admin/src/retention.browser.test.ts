import { generateKeyPairSync, sign } from "node:crypto";
import { toPersianDigits } from "@mall/locale";
import { consoleInbox, openBackOffice, signInThroughForm } from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot, SCREENSHOT_DIR } from "@mall/e2e/support/browser.js";
import { EMALLS_PATH, TOROB_PATH } from "@mall/server/retention/comparison-webservice.js";
import { storeOrigin } from "@mall/server/tenancy/store-origin.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { SmsMessage } from "@mall/server/messaging/sms-message.entity.js";
import { sweepReminders } from "@mall/server/retention/unpaid-reminder.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAdminServer } from "./test/admin-server.js";

/**
 * Issue 27 in the back office, walked in Chromium as a merchant: turning
 * Torob's and Emalls' webservices on, reading the addresses and Emalls'
 * token off the store page, and each site's call answered with them; then
 * the daily SMS budget. Screenshots: .reports/screenshots/price-comparison-*.png, sms-budget-*.png.
 */
const torobKeys = generateKeyPairSync("ed25519");
const test = useAdminServer({
  queues: ["sms"],
  env: { TOROB_PUBLIC_KEY: torobKeys.publicKey.export({ type: "spki", format: "pem" }).toString() },
});
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** The merchant's own window on the back office, signed in through the login form with the code the SMS (console driver) carried. */
async function signIn(phone: string): Promise<{ page: Page; errors: string[] }> {
  const { page, consoleErrors } = await openBackOffice(browser);
  await signInThroughForm(page, test.server.url, { phone, inbox: consoleInbox(test.platform) });
  return { page, errors: consoleErrors };
}

async function ownerOf(store: Store): Promise<string> {
  const [owner] = await test.platform.dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
  return owner.phone as string;
}

const shown = (page: Page, property: string) => page.locator(`[data-testid="property-show-${property}"]`);

/** A token as Torob makes one for `aud` (PROTOCOLS.md §10), signed with the key the server was given. */
function torobToken(aud: string): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: "EdDSA", typ: "JWT" });
  const body = b64({ aud, iss: "torob", iat: now, nbf: now - 5, exp: now + 300 });
  return `${head}.${body}.${sign(null, Buffer.from(`${head}.${body}`), torobKeys.privateKey).toString("base64url")}`;
}

describe("price comparison in the back office", () => {
  it("the merchant turns Torob and Emalls on, sees the addresses and Emalls' token, and each site's call is answered with them", async () => {
    const { dataSource } = test.platform;
    const store = await buildStore(dataSource, { name: "کفش ونوس" });
    await buildProduct(dataSource, store.id, { nameFa: "کتانی سفید", slug: "white-sneakers", basePrice: 32_000_000, stock: 4 });
    const { page, errors } = await signIn(await ownerOf(store));
    const origin = storeOrigin(test.platform.config, store);

    // Off to begin with: no token on the page, and the sites get 404.
    await page.goto(`${test.server.url}/admin/resources/stores/records/${store.id}/show`);
    await shown(page, "emallsToken").waitFor();
    expect(await shown(page, "emallsToken").innerText()).toContain("—");

    await page.goto(`${test.server.url}/admin/resources/stores/records/${store.id}/edit`);
    await page.locator('label[for="torobEnabled"]').click();
    await page.locator('label[for="emallsEnabled"]').click();
    expect(await page.locator("input#torobEnabled").isChecked()).toBe(true);
    expect(await page.locator("input#emallsEnabled").isChecked()).toBe(true);
    await screenshot(page, "price-comparison-switches");
    await page.locator("form button[type=submit]").first().click();
    await expect
      .poll(async () => (await dataSource.getRepository(Store).findOneByOrFail({ id: store.id })).emallsEnabled, { timeout: 30_000 })
      .toBe(true);
    expect((await dataSource.getRepository(Store).findOneByOrFail({ id: store.id })).torobEnabled).toBe(true);

    await page.goto(`${test.server.url}/admin/resources/stores/records/${store.id}/show`);
    await shown(page, "emallsToken").waitFor();
    const torobUrl = (await shown(page, "torobUrl").locator("[dir=ltr]").innerText()).trim();
    const emallsUrl = (await shown(page, "emallsUrl").locator("[dir=ltr]").innerText()).trim();
    const token = (await shown(page, "emallsToken").locator("[dir=ltr]").innerText()).trim();
    expect(torobUrl).toBe(`${origin}${TOROB_PATH}`);
    expect(emallsUrl).toBe(`${origin}${EMALLS_PATH}`);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    await shown(page, "emallsToken").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/price-comparison-addresses.png` });

    // Emalls calls the address it was given with the token (the test server's real port stands in for PUBLIC_URL's).
    const live = (url: string) => url.replace(origin, `http://${new URL(origin).hostname}:${test.server.port}`);
    const site = await browser.newPage();
    const answer = await site.goto(`${live(emallsUrl)}?page=1&item_per_page=10&token=${token}`);
    expect(answer?.status()).toBe(200);
    const body = JSON.parse(await site.locator("body").innerText());
    expect(body).toMatchObject({ success: true, total_items: 1, pages_count: 1, page_num: 1, item_per_page: 10 });
    expect(body.products[0]).toMatchObject({
      title: "کتانی سفید",
      price: 3_200_000,
      is_available: true,
      url: `${origin}/p/white-sneakers/`,
    });
    await screenshot(site, "price-comparison-emalls-answer");
    expect((await site.goto(`${live(emallsUrl)}?page=1&item_per_page=10&token=${"0".repeat(32)}`))?.status()).toBe(401);

    // Torob posts to its address with its own signed token for the store's host: nothing of ours to give.
    const host = new URL(torobUrl).host;
    const torob = await test.server.request("POST", new URL(torobUrl).pathname, {
      host,
      headers: { "X-Torob-Token": torobToken(host), "X-Torob-Token-Version": "1" },
      body: { page: 1, sort: "date_added_desc" },
    });
    expect(torob.status).toBe(200);
    expect(torob.body).toMatchObject({ api_version: "torob_api_v3", total: 1 });
    expect(torob.body.products[0]).toMatchObject({ current_price: 3_200_000, page_url: `${origin}/p/white-sneakers/` });

    // Renewed from the store page: the old token stops, the new one on the page works.
    await page.locator(":is(a, button):visible", { hasText: "کلید تازهٔ ایمالز" }).first().click();
    // AdminJS moves between its pages in the page itself: wait for what the page shows, not for a load.
    await page.getByText("با ساختن کلید تازه").waitFor();
    expect(page.url()).toMatch(/\/renewEmallsToken$/);
    await screenshot(page, "price-comparison-renew");
    await page.locator("button", { hasText: "کلید تازهٔ ایمالز" }).last().click();
    await shown(page, "emallsToken").waitFor();
    expect(page.url()).toMatch(/\/records\/[0-9a-f-]+\/show\b/);
    await expect
      .poll(async () => (await shown(page, "emallsToken").locator("[dir=ltr]").innerText()).trim(), { timeout: 30_000 })
      .not.toBe(token);
    const renewed = (await shown(page, "emallsToken").locator("[dir=ltr]").innerText()).trim();
    expect(renewed).toMatch(/^[0-9a-f]{32}$/);
    await shown(page, "emallsToken").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/price-comparison-renewed.png` });
    expect((await site.goto(`${live(emallsUrl)}?token=${token}`))?.status()).toBe(401);
    expect((await site.goto(`${live(emallsUrl)}?token=${renewed}`))?.status()).toBe(200);
    expect(errors).toEqual([]);
  }, 240_000);
});

describe("the daily SMS budget in the back office", () => {
  it("the merchant sets the budget and sees today's use; once spent, the next reminder is not sent and the store page says why", async () => {
    const { dataSource } = test.platform;
    const store = await buildStore(dataSource, { name: "شمع‌سازی نور" });
    const product = await buildProduct(dataSource, store.id, { nameFa: "شمع معطر", slug: "candle", basePrice: 900_000, stock: 20 });
    const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: store.id, productId: product.id });
    const shipping = await buildShippingMethod(dataSource, store.id);
    const { page, errors } = await signIn(await ownerOf(store));

    await page.goto(`${test.server.url}/admin/resources/stores/records/${store.id}/edit`);
    // The form shows the minutes and the budget in Persian digits, and takes Latin ones as typed (shown Persian).
    const minutes = page.locator('input[name="unpaidReminderMinutes"]');
    const budget = page.locator('input[name="smsDailyBudget"]');
    expect(await minutes.inputValue()).toBe(toPersianDigits(String(store.unpaidReminderMinutes)));
    expect(await budget.inputValue()).toBe(toPersianDigits(String(store.smsDailyBudget)));
    await minutes.fill("10");
    expect(await minutes.inputValue()).toBe("۱۰");
    await budget.fill("۱");
    await page.locator("form button[type=submit]").first().click();
    await expect
      .poll(
        async () => {
          const saved = await dataSource.getRepository(Store).findOneByOrFail({ id: store.id });
          return [saved.unpaidReminderMinutes, saved.smsDailyBudget];
        },
        { timeout: 30_000 },
      )
      .toEqual([10, 1]);
    await page.goto(`${test.server.url}/admin/resources/stores/records/${store.id}/edit`);
    expect([await minutes.inputValue(), await budget.inputValue()]).toEqual(["۱۰", "۱"]);
    await minutes.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/sms-budget-form.png` });
    await page.goto(`${test.server.url}/admin/resources/stores/records/${store.id}/show`);
    await shown(page, "smsBudgetToday").waitFor();
    expect(await shown(page, "smsDailyBudget").innerText()).toContain("۱");
    expect(await shown(page, "smsBudgetToday").innerText()).toContain("۰ از ۱ پیامک امروز فرستاده شده است. ۱ پیامک دیگر");
    await shown(page, "smsBudgetToday").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/sms-budget-before.png` });

    // Two orders left unpaid past the store's 10 minutes: the reminder sweep finds both, the budget lets one SMS go.
    const buyers = [await buildUser(dataSource), await buildUser(dataSource)];
    for (const buyer of buyers) {
      const placed = await placeAs(dataSource, store.id, buyer, {
        items: [{ instanceId: instance.id, quantity: 1 }],
        address: tehranAddress(),
        shippingMethodId: shipping.id,
      });
      await dataSource.query(
        `UPDATE orders SET created_at = created_at - interval '11 minutes', reserved_until = reserved_until - interval '11 minutes' WHERE id = $1`,
        [placed.order.id],
      );
    }
    expect(await sweepReminders(test.platform)).toBe(1);
    await expect
      .poll(
        async () => (await dataSource.getRepository(SmsMessage).findBy({ storeId: store.id, kind: "reminder" })).map((sms) => sms.status),
        {
          timeout: 30_000,
        },
      )
      .toEqual(["sent"]);
    const texted = await dataSource.getRepository(SmsMessage).findBy({ storeId: store.id, kind: "reminder" });
    expect(buyers.filter((buyer) => texted.some((sms) => sms.phone === buyer.phone))).toHaveLength(1);

    await page.reload();
    await shown(page, "smsBudgetToday").waitFor();
    expect(await shown(page, "smsUsedToday").innerText()).toContain("۱");
    const note = await shown(page, "smsBudgetToday").innerText();
    expect(note).toContain("۱ از ۱ پیامک امروز فرستاده شده است.");
    expect(note).toContain("سقف امروز پر شد و ۱ پیامک یادآوری پرداخت یا «موجود شد» فرستاده نشد");
    await shown(page, "smsBudgetToday").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/sms-budget-spent.png` });
    expect(errors).toEqual([]);
  }, 240_000);
});
