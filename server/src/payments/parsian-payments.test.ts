import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { PARSIAN_CREDENTIALS, ParsianServer } from "../test/fakes/parsian-server.js";
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

/** Parsian PEC over SOAP through the real driver (the `soap` package) against the local fake (test/fakes/parsian-server.ts). */
const parsian = new ParsianServer();
const overrides: Record<string, string> = { PAYMENT_GATEWAY_TIMEOUT_MS: "300" };
beforeAll(async () => {
  await parsian.start();
  overrides.PARSIAN_BASE_URL = parsian.url;
});
const test = useTestPlatform(overrides);
/** The context the reconciliation job and a gateway\'s callback run with (outside any transaction). */
const system = () => systemContext(test.platform.dataSource.manager, "test");
let server: TestServer;
let world: PaymentWorld;

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "parsian", PARSIAN_CREDENTIALS);
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  await server?.close();
  await parsian.close();
});
beforeEach(async () => {
  parsian.reset();
  await clearRateLimits(test.platform);
  await test.platform.dataSource.query(
    `UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE store_id = $1 AND state = 'pending_payment'`,
    [world.store.id],
  );
});

async function started() {
  const order = await placeTestOrder(test.platform.dataSource, world);
  const res = await startThroughApi(server, test.config, world, order.id, "parsian");
  expect(res.status).toBe(201);
  return {
    order,
    paymentId: res.body.paymentId as string,
    token: new URL(res.body.redirect.url).searchParams.get("Token")!,
    redirect: res.body.redirect,
  };
}
const post = (paymentId: string, fields: Record<string, string>) => callback(server, world, paymentId, fields, "POST");
const deps = () => ({ config: test.config, gateways: createGateways(test.platform) });

describe("Parsian PEC", () => {
  it("pays: SalePaymentRequest → GET /NewIPG/?Token → form callback (status 0) → ConfirmPayment 0; the order paid with the RRN", async () => {
    const { order, paymentId, token, redirect } = await started();
    expect(redirect).toEqual({ url: `${parsian.url}/NewIPG/?Token=${token}`, method: "GET", fields: {} });
    const payment0 = await paymentRow(test.platform.dataSource, paymentId);
    expect(parsian.callsOf("SalePaymentRequest")[0]!.fields).toMatchObject({
      LoginAccount: PARSIAN_CREDENTIALS.loginAccount,
      Amount: "1900000",
      OrderId: String(payment0.gatewayOrderId),
      CallBackUrl: `http://${world.host}/api/v1/payments/${paymentId}/callback`,
    });

    const fields = parsian.pay(token);
    const res = await post(paymentId, fields);
    expect(res.headers.location).toBe(`/order/?id=${order.id}&payment=${paymentId}`);
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      reference: fields.RRN,
      cardPan: "603770******4312",
      gatewayCode: "0",
    });
    expect(parsian.callsOf("ConfirmPayment")).toHaveLength(1);
    expect(parsian.callsOf("ConfirmPayment")[0]!.fields).toMatchObject({ LoginAccount: PARSIAN_CREDENTIALS.loginAccount, Token: token });
    expect(parsian.sales.get(token)!.status).toBe("confirmed");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    const audits = await test.platform.dataSource.query(
      `SELECT request FROM payment_exchanges WHERE payment_id = $1 AND operation IN ('SalePaymentRequest', 'ConfirmPayment')`,
      [paymentId],
    );
    expect(audits.map((a: { request: { LoginAccount: string } }) => a.request.LoginAccount)).toEqual(["***mWq8", "***mWq8"]);
  });

  it("reads the callback's fields whatever their casing (token, orderId, amount as Parbad reads them)", async () => {
    const { order, paymentId, token } = await started();
    const fields = parsian.pay(token);
    await post(paymentId, {
      token: fields.Token!,
      status: fields.status!,
      orderId: fields.OrderId!,
      rrn: fields.RRN!,
      amount: fields.Amount!,
    });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "paid", reference: fields.RRN });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
  });

  it("a shopper who cancels (status -138): failed, no ConfirmPayment, the order still waits", async () => {
    const { order, paymentId, token } = await started();
    await post(paymentId, parsian.cancel(token));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "failed",
      failureCode: "cancelled",
      gatewayCode: "-138",
    });
    expect(parsian.callsOf("ConfirmPayment")).toHaveLength(0);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("error codes: a refused sale (-126) answers 503; a declined card (51) fails; a forged status 0 meets ConfirmPayment -1531; a SOAP fault is no answer", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    parsian.failNext(1, { status: -126 });
    const refused = await startThroughApi(server, test.config, world, order.id, "parsian");
    expect([refused.status, refused.body.error.code]).toEqual([503, "gateway_unavailable"]);
    const [row] = await test.platform.dataSource.query(`SELECT state, gateway_code FROM payments WHERE order_id = $1`, [order.id]);
    expect(row).toEqual({ state: "failed", gateway_code: "-126" });
    parsian.failNext(1, { httpStatus: 500 });
    expect((await startThroughApi(server, test.config, world, order.id, "parsian")).status).toBe(503);

    const declined = await started();
    await post(declined.paymentId, parsian.cancel(declined.token, "51"));
    expect(await paymentRow(test.platform.dataSource, declined.paymentId)).toMatchObject({
      state: "failed",
      failureCode: "cancelled",
      gatewayCode: "51",
    });

    const forged = await started();
    const sale = parsian.sales.get(forged.token)!;
    await post(forged.paymentId, {
      Token: forged.token,
      status: "0",
      OrderId: sale.orderId,
      RRN: "123456789012",
      Amount: String(sale.amount),
    });
    expect(await paymentRow(test.platform.dataSource, forged.paymentId)).toMatchObject({
      state: "failed",
      failureCode: "declined",
      gatewayCode: "-1531",
    });
    expect(await orderState(test.platform.dataSource, forged.order.id)).toBe("pending_payment");
  });

  it("amount mismatch: the bank took another amount; it is never confirmed but reversed, and the payment fails", async () => {
    const { order, paymentId, token } = await started();
    await post(paymentId, parsian.pay(token, { amount: 1_000_000 }));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "failed",
      failureCode: "amount_mismatch",
      gatewayCode: "0",
    });
    expect(parsian.callsOf("ConfirmPayment")).toHaveLength(0);
    expect(parsian.callsOf("ReversalRequest")).toHaveLength(1);
    expect(parsian.sales.get(token)!.status).toBe("reversed");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("the callback replayed 20 times and 20 at once: one ConfirmPayment, one paid, one paid history row, one stock move, one SMS", async () => {
    const since = await outboxMark(test.platform.dataSource);
    const { order, paymentId, token } = await started();
    const fields = parsian.pay(token);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(paymentId, fields)));
    for (let i = 0; i < 20; i++) answers.push(await post(paymentId, fields));
    expect(new Set(answers.map((a) => `${a.status} ${a.headers.location}`))).toEqual(
      new Set([`303 /order/?id=${order.id}&payment=${paymentId}`]),
    );
    expect(parsian.callsOf("ConfirmPayment")).toHaveLength(1);
    expect(await exchangeCount(test.platform.dataSource, paymentId, "ConfirmPayment")).toBe(1);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await paidSideEffects(test.platform, world, order.id, since)).toEqual({ paidHistory: 1, stockMoves: 1, sms: 1 });
  });

  it("a ConfirmPayment that times out stays verifying; reconciliation confirms again (-1533) and pays it with the callback's RRN", async () => {
    const { order, paymentId, token } = await started();
    const fields = parsian.pay(token);
    parsian.delayNext(1, 800);
    await post(paymentId, fields);
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(parsian.sales.get(token)!.status).toBe("confirmed");
    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      reference: fields.RRN,
      gatewayCode: "-1533",
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(parsian.callsOf("ReversalRequest")).toHaveLength(0);
    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 0 });
  });

  it("the process dies right after ConfirmPayment (PEC has no settle): the payment stays verifying, reconciliation pays it once", async () => {
    const { order, paymentId, token } = await started();
    const fields = parsian.pay(token);
    const gateways = createGateways(test.platform);
    const dying = { ...deps(), gateways: { ...gateways, parsian: killedAfter(gateways.parsian!, "verify") } };
    await expect(handleCallback(system(), dying, paymentId, fields)).rejects.toThrow("process killed after verify");
    expect(parsian.sales.get(token)!.status).toBe("confirmed");
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    await post(paymentId, fields);
    expect(parsian.callsOf("ConfirmPayment")).toHaveLength(1);
    await reconcilePayments(system(), deps(), { olderThanMs: 0 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "paid", reference: fields.RRN });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
  });

  it("a sale the shopper never finished: reconciliation reads -1531 and fails the payment", async () => {
    const { paymentId, token } = await started();
    const sale = parsian.sales.get(token)!;
    parsian.failNext(1, { httpStatus: 503 });
    await post(paymentId, { Token: token, status: "0", OrderId: sale.orderId, RRN: "5", Amount: String(sale.amount) });
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    await reconcilePayments(system(), deps(), { olderThanMs: 0 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "failed", gatewayCode: "-1531" });
  });

  it("tampered callbacks: another order's Token/OrderId or RRN is refused; an edited Amount is never confirmed", async () => {
    const mine = await started();
    const theirs = await started();
    const theirFields = parsian.pay(theirs.token);
    expect((await post(mine.paymentId, theirFields)).status).toBe(400);
    expect((await post(mine.paymentId, { ...theirFields, Token: mine.token })).status).toBe(400);
    expect((await paymentRow(test.platform.dataSource, mine.paymentId)).state).toBe("redirected");
    expect(parsian.callsOf("ConfirmPayment")).toHaveLength(0);

    await post(theirs.paymentId, theirFields);
    const myFields = parsian.pay(mine.token);
    expect((await post(mine.paymentId, { ...myFields, RRN: theirFields.RRN! })).status).toBe(400);
    expect((await paymentRow(test.platform.dataSource, mine.paymentId)).state).toBe("redirected");

    await post(mine.paymentId, { ...myFields, Amount: "10000" });
    expect(await paymentRow(test.platform.dataSource, mine.paymentId)).toMatchObject({ state: "failed", failureCode: "amount_mismatch" });
    expect(parsian.callsOf("ConfirmPayment")).toHaveLength(1);
    expect(await orderState(test.platform.dataSource, mine.order.id)).toBe("pending_payment");
  });
});
