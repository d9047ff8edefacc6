import {
  backOfficeUrl,
  consoleInbox,
  goToBackOffice,
  openBackOffice,
  pickOption,
  signInThroughForm,
} from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot } from "@mall/e2e/support/browser.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { Order } from "@mall/server/orders/order.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { markOrderPaid } from "@mall/server/orders/order.service.js";
import { systemContext } from "@mall/server/core/context.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useAdminServer } from "./test/admin-server.js";

/**
 * Payments in the back office, in Debian's Chromium: the merchant adds
 * ZarinPal with its merchant code in a password input and sees only its
 * hint afterwards; then refunds a paid order by hand after the Persian
 * confirmation. Screenshots: .reports/screenshots/admin-payment-*.png.
 */
const test = useAdminServer();
const MERCHANT = "1344b5d4-0048-11e8-94db-005056a205be";
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let store: Store;
let ownerPhone: string;
let order: Order;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "چای‌خانهٔ آفتاب" });
  const [owner] = await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
  ownerPhone = owner.phone;
  const product = await buildProduct(dataSource, store.id, { nameFa: "چای لاهیجان", basePrice: 1_500_000, stock: 10 });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
  const method = await buildShippingMethod(dataSource, store.id, { kind: "post_pishtaz", price: 400_000 });
  const placed = await placeAs(dataSource, store.id, await buildUser(dataSource), {
    items: [{ instanceId: instance.id, quantity: 1 }],
    address: tehranAddress(),
    shippingMethodId: method.id,
  });
  await dataSource.transaction((manager) =>
    markOrderPaid(systemContext(manager, "payments"), store.id, placed.order.id, { reference: "123456" }),
  );
  order = placed.order;
  browser = await launchBrowser();
  ({ page, consoleErrors } = await openBackOffice(browser));
}, 60_000);

afterEach(async ({ task }) => {
  if (task.result?.state === "fail" && page)
    await screenshot(page, `admin-payment-failed-${task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
});
afterAll(async () => {
  await browser?.close();
});

const url = (path: string) => backOfficeUrl(test.server.url, path);
const bodyText = () => page.locator("body").innerText();

describe("payments in the back office", () => {
  it("the merchant adds ZarinPal: a password input, then only the hint is shown", async () => {
    await signInThroughForm(page, test.server.url, { phone: ownerPhone, inbox: consoleInbox(test.platform) });

    await goToBackOffice(page, test.server.url, { resource: "paymentGateways", action: "new" });
    await pickOption(page, "gateway", "زرین‌پال");
    const secret = page.locator('input[name="credentials.merchantId"]');
    await secret.waitFor();
    expect(await secret.getAttribute("type")).toBe("password");
    await secret.fill(MERCHANT);
    await screenshot(page, "admin-payment-gateway-new");
    await page.locator("form button[type=submit]").first().click();
    await expect.poll(bodyText, { timeout: 15_000 }).toMatch(/\*\*\*\*05be/);
    const listed = await bodyText();
    expect(listed).toContain("زرین‌پال");
    expect(listed).toContain("مرچنت‌کد زرین‌پال");
    expect(listed).not.toContain(MERCHANT);
    await screenshot(page, "admin-payment-gateways");

    const [row] = await test.platform.dataSource.query(`SELECT id FROM store_payment_gateways WHERE store_id = $1`, [store.id]);
    await page.goto(url(`/resources/paymentGateways/records/${row.id}/edit`));
    const again = page.locator('input[name="credentials.merchantId"]');
    await again.waitFor();
    expect(await again.inputValue()).toBe("");
    expect(await again.getAttribute("placeholder")).toContain("****05be");
    // Latin credentials are typed left to right in the right-to-left page.
    expect(await page.evaluate(`getComputedStyle(document.querySelector('input[name="credentials.merchantId"]')).direction`)).toBe("ltr");
    expect(await page.content()).not.toContain(MERCHANT);
    await screenshot(page, "admin-payment-gateway-edit");
  }, 90_000);

  it("refunds a paid order by hand after a Persian confirmation", async () => {
    await page.goto(url(`/resources/orders/records/${order.id}/refund`));
    await page.locator(".mall-refund").waitFor();
    expect(await bodyText()).toContain("مبلغ پرداخت‌شده: ۱۹۰٬۰۰۰ تومان");
    await page.fill("#amount", "۱۵۰۰۰۰");
    await page.fill("#reference", "556677");
    await page.fill("#note", "کالا تمام شده بود؛ کارت‌به‌کارت شد.");
    await page.locator(".mall-refund button[type=submit]").click();
    const question = page.locator('[data-testid="refund-question"]');
    await question.waitFor();
    expect(await question.innerText()).toContain("آیا مطمئنید؟ ۱۵۰٬۰۰۰ تومان");
    await screenshot(page, "admin-payment-refund-confirm");
    await page.locator('[data-testid="refund-confirm"]').click();
    await expect.poll(bodyText, { timeout: 15_000 }).toMatch(/بازپرداخت ثبت شد/);
    await expect
      .poll(async () => (await test.platform.dataSource.getRepository(Order).findOneByOrFail({ id: order.id })).state)
      .toBe("refunded");
    await screenshot(page, "admin-payment-refunded-order");
    expect(consoleErrors).toEqual([]);
  }, 90_000);
});
