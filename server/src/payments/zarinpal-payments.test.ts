import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { ZarinpalServer } from "../test/fakes/zarinpal-server.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { systemContext } from "../core/context.js";
import { createGateways } from "./gateway-drivers.js";
import {
  buildPaymentWorld,
  callback,
  enableGateway,
  exchangeCount,
  orderState,
  paymentRow,
  placeTestOrder,
  startThroughApi,
  type PaymentWorld,
  outboxMark,
  paidSideEffects,
} from "../test/payment-fixtures.js";
import { killedAfter } from "../test/payment-test-support.js";
import { handleCallback, reconcilePayments } from "./payment.service.js";

/** ZarinPal v4 through the real driver against the local fake (test/fakes/zarinpal-server.ts). */
const MERCHANT = "1344b5d4-0048-11e8-94db-005056a205be";
const zarinpal = new ZarinpalServer({ merchants: [MERCHANT] });
const overrides: Record<string, string> = { PAYMENT_GATEWAY_TIMEOUT_MS: "300" };
beforeAll(async () => {
  await zarinpal.start();
  overrides.ZARINPAL_BASE_URL = zarinpal.url;
});
const test = useTestPlatform(overrides);
/** The context the reconciliation job and a gateway\'s callback run with (outside any transaction). */
const system = () => systemContext(test.platform.dataSource.manager, "test");
let server: TestServer;
let world: PaymentWorld;

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "zarinpal", { merchantId: MERCHANT });
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  await server?.close();
  await zarinpal.close();
});
beforeEach(async () => {
  zarinpal.reset();
  await clearRateLimits(test.platform);
  // A shopper may hold only a few unpaid orders; earlier tests' leftovers are set aside.
  await test.platform.dataSource.query(
    `UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE store_id = $1 AND state = 'pending_payment'`,
    [world.store.id],
  );
});

async function started() {
  const order = await placeTestOrder(test.platform.dataSource, world);
  const res = await startThroughApi(server, test.config, world, order.id, "zarinpal");
  expect(res.status).toBe(201);
  const authority = new URL(res.body.redirect.url).pathname.split("/").pop()!;
  return { order, paymentId: res.body.paymentId as string, authority, redirect: res.body.redirect };
}
const fieldsOf = (url: string) => Object.fromEntries(new URL(url).searchParams);
const deps = () => ({ config: test.config, gateways: createGateways(test.platform) });

describe("ZarinPal", () => {
  it("pays: request in Rials, StartPay, verify 100, the order paid with ZarinPal's ref_id", async () => {
    const { order, paymentId, authority, redirect } = await started();
    expect(redirect).toEqual({ url: `${zarinpal.url}/pg/StartPay/${authority}`, method: "GET", fields: {} });
    expect(authority).toMatch(/^A[0-9a-zA-Z]{35}$/);
    expect(zarinpal.requests[0]!.body).toMatchObject({
      merchant_id: MERCHANT,
      amount: 1_900_000,
      currency: "IRR",
      callback_url: `http://${world.host}/api/v1/payments/${paymentId}/callback`,
    });
    const res = await callback(server, world, paymentId, fieldsOf(zarinpal.pay(authority)));
    expect(res.headers.location).toBe(`/order/?id=${order.id}&payment=${paymentId}`);
    const payment = await paymentRow(test.platform.dataSource, paymentId);
    expect(payment).toMatchObject({
      state: "paid",
      reference: String(zarinpal.sessions.get(authority)!.refId),
      cardPan: "502229******5995",
      gatewayCode: "100",
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    const [audit] = await test.platform.dataSource.query(
      `SELECT request FROM payment_exchanges WHERE payment_id = $1 AND operation = 'request'`,
      [paymentId],
    );
    expect(audit.request.merchant_id).toBe("***05be");
  });

  it("a shopper who cancels (Status=NOK): failed, no verify call, the order still waits", async () => {
    const { order, paymentId, authority } = await started();
    await callback(server, world, paymentId, fieldsOf(zarinpal.cancel(authority)));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "failed", failureCode: "cancelled" });
    expect(zarinpal.requests.filter((r) => r.path.endsWith("verify.json"))).toHaveLength(0);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("gateway error codes: a refused request (-10) answers 503 and fails the attempt; verify -51 fails it", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    zarinpal.failNext(1, { status: -10, message: "Terminal is not valid" });
    const refused = await startThroughApi(server, test.config, world, order.id, "zarinpal");
    expect([refused.status, refused.body.error.code]).toEqual([503, "gateway_unavailable"]);
    const [row] = await test.platform.dataSource.query(`SELECT state, gateway_code FROM payments WHERE order_id = $1`, [order.id]);
    expect(row).toEqual({ state: "failed", gateway_code: "-10" });
    zarinpal.failNext(1, { httpStatus: 502 });
    expect((await startThroughApi(server, test.config, world, order.id, "zarinpal")).status).toBe(503);

    const { paymentId, authority } = await started();
    // Status=OK but never paid at the bank: verify says -51.
    await callback(server, world, paymentId, { Authority: authority, Status: "OK" });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "failed",
      failureCode: "declined",
      gatewayCode: "-51",
    });
  });

  it("amount mismatch: the bank took another amount, verify answers -50, the payment fails and the order is not paid", async () => {
    const { order, paymentId, authority } = await started();
    await callback(server, world, paymentId, fieldsOf(zarinpal.pay(authority, { amount: 1_000_000 })));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "failed",
      failureCode: "amount_mismatch",
      gatewayCode: "-50",
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("the callback replayed 20 times and 20 at once: one verify, one paid, one paid history row, one stock move, one SMS", async () => {
    const since = await outboxMark(test.platform.dataSource);
    const { order, paymentId, authority } = await started();
    const fields = fieldsOf(zarinpal.pay(authority));
    await Promise.all(Array.from({ length: 20 }, () => callback(server, world, paymentId, fields)));
    for (let i = 0; i < 20; i++) await callback(server, world, paymentId, fields);
    expect(zarinpal.requests.filter((r) => r.path.endsWith("verify.json"))).toHaveLength(1);
    expect(await exchangeCount(test.platform.dataSource, paymentId, "verify")).toBe(1);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await paidSideEffects(test.platform, world, order.id, since)).toEqual({ paidHistory: 1, stockMoves: 1, sms: 1 });
  });

  it("a verify that times out stays verifying; reconciliation inquires and pays it (verify 101 keeps the ref_id)", async () => {
    const { order, paymentId, authority } = await started();
    const fields = fieldsOf(zarinpal.pay(authority));
    zarinpal.delayNext(1, 800);
    await callback(server, world, paymentId, fields);
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
    await new Promise((resolve) => setTimeout(resolve, 600));
    const deps = { config: test.config, gateways: createGateways(test.platform) };
    expect(await reconcilePayments(system(), deps, { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      reference: String(zarinpal.sessions.get(authority)!.refId),
      gatewayCode: "101",
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await reconcilePayments(system(), deps, { olderThanMs: 0 })).toEqual({ checked: 0 });
  });

  it("the process dies right after verify (ZarinPal has no settle): the payment stays verifying; reconciliation inquires (VERIFIED), verifies (101) and pays once", async () => {
    const { order, paymentId, authority } = await started();
    const fields = fieldsOf(zarinpal.pay(authority));
    const gateways = createGateways(test.platform);
    const dying = { config: test.config, gateways: { ...gateways, zarinpal: killedAfter(gateways.zarinpal!, "verify") } };
    await expect(handleCallback(system(), dying, paymentId, fields)).rejects.toThrow("process killed after verify");
    expect(zarinpal.sessions.get(authority)!.status).toBe("VERIFIED");
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    await reconcilePayments(system(), { config: test.config, gateways }, { olderThanMs: 0 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      reference: String(zarinpal.sessions.get(authority)!.refId),
      gatewayCode: "101",
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
  });

  it("shoppers who never came back: reconciliation asks inquiry.json by authority, pays the PAID one, ends the FAILED one, leaves IN_BANK and anything past 30 minutes", async () => {
    const paidAway = await started();
    const stillAtBank = await started();
    const gaveUp = await started();
    const tooOld = await started();
    const payLink = zarinpal.pay(paidAway.authority);
    zarinpal.cancel(gaveUp.authority);
    zarinpal.pay(tooOld.authority);
    await test.platform.dataSource.query(`UPDATE payments SET created_at = now() - interval '31 minutes' WHERE id = $1`, [
      tooOld.paymentId,
    ]);
    zarinpal.reset();

    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 3 });
    expect(await paymentRow(test.platform.dataSource, paidAway.paymentId)).toMatchObject({
      state: "paid",
      reference: String(zarinpal.sessions.get(paidAway.authority)!.refId),
      gatewayCode: "100",
    });
    expect(await orderState(test.platform.dataSource, paidAway.order.id)).toBe("paid");
    expect((await paymentRow(test.platform.dataSource, stillAtBank.paymentId)).state).toBe("redirected");
    expect(await paymentRow(test.platform.dataSource, gaveUp.paymentId)).toMatchObject({
      state: "failed",
      failureCode: "declined",
      gatewayCode: "FAILED",
    });
    expect((await paymentRow(test.platform.dataSource, tooOld.paymentId)).state).toBe("redirected");
    const authoritiesAsked = zarinpal.requests
      .filter((r) => r.path.endsWith("inquiry.json"))
      .map((r) => (r.body as { authority: string }).authority);
    expect(authoritiesAsked.sort()).toEqual([paidAway.authority, stillAtBank.authority, gaveUp.authority].sort());
    expect(zarinpal.requests.filter((r) => r.path.endsWith("verify.json"))).toHaveLength(1);

    // The shopper's browser comes back late: the same result, nothing verified again.
    expect((await callback(server, world, paidAway.paymentId, fieldsOf(payLink))).headers.location).toBe(
      `/order/?id=${paidAway.order.id}&payment=${paidAway.paymentId}`,
    );
    expect(zarinpal.requests.filter((r) => r.path.endsWith("verify.json"))).toHaveLength(1);
  });

  it("a shopper who never came back and whose order expired meanwhile: verified, then reversed within ZarinPal's 30 minutes", async () => {
    const { order, paymentId, authority } = await started();
    zarinpal.pay(authority);
    await test.platform.dataSource.query(`UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE id = $1`, [order.id]);
    await reconcilePayments(system(), deps(), { olderThanMs: 0 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "reversed", failureCode: "order_not_payable" });
    expect(zarinpal.sessions.get(authority)!.status).toBe("REVERSED");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("cancelled");
  });

  it("tampered callbacks: another order's Authority is refused; an edited Amount changes nothing", async () => {
    const mine = await started();
    const theirs = await started();
    zarinpal.pay(theirs.authority);
    const swapped = await callback(server, world, mine.paymentId, { Authority: theirs.authority, Status: "OK" });
    expect(swapped.status).toBe(400);
    expect((await paymentRow(test.platform.dataSource, mine.paymentId)).state).toBe("redirected");
    expect(zarinpal.requests.filter((r) => r.path.endsWith("verify.json"))).toHaveLength(0);
    await callback(server, world, mine.paymentId, { ...fieldsOf(zarinpal.pay(mine.authority)), Amount: "10000" });
    expect((zarinpal.requests.find((r) => r.path.endsWith("verify.json"))!.body as { amount: number }).amount).toBe(1_900_000);
    expect(await orderState(test.platform.dataSource, mine.order.id)).toBe("paid");
  });
});
