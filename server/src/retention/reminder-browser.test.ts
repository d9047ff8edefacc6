import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "../../../e2e/support/browser.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { SmsMessage } from "../messaging/sms-message.entity.js";
import { buildSite } from "../sites/site-build.service.js";
import { buildPaymentWorld, orderState, placeTestOrder, type PaymentWorld } from "../test/payment-fixtures.js";
import { signInThroughApi } from "../test/sign-in.js";
import { useStoreSiteBrowser } from "../test/store-site-browser.js";
import { useTestPlatform } from "../test/test-platform.js";

/**
 * The unpaid-order reminder end to end (issue 27 #3): an order left unpaid
 * past the store's delay gets its SMS through the outbox, the retention
 * queue and the SMS worker; the shopper opens the SMS's link in Chromium,
 * pays through the sandbox gateway, and the order is paid after the
 * reminder (what analytics counts as recovered).
 */
const test = useTestPlatform();
const site = useStoreSiteBrowser(test);
let worker: RunningWorker;
let world: PaymentWorld;

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  await buildSite(test.platform, world.store.id, "test");
}, 120_000);

afterAll(() => worker?.stop());

describe("the unpaid-order reminder in Chromium", () => {
  it("texts the link, and the shopper resumes payment from it", async () => {
    const { dataSource } = test.platform;
    const order = await placeTestOrder(dataSource, world);
    // Placed eleven minutes ago (the store's delay is ten); the goods are still held.
    await dataSource.query(`UPDATE orders SET created_at = now() - interval '11 minutes' WHERE id = $1`, [order.id]);
    // The retention queue, with the order's event relayed at once; useStoreSiteBrowser's worker sends the SMS.
    worker = startWorkers(test.platform, { queues: ["retention"], relayIntervalMs: 100 });
    await expect
      .poll(async () => (await dataSource.getRepository(SmsMessage).findOneBy({ storeId: world.store.id, kind: "reminder" }))?.status, {
        timeout: 60_000,
      })
      .toBe("sent");
    const sms = await dataSource.getRepository(SmsMessage).findOneByOrFail({ storeId: world.store.id, kind: "reminder" });
    expect(sms.phone).toBe(world.shopper.phone);
    const link = new URL(/https?:\/\/\S+/.exec(sms.text)![0]);
    expect(link.hostname).toBe(world.host);
    expect(`${link.pathname}${link.search}`).toBe(`/order/?id=${order.id}`);

    const session = await signInThroughApi(site.server, test.platform, {
      phone: world.shopper.phone,
      host: world.host,
      storeId: world.store.id,
    });
    const { context, page, errors } = await site.open({ locale: "fa-IR" });
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
    // The SMS's link, on this test server's port.
    await page.goto(`http://${world.host}:${site.server.port}${link.pathname}${link.search}`);
    await page.waitForSelector('[data-testid="payment-note"]');
    await screenshot(page, "reminder-1-order-from-sms");
    await page.click('[data-testid="pay-sandbox"]');
    await page.waitForURL(/\/api\/v1\/sandbox-gateway\//);
    await page.click('[data-testid="sandbox-pay"]');
    await page.waitForURL(/\/order\/\?id=.*&payment=/);
    await page.waitForSelector('[data-testid="payment-result"]:has-text("پرداخت موفق")');
    await screenshot(page, "reminder-2-paid");
    expect(await orderState(dataSource, order.id)).toBe("paid");
    const [row] = await dataSource.query(`SELECT paid_at >= reminder_at AS recovered, reminder_sms_id FROM orders WHERE id = $1`, [
      order.id,
    ]);
    expect(row).toEqual({ recovered: true, reminder_sms_id: sms.id });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
