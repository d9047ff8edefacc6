import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, watchConsole } from "../../../e2e/support/browser.js";
import { createApp } from "../http/app.js";
import { buildSite } from "../sites/site-build.service.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildPaymentWorld, orderState, placeTestOrder, type PaymentWorld } from "./payment-fixtures.js";

/**
 * Paying in Chromium: the order page offers the store's gateways, the
 * sandbox's Persian page takes the payment, and the shopper lands back on
 * the order page with «پرداخت موفق» and the reference number.
 */
const test = useTestPlatform();
let server: TestServer;
let browser: Browser;
let world: PaymentWorld;

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  await buildSite(test.platform, world.store.id, "test");
  server = await startTestServer(createApp(test.platform));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("paying an order in Chromium", () => {
  it("through the sandbox gateway: pay, back on the order page, paid with a reference number", async () => {
    const session = await signInThroughApi(server, test.platform, { phone: world.shopper.phone, host: world.host, storeId: world.store.id });
    const order = await placeTestOrder(test.platform.dataSource, world);
    const origin = `http://${world.host}:${server.port}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(
      ([key, value]) => localStorage.setItem(key!, value!),
      [`mall:session:${world.store.slug}`, JSON.stringify({ accessToken: session.accessToken, refreshToken: session.refreshToken, accessExpiresAt: Date.now() + 10 * 60_000, phone: world.shopper.phone })],
    );
    const page = await context.newPage();
    const errors = watchConsole(page);

    await page.goto(`${origin}/order/?id=${order.id}`);
    await page.click('[data-testid="pay-sandbox"]');
    await page.waitForURL(/\/api\/v1\/sandbox-gateway\//);
    expect(await page.textContent('[data-testid="sandbox-amount"]')).toBe("۱۹۰٬۰۰۰ تومان");
    await screenshot(page, "payment-1-sandbox");
    await page.click('[data-testid="sandbox-pay"]');

    await page.waitForURL(/\/order\/\?id=.*&payment=/);
    await page.waitForSelector('[data-testid="payment-result"]:has-text("پرداخت موفق")');
    expect(await page.textContent('[data-testid="payment-reference"]')).toMatch(/^[۰-۹]{9}$/);
    await expect.poll(() => page.textContent('[data-testid="order-state"]')).toBe("پرداخت‌شده");
    await screenshot(page, "payment-2-paid");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
