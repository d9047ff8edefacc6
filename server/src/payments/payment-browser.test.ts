import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, watchConsole } from "../../../e2e/support/browser.js";
import { createApp } from "../main/app.js";
import { buildSite } from "../sites/site-build.service.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { SAMAN_CREDENTIALS, SamanServer } from "../test/fakes/saman-server.js";
import { ZarinpalServer } from "../test/fakes/zarinpal-server.js";
import { signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildPaymentWorld, enableGateway, orderState, placeTestOrder, type PaymentWorld } from "../test/payment-fixtures.js";

/**
 * Paying in Chromium: the order page offers the store's gateways, the
 * sandbox's Persian page (or the local ZarinPal's StartPay) takes the
 * payment, and the shopper lands back on the order page with «پرداخت موفق»
 * and the reference number — with no console or CSP errors on the way.
 */
const zarinpal = new ZarinpalServer();
const saman = new SamanServer();
const overrides: Record<string, string> = {};
beforeAll(async () => {
  await zarinpal.start();
  await saman.start();
  overrides.ZARINPAL_BASE_URL = zarinpal.url;
  // The site's CSP form-action is built from it: the order page's form POST to SEP must be allowed.
  overrides.SAMAN_BASE_URL = saman.url;
});
const test = useTestPlatform(overrides);
let server: TestServer;
let browser: Browser;
let world: PaymentWorld;

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "zarinpal", {
    merchantId: "1344b5d4-0048-11e8-94db-005056a205be",
  });
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "saman", SAMAN_CREDENTIALS);
  await buildSite(test.platform, world.store.id, "test");
  server = await startTestServer(createApp(test.platform));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await zarinpal.close();
  await saman.close();
});

/** A browser context signed in as the world's shopper, and the store's origin. */
async function shopperPage() {
  const session = await signInThroughApi(server, test.platform, { phone: world.shopper.phone, host: world.host, storeId: world.store.id });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(
    ([key, value]) => localStorage.setItem(key!, value!),
    [
      `mall:session:${world.store.slug}`,
      JSON.stringify({
        accessToken: session.accessToken,
        refreshToken: session.refreshToken,
        accessExpiresAt: Date.now() + 10 * 60_000,
        phone: world.shopper.phone,
      }),
    ],
  );
  const page = await context.newPage();
  return { context, page, errors: watchConsole(page), origin: `http://${world.host}:${server.port}` };
}

describe("paying an order in Chromium", () => {
  it("through the sandbox gateway: pay, back on the order page, paid with a reference number", async () => {
    const session = await signInThroughApi(server, test.platform, {
      phone: world.shopper.phone,
      host: world.host,
      storeId: world.store.id,
    });
    const order = await placeTestOrder(test.platform.dataSource, world);
    const origin = `http://${world.host}:${server.port}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(
      ([key, value]) => localStorage.setItem(key!, value!),
      [
        `mall:session:${world.store.slug}`,
        JSON.stringify({
          accessToken: session.accessToken,
          refreshToken: session.refreshToken,
          accessExpiresAt: Date.now() + 10 * 60_000,
          phone: world.shopper.phone,
        }),
      ],
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

  it("through ZarinPal (the local fake's StartPay): leaves the store site by navigation, pays, back paid", async () => {
    await test.platform.dataSource.query(
      `UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE store_id = $1 AND state = 'pending_payment'`,
      [world.store.id],
    );
    const order = await placeTestOrder(test.platform.dataSource, world);
    const { context, page, errors, origin } = await shopperPage();

    await page.goto(`${origin}/order/?id=${order.id}`);
    await page.click('[data-testid="pay-zarinpal"]');
    await page.waitForURL((url) => url.href.startsWith(`${zarinpal.url}/pg/StartPay/`));
    expect(await page.textContent('[data-testid="zarinpal-amount"]')).toBe("1900000");
    await page.click('[data-testid="zarinpal-pay"]');

    await page.waitForURL(/\/order\/\?id=.*&payment=/);
    await page.waitForSelector('[data-testid="payment-result"]:has-text("پرداخت موفق")');
    expect(await page.textContent('[data-testid="payment-reference"]')).toMatch(/^[۰-۹]{8}$/);
    await expect.poll(() => page.textContent('[data-testid="order-state"]')).toBe("پرداخت‌شده");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(zarinpal.requests.filter((r) => r.path === "/pg/v4/payment/verify.json")).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("through Saman SEP (the local fake's OnlinePG page): leaves the store site by a form POST with the Token, pays, comes back by a form POST, paid", async () => {
    await test.platform.dataSource.query(
      `UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE store_id = $1 AND state = 'pending_payment'`,
      [world.store.id],
    );
    const order = await placeTestOrder(test.platform.dataSource, world);
    const { context, page, errors, origin } = await shopperPage();

    await page.goto(`${origin}/order/?id=${order.id}`);
    await page.click('[data-testid="pay-saman"]');
    await page.waitForURL(`${saman.url}/OnlinePG/OnlinePG`);
    expect(await page.textContent('[data-testid="saman-amount"]')).toBe("1900000");
    await screenshot(page, "payment-3-saman");
    await page.click('[data-testid="saman-pay"]');

    await page.waitForURL(/\/order\/\?id=.*&payment=/);
    await page.waitForSelector('[data-testid="payment-result"]:has-text("پرداخت موفق")');
    const [sale] = [...saman.sales.values()];
    // SEP's RefNum (the digital receipt) is what verify and reverse name, and what the shopper is shown.
    expect(await page.textContent('[data-testid="payment-reference"]')).toBe(sale!.refNum);
    expect(
      (await test.platform.dataSource.query(`SELECT reference FROM payments WHERE order_id = $1 AND state = 'paid'`, [order.id]))[0]
        .reference,
    ).toBe(sale!.refNum);
    await expect.poll(() => page.textContent('[data-testid="order-state"]')).toBe("پرداخت‌شده");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(saman.requests.filter((r) => r.path === "/verifyTxnRandomSessionkey/ipg/VerifyTransaction")).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
