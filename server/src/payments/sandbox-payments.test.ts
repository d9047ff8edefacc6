import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { expireOrder } from "../orders/order.service.js";
import { systemContext } from "../core/context.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import {
  buildPaymentWorld,
  callback,
  exchangeCount,
  orderState,
  paymentRow,
  placeTestOrder,
  startThroughApi,
  type PaymentWorld,
  outboxMark,
  paidSideEffects,
} from "../test/payment-fixtures.js";

/**
 * The payment rules through the sandbox gateway, over HTTP as a browser
 * walks them: start → the sandbox page → its choice → the shop's callback →
 * the order page.
 */
const test = useTestPlatform();
let server: TestServer;
let world: PaymentWorld;

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

/** Starts a sandbox payment and presses a button on its page; answers the payment id and the callback path the browser is sent to. */
async function throughSandbox(orderId: string, action: "pay" | "fail" | "cancel") {
  await clearRateLimits(test.platform);
  const started = await startThroughApi(server, test.config, world, orderId, "sandbox");
  expect(started.status).toBe(201);
  const { paymentId, redirect } = started.body;
  expect(redirect).toMatchObject({ method: "GET", fields: {} });
  const pagePath = new URL(redirect.url).pathname;
  const page = await server.request("GET", pagePath, { host: world.host });
  expect(page.status).toBe(200);
  expect(page.text).toContain('dir="rtl"');
  expect(page.text).toContain("۱۹۰٬۰۰۰ تومان");
  const decided = await server.request("POST", pagePath, {
    host: world.host,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `action=${action}`,
  });
  expect(decided.status).toBe(303);
  const back = new URL(decided.headers.location!);
  return { paymentId: paymentId as string, back, fields: Object.fromEntries(back.searchParams) };
}

describe("the sandbox gateway", () => {
  it("pays: the callback verifies, the order is paid, the shopper lands on the order page with the reference", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const { paymentId, back, fields } = await throughSandbox(order.id, "pay");
    expect(back.pathname).toBe(`/api/v1/payments/${paymentId}/callback`);
    expect(fields.Status).toBe("OK");
    const res = await callback(server, world, paymentId, fields);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/order/?id=${order.id}&payment=${paymentId}`);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    const shown = await server.request("GET", `/api/v1/payments/${paymentId}`, {
      host: world.host,
      headers: bearer(test.config, world.shopper),
    });
    expect(shown.body).toMatchObject({ state: "paid", amount: 1_900_000, gateway: "sandbox", failureMessage: null });
    expect(shown.body.reference).toMatch(/^\d{9}$/);
    const payment = await paymentRow(test.platform.dataSource, paymentId);
    expect(payment.settledAt).not.toBeNull();
    expect(payment.cardPan).toBe("603799******1234");
    const [history] = await test.platform.dataSource.query(
      `SELECT reason, actor_name FROM order_history WHERE order_id = $1 AND to_state = 'paid'`,
      [order.id],
    );
    expect(history).toEqual({ reason: `پرداخت آنلاین، شمارهٔ پیگیری ${payment.reference}`, actor_name: "payments" });
  });

  it("a shopper who cancels: the payment fails with a Persian reason, the order still waits, and another attempt can pay it", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const { paymentId, fields } = await throughSandbox(order.id, "cancel");
    expect((await callback(server, world, paymentId, fields)).status).toBe(303);
    const shown = await server.request("GET", `/api/v1/payments/${paymentId}`, {
      host: world.host,
      headers: bearer(test.config, world.shopper),
    });
    expect(shown.body).toMatchObject({
      state: "failed",
      failureCode: "cancelled",
      failureMessage: "پرداخت را لغو کردید؛ مبلغی از حساب شما کسر نشد.",
      reference: null,
    });
    expect(await exchangeCount(test.platform.dataSource, paymentId, "verify")).toBe(0);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
    const again = await throughSandbox(order.id, "pay");
    await callback(server, world, again.paymentId, again.fields);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
  });

  it("a declined payment fails; nothing is paid", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const { paymentId, fields } = await throughSandbox(order.id, "fail");
    await callback(server, world, paymentId, fields);
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("failed");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("the callback replayed 20 times, then 20 at once: one verify, one paid payment, the same result page every time; one paid history row, one stock move, one SMS", async () => {
    const since = await outboxMark(test.platform.dataSource);
    const order = await placeTestOrder(test.platform.dataSource, world);
    const { paymentId, fields } = await throughSandbox(order.id, "pay");
    const locations = new Set<string>();
    for (let i = 0; i < 20; i++)
      locations.add(String((await callback(server, world, paymentId, fields, i % 2 ? "POST" : "GET")).headers.location));
    const burst = await Promise.all(Array.from({ length: 20 }, () => callback(server, world, paymentId, fields)));
    for (const res of burst) locations.add(String(res.headers.location));
    expect([...locations]).toEqual([`/order/?id=${order.id}&payment=${paymentId}`]);
    expect(await exchangeCount(test.platform.dataSource, paymentId, "verify")).toBe(1);
    expect(await exchangeCount(test.platform.dataSource, paymentId, "callback")).toBe(40);
    expect(await paidSideEffects(test.platform, world, order.id, since)).toEqual({ paidHistory: 1, stockMoves: 1, sms: 1 });
  });

  it("20 callbacks at once on a fresh payment: exactly one verifies and pays", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const { paymentId, fields } = await throughSandbox(order.id, "pay");
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => callback(server, world, paymentId, fields, i % 2 ? "POST" : "GET")),
    );
    expect(burst.every((res) => res.status === 303)).toBe(true);
    expect(await exchangeCount(test.platform.dataSource, paymentId, "verify")).toBe(1);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
  });

  it("an order that expired before the bank's answer: the verified money is reversed and the order stays cancelled", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const { paymentId, fields } = await throughSandbox(order.id, "pay");
    await test.platform.dataSource.query(`UPDATE orders SET reserved_until = now() - interval '1 minute' WHERE id = $1`, [order.id]);
    expect(await test.platform.dataSource.transaction((m) => expireOrder(systemContext(m, "order-expiry"), world.store.id, order.id))).toBe(
      "expired",
    );
    await callback(server, world, paymentId, fields);
    const payment = await paymentRow(test.platform.dataSource, paymentId);
    expect(payment).toMatchObject({ state: "reversed", failureCode: "order_not_payable" });
    expect(await exchangeCount(test.platform.dataSource, paymentId, "reverse")).toBe(1);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("cancelled");
  });

  it("refuses a callback carrying another payment's token, and ignores an edited amount", async () => {
    const mine = await placeTestOrder(test.platform.dataSource, world);
    const theirs = await placeTestOrder(test.platform.dataSource, world);
    const a = await throughSandbox(mine.id, "pay");
    const b = await throughSandbox(theirs.id, "pay");
    const swapped = await callback(server, world, a.paymentId, b.fields);
    expect(swapped.status).toBe(400);
    expect(swapped.text).toContain("پرداخت ناموفق");
    expect((await paymentRow(test.platform.dataSource, a.paymentId)).state).toBe("redirected");
    expect(await orderState(test.platform.dataSource, mine.id)).toBe("pending_payment");
    const edited = await callback(server, world, a.paymentId, { ...a.fields, Amount: "1000" });
    expect(edited.status).toBe(303);
    expect((await paymentRow(test.platform.dataSource, a.paymentId)).amount).toBe(1_900_000);
    expect(await orderState(test.platform.dataSource, mine.id)).toBe("paid");
  });

  it("an unknown payment's callback is refused with a Persian page", async () => {
    const res = await callback(server, world, "7c2f8a4e-1111-4a4a-8888-123456789abc", { Authority: "S".padEnd(36, "0"), Status: "OK" });
    expect(res.status).toBe(404);
    expect(res.text).toContain("این پرداخت پیدا نشد");
  });

  it("refuses to start: another shopper's order (404), a paid order (409), a gateway the store does not offer (422)", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const other = await buildPaymentWorld(test.platform.dataSource);
    const foreign = await server.request("POST", `/api/v1/orders/${order.id}/payments`, {
      host: world.host,
      headers: bearer(test.config, other.shopper),
      body: { gateway: "sandbox" },
    });
    expect(foreign.status).toBe(404);
    const zarinpal = await startThroughApi(server, test.config, world, order.id, "zarinpal");
    expect([zarinpal.status, zarinpal.body.error.field]).toEqual([422, "gateway"]);
    const { paymentId, fields } = await throughSandbox(order.id, "pay");
    await callback(server, world, paymentId, fields);
    const again = await startThroughApi(server, test.config, world, order.id, "sandbox");
    expect([again.status, again.body.error.code]).toEqual([409, "order_not_payable"]);
    const gateways = await server.request("GET", "/api/v1/payment-gateways", { host: world.host });
    expect(gateways.body.items).toEqual([{ gateway: "sandbox", label: "درگاه آزمایشی" }]);
  });
});
