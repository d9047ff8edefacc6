import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, watchConsole } from "../../../e2e/support/browser.js";
import { createApp } from "../main/app.js";
import { buildSite } from "../sites/site-build.service.js";
import { ZarinpalServer } from "../test/fakes/zarinpal-server.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { systemContext } from "../core/context.js";
import { createGateways } from "./gateway-drivers.js";
import { buildPaymentWorld, enableGateway, orderState, paymentRow, placeTestOrder, type PaymentWorld } from "../test/payment-fixtures.js";
import { reconcilePayments } from "./payment.service.js";

/**
 * The gateway hangs: the shopper paid at ZarinPal, came back to the store,
 * and ZarinPal never answers the verify call. In Chromium, the shopper is
 * on a Persian order page within the gateway timeout (not a spinning tab or
 * an error), told the bank is being asked; the reconciliation sweep settles
 * the payment later and the same page then says it is paid.
 */
const TIMEOUT_MS = 2000;
const zarinpal = new ZarinpalServer();
const overrides: Record<string, string> = { PAYMENT_GATEWAY_TIMEOUT_MS: String(TIMEOUT_MS) };
beforeAll(async () => {
  await zarinpal.start();
  overrides.ZARINPAL_BASE_URL = zarinpal.url;
});
const test = useTestPlatform(overrides);
/** The context the reconciliation job and a gateway\'s callback run with (outside any transaction). */
const system = () => systemContext(test.platform.dataSource.manager, "test");
let server: TestServer;
let browser: Browser;
let world: PaymentWorld;

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "zarinpal", {
    merchantId: "1344b5d4-0048-11e8-94db-005056a205be",
  });
  expect((await buildSite(test.platform, world.store.id, "test")).status).toBe("succeeded");
  server = await startTestServer(createApp(test.platform));
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await zarinpal.close();
});

describe("a payment gateway that never answers verify", () => {
  it("shows the shopper a Persian page within the timeout; reconciliation settles the payment later", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const session = await signInThroughApi(server, test.platform, {
      phone: world.shopper.phone,
      host: world.host,
      storeId: world.store.id,
    });
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
    await page.goto(`http://${world.host}:${server.port}/order/?id=${order.id}`);
    await page.click('[data-testid="pay-zarinpal"]');
    await page.waitForURL((url) => url.href.startsWith(`${zarinpal.url}/pg/StartPay/`));
    const authority = new URL(page.url()).pathname.split("/").pop()!;

    // Paid at the bank; from now on ZarinPal takes ten minutes to answer (the verify call is the next request).
    const back = zarinpal.pay(authority);
    zarinpal.delayNext(1, 600_000);
    const started = Date.now();
    await page.goto(back);
    await page.waitForURL(/\/order\/\?id=.*&payment=/);
    await page.waitForSelector("text=در حال بررسی پرداخت با بانک");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 8000);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await screenshot(page, "fault-gateway-hang-1-waiting");
    const paymentId = new URL(page.url()).searchParams.get("payment")!;
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");

    // The reconciliation sweep (a repeatable worker job) asks ZarinPal again later, when it answers.
    const deps = { config: test.config, gateways: createGateways(test.platform) };
    expect(await reconcilePayments(system(), deps, { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("paid");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");

    await page.reload();
    await page.waitForSelector('[data-testid="payment-result"]:has-text("پرداخت موفق")');
    await expect.poll(() => page.textContent('[data-testid="order-state"]')).toBe("پرداخت‌شده");
    await screenshot(page, "fault-gateway-hang-2-paid");
    expect(errors).toEqual([]);
    await context.close();
  });
});
