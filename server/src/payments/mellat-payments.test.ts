import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { MELLAT_CREDENTIALS, MellatServer } from "../test/fakes/mellat-server.js";
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

/** Behpardakht Mellat over SOAP through the real driver (the `soap` package) against the local fake (test/fakes/mellat-server.ts). */
const mellat = new MellatServer();
const overrides: Record<string, string> = { PAYMENT_GATEWAY_TIMEOUT_MS: "300" };
beforeAll(async () => {
  await mellat.start();
  overrides.MELLAT_BASE_URL = mellat.url;
});
const test = useTestPlatform(overrides);
/** The context the reconciliation job and a gateway\'s callback run with (outside any transaction). */
const system = () => systemContext(test.platform.dataSource.manager, "test");
let server: TestServer;
let world: PaymentWorld;

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "mellat", MELLAT_CREDENTIALS);
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  await server?.close();
  await mellat.close();
});
beforeEach(async () => {
  mellat.reset();
  await clearRateLimits(test.platform);
  await test.platform.dataSource.query(
    `UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE store_id = $1 AND state = 'pending_payment'`,
    [world.store.id],
  );
});

async function started() {
  const order = await placeTestOrder(test.platform.dataSource, world);
  const res = await startThroughApi(server, test.config, world, order.id, "mellat");
  expect(res.status).toBe(201);
  return { order, paymentId: res.body.paymentId as string, refId: res.body.redirect.fields.RefId as string, redirect: res.body.redirect };
}
const post = (paymentId: string, fields: Record<string, string>) => callback(server, world, paymentId, fields, "POST");

describe("Behpardakht Mellat", () => {
  it("pays: bpPayRequest → POST redirect with RefId → callback → verify 0 → settle 0; the order paid with SaleReferenceId", async () => {
    const { order, paymentId, refId, redirect } = await started();
    expect(redirect).toMatchObject({ url: `${mellat.url}/pgwchannel/startpay.mellat`, method: "POST", fields: { RefId: refId } });
    const [pay] = mellat.callsOf("bpPayRequest");
    const payment0 = await paymentRow(test.platform.dataSource, paymentId);
    expect(pay!.fields).toMatchObject({
      terminalId: "1234567",
      amount: "1900000",
      orderId: String(payment0.gatewayOrderId),
      callBackUrl: `http://${world.host}/api/v1/payments/${paymentId}/callback`,
      payerId: "0",
    });
    expect(pay!.fields.localDate).toMatch(/^20\d{6}$/);

    const fields = mellat.pay(refId);
    const res = await post(paymentId, fields);
    expect(res.headers.location).toBe(`/order/?id=${order.id}&payment=${paymentId}`);
    const payment = await paymentRow(test.platform.dataSource, paymentId);
    expect(payment).toMatchObject({ state: "paid", reference: fields.SaleReferenceId, cardPan: "610433******1234", gatewayCode: "0" });
    expect(payment.settledAt).not.toBeNull();
    expect(mellat.sales.get(refId)!.status).toBe("settled");
    expect(mellat.callsOf("bpVerifyRequest")[0]!.fields).toMatchObject({
      orderId: String(payment0.gatewayOrderId),
      saleOrderId: String(payment0.gatewayOrderId),
      saleReferenceId: fields.SaleReferenceId,
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    const [audit] = await test.platform.dataSource.query(
      `SELECT request FROM payment_exchanges WHERE payment_id = $1 AND operation = 'bpPayRequest'`,
      [paymentId],
    );
    expect(audit.request.userPassword).toBe("***cret");
  });

  it("a shopper who cancels (ResCode 17): failed, no verify call, the order still waits", async () => {
    const { order, paymentId, refId } = await started();
    await post(paymentId, mellat.cancel(refId));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "failed",
      failureCode: "cancelled",
      gatewayCode: "17",
    });
    expect(mellat.callsOf("bpVerifyRequest")).toHaveLength(0);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("error codes: a refused bpPayRequest (24) answers 503 and fails the attempt; a declined verify (42) fails it without a reversal", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    mellat.failNext(1, { status: 24 });
    const refused = await startThroughApi(server, test.config, world, order.id, "mellat");
    expect([refused.status, refused.body.error.code]).toEqual([503, "gateway_unavailable"]);
    const [row] = await test.platform.dataSource.query(`SELECT state, gateway_code FROM payments WHERE order_id = $1`, [order.id]);
    expect(row).toEqual({ state: "failed", gateway_code: "24" });

    const declined = await started();
    const fields = mellat.pay(declined.refId);
    mellat.failNext(1, { status: 42 });
    await post(declined.paymentId, fields);
    expect(await paymentRow(test.platform.dataSource, declined.paymentId)).toMatchObject({
      state: "failed",
      failureCode: "declined",
      gatewayCode: "42",
    });
    expect(mellat.callsOf("bpReversalRequest")).toHaveLength(0);
  });

  it("a verify failing where the money may be taken (34): bpReversalRequest gives it back; a lost reversal answer is finished by reconciliation", async () => {
    const { order, paymentId, refId } = await started();
    mellat.failOn("bpVerifyRequest", "34");
    await post(paymentId, mellat.pay(refId));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "reversed",
      failureCode: "declined",
      gatewayCode: "34",
    });
    expect(mellat.callsOf("bpReversalRequest")).toHaveLength(1);
    expect(mellat.sales.get(refId)!.status).toBe("reversed");
    expect(mellat.callsOf("bpSettleRequest")).toHaveLength(0);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");

    // The reversal's answer is lost: the payment waits in verifying; reconciliation asks (inquiry 48: reversed) and ends it.
    const second = await started();
    mellat.failOn("bpVerifyRequest", "34");
    mellat.delayNext(1, 0);
    mellat.delayNext(1, 800);
    await post(second.paymentId, mellat.pay(second.refId));
    expect(await paymentRow(test.platform.dataSource, second.paymentId)).toMatchObject({ state: "verifying", failureCode: "declined" });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(mellat.sales.get(second.refId)!.status).toBe("reversed");
    const deps = { config: test.config, gateways: createGateways(test.platform) };
    await reconcilePayments(system(), deps, { olderThanMs: 0 });
    expect((await paymentRow(test.platform.dataSource, second.paymentId)).state).toBe("reversed");
    expect(mellat.callsOf("bpSettleRequest")).toHaveLength(0);
  });

  it("a refused settlement (34) reverses the sale and refunds the order", async () => {
    const { order, paymentId, refId } = await started();
    mellat.failOn("bpSettleRequest", "34");
    await post(paymentId, mellat.pay(refId));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "reversed",
      failureCode: "settle_failed",
      gatewayCode: "34",
    });
    expect(mellat.callsOf("bpReversalRequest")).toHaveLength(1);
    expect(mellat.sales.get(refId)!.status).toBe("reversed");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("refunded");
  });

  it("amount mismatch: the bank took another amount; the sale is reversed and the order is not paid", async () => {
    const { order, paymentId, refId } = await started();
    await post(paymentId, mellat.pay(refId, { amount: 1_000_000 }));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "reversed", failureCode: "amount_mismatch" });
    expect(mellat.callsOf("bpReversalRequest")).toHaveLength(1);
    expect(mellat.callsOf("bpSettleRequest")).toHaveLength(0);
    expect(mellat.sales.get(refId)!.status).toBe("reversed");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("the callback replayed 20 times and 20 at once: one verify, ONE settle, one paid, one paid history row, one stock move, one SMS", async () => {
    const since = await outboxMark(test.platform.dataSource);
    const { order, paymentId, refId } = await started();
    const fields = mellat.pay(refId);
    await Promise.all(Array.from({ length: 20 }, () => post(paymentId, fields)));
    for (let i = 0; i < 20; i++) await post(paymentId, fields);
    expect(mellat.callsOf("bpVerifyRequest")).toHaveLength(1);
    expect(mellat.callsOf("bpSettleRequest")).toHaveLength(1);
    expect(await exchangeCount(test.platform.dataSource, paymentId, "bpSettleRequest")).toBe(1);
    expect(mellat.sales.get(refId)!.status).toBe("settled");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await paidSideEffects(test.platform, world, order.id, since)).toEqual({ paidHistory: 1, stockMoves: 1, sms: 1 });
  });

  it("a verify that times out stays verifying; reconciliation inquires (0), verifies again (43) and settles once", async () => {
    const { order, paymentId, refId } = await started();
    const fields = mellat.pay(refId);
    mellat.delayNext(1, 800);
    await post(paymentId, fields);
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
    await new Promise((resolve) => setTimeout(resolve, 600));
    // The bank did verify; its answer was what got lost.
    expect(mellat.sales.get(refId)!.status).toBe("verified");
    const deps = { config: test.config, gateways: createGateways(test.platform) };
    expect(await reconcilePayments(system(), deps, { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      reference: fields.SaleReferenceId,
      gatewayCode: "43",
    });
    expect(mellat.callsOf("bpInquiryRequest")).toHaveLength(1);
    expect(mellat.callsOf("bpSettleRequest")).toHaveLength(1);
    expect(mellat.sales.get(refId)!.status).toBe("settled");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await reconcilePayments(system(), deps, { olderThanMs: 0 })).toEqual({ checked: 0 });
  });

  it("a settle whose answer is lost leaves the payment paid and unsettled; reconciliation settles again (45) and stops", async () => {
    const second = await started();
    const secondFields = mellat.pay(second.refId);
    // The verify answers at once; the settle's answer comes after the driver gave up.
    mellat.delayNext(1, 0);
    mellat.delayNext(1, 800);
    await post(second.paymentId, secondFields);
    const row = await paymentRow(test.platform.dataSource, second.paymentId);
    expect(row.state).toBe("paid");
    expect(row.settledAt).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(mellat.sales.get(second.refId)!.status).toBe("settled");
    const deps = { config: test.config, gateways: createGateways(test.platform) };
    await reconcilePayments(system(), deps, { olderThanMs: 0 });
    expect((await paymentRow(test.platform.dataSource, second.paymentId)).settledAt).not.toBeNull();
    expect(mellat.callsOf("bpSettleRequest")).toHaveLength(2);
    expect(await exchangeCount(test.platform.dataSource, second.paymentId, "bpSettleRequest")).toBe(2);
    expect(await reconcilePayments(system(), deps, { olderThanMs: 0 })).toEqual({ checked: 0 });
  });

  it("the process dies between verify and settle: the payment stays verifying; reconciliation inquires (0), verifies (43), settles once", async () => {
    const { order, paymentId, refId } = await started();
    const fields = mellat.pay(refId);
    const gateways = createGateways(test.platform);
    const dying = { config: test.config, gateways: { ...gateways, mellat: killedAfter(gateways.mellat!, "verify") } };
    await expect(handleCallback(system(), dying, paymentId, fields)).rejects.toThrow("process killed after verify");
    expect(mellat.sales.get(refId)!.status).toBe("verified");
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    await post(paymentId, fields);
    expect(mellat.callsOf("bpVerifyRequest")).toHaveLength(1);
    await reconcilePayments(system(), { config: test.config, gateways }, { olderThanMs: 0 });
    const payment = await paymentRow(test.platform.dataSource, paymentId);
    expect(payment).toMatchObject({ state: "paid", reference: fields.SaleReferenceId, gatewayCode: "43" });
    expect(payment.settledAt).not.toBeNull();
    expect(mellat.callsOf("bpSettleRequest")).toHaveLength(1);
    expect(mellat.sales.get(refId)!.status).toBe("settled");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
  });

  it("tampered callbacks: another payment's RefId or SaleOrderId is refused and nothing is verified", async () => {
    const mine = await started();
    const theirs = await started();
    const theirFields = mellat.pay(theirs.refId);
    expect((await post(mine.paymentId, theirFields)).status).toBe(400);
    expect((await post(mine.paymentId, { ...mellat.pay(mine.refId), SaleOrderId: theirFields.SaleOrderId! })).status).toBe(400);
    expect((await paymentRow(test.platform.dataSource, mine.paymentId)).state).toBe("redirected");
    expect(mellat.callsOf("bpVerifyRequest")).toHaveLength(0);
  });
});
