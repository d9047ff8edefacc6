import { backOfficeUrl, consoleInbox, openBackOffice, signInThroughForm } from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot, watchConsole } from "@mall/e2e/support/browser.js";
import { signInOnSite } from "@mall/e2e/support/store-site.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { SmsMessage } from "@mall/server/messaging/sms-message.entity.js";
import { buildSite } from "@mall/server/sites/site-build.service.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { buildProduct, buildStore, randomPhone } from "@mall/server/test/factories.js";
import { toPersianDigits } from "@mall/locale";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAdminServer } from "./test/admin-server.js";

/**
 * «موجود شد خبرم کن» end to end in Chromium (issue 27 #2): a shopper on the
 * built product page of a sold-out item taps the button, signs in by SMS
 * code, and is on the list; the merchant sees one waiting on the model in
 * the back office, enters new stock there, and the shopper's SMS with the
 * product's link goes out. Screenshots: .reports/screenshots/restock-*.png.
 */
const test = useAdminServer({ queues: ["sms", "retention"] });
let browser: Browser;
let store: Store;
let ownerPhone: string;
let instanceId: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "شال و روسری مهتاب" });
  const [owner] = await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
  ownerPhone = owner.phone;
  const product = await buildProduct(dataSource, store.id, { nameFa: "شال نخی آبی", slug: "blue-scarf", basePrice: 1_800_000, stock: 0 });
  instanceId = (await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id })).id;
  await buildSite(test.platform, store.id, "test");
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("back in stock", () => {
  it("the shopper asks on the product page, the merchant restocks in the back office, the shopper gets the SMS", async () => {
    const origin = `http://${store.slug}.mall.localhost:${test.server.port}`;
    const shopper = await browser.newPage({ locale: "fa-IR", viewport: { width: 390, height: 844 } });
    shopper.setDefaultTimeout(45_000);
    const shopperErrors = watchConsole(shopper);
    await shopper.goto(`${origin}/p/blue-scarf/`);
    await shopper.waitForSelector('[data-live="yes"]');
    expect(await shopper.textContent('[data-testid="live-stock"]')).toBe("ناموجود");
    await shopper.click('[data-testid="restock-ask"]');
    const phone = randomPhone();
    await signInOnSite(shopper, { phone, inbox: consoleInbox(test.platform) });
    // Signed in, the request follows by itself.
    const done = shopper.locator('[data-testid="restock-done"]');
    await done.waitFor();
    expect(await done.innerText()).toContain(toPersianDigits(`0${phone.slice(3)}`));
    await screenshot(shopper, "restock-shopper-waiting");
    expect(shopperErrors).toEqual([]);

    const { page: merchant } = await openBackOffice(browser);
    const url = (path: string) => backOfficeUrl(test.server.url, path);
    await signInThroughForm(merchant, test.server.url, { phone: ownerPhone, inbox: consoleInbox(test.platform) });

    await merchant.goto(url(`/resources/instances/records/${instanceId}/show`));
    const waiting = merchant.locator('[data-testid="property-show-restockWaiting"]');
    await waiting.waitFor();
    expect(await waiting.innerText()).toContain("۱");
    expect(await waiting.innerText()).toContain("در انتظار موجود شدن");
    await screenshot(merchant, "restock-admin-waiting");

    await merchant.goto(url(`/resources/instances/records/${instanceId}/edit`));
    await merchant.fill('input[name="stock"]', "۳");
    await merchant.locator("form button[type=submit]").first().click();
    await expect
      .poll(async () => (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: instanceId })).stock, {
        timeout: 15_000,
      })
      .toBe(3);

    // The SMS goes out through the queue: the store's name and the product's link.
    await expect
      .poll(async () => (await test.platform.dataSource.getRepository(SmsMessage).findOneBy({ phone, kind: "restock" }))?.status, {
        timeout: 30_000,
      })
      .toBe("sent");
    const sms = await test.platform.dataSource.getRepository(SmsMessage).findOneByOrFail({ phone, kind: "restock" });
    expect(sms.text).toContain("«شال و روسری مهتاب»");
    expect(sms.text).toContain(`/p/blue-scarf/`);
    await merchant.goto(url(`/resources/instances/records/${instanceId}/show`));
    await merchant.locator('[data-testid="property-show-restockWaiting"]').waitFor();
    expect(await merchant.locator('[data-testid="property-show-restockWaiting"]').innerText()).toContain("۰");
  }, 180_000);
});
