import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { SAMAN_CREDENTIALS, SamanServer } from "../test/fakes/saman-server.js";
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
import { handleCallback, reconcilePayments } from "./payment.service.js";
import { killedAfter } from "../test/payment-test-support.js";

/** Saman SEP (token REST) through the real driver against the local fake (test/fakes/saman-server.ts). */
const saman = new SamanServer();
const overrides: Record<string, string> = { PAYMENT_GATEWAY_TIMEOUT_MS: "300" };
beforeAll(async () => {
  await saman.start();
  overrides.SAMAN_BASE_URL = saman.url;
});
const test = useTestPlatform(overrides);
/** The context the reconciliation job and a gateway\'s callback run with (outside any transaction). */
const system = () => systemContext(test.platform.dataSource.manager, "test");
let server: TestServer;
let world: PaymentWorld;

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "saman", SAMAN_CREDENTIALS);
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  await server?.close();
  await saman.close();
});
beforeEach(async () => {
  saman.reset();
  await clearRateLimits(test.platform);
  await test.platform.dataSource.query(
    `UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE store_id = $1 AND state = 'pending_payment'`,
    [world.store.id],
  );
});

async function started() {
  const order = await placeTestOrder(test.platform.dataSource, world);
  const res = await startThroughApi(server, test.config, world, order.id, "saman");
  expect(res.status).toBe(201);
  return { order, paymentId: res.body.paymentId as string, token: res.body.redirect.fields.Token as string, redirect: res.body.redirect };
}
const post = (paymentId: string, fields: Record<string, string>) => callback(server, world, paymentId, fields, "POST");
const deps = () => ({ config: test.config, gateways: createGateways(test.platform) });

describe("Saman SEP", () => {
  it("pays: token → POST redirect with Token → form callback (Status 2) → VerifyTransaction 0; the order paid with RefNum", async () => {
    const { order, paymentId, token, redirect } = await started();
    expect(redirect).toEqual({ url: `${saman.url}/OnlinePG/OnlinePG`, method: "POST", fields: { Token: token, GetMethod: "false" } });
    const payment0 = await paymentRow(test.platform.dataSource, paymentId);
    expect(saman.callsOf("token")[0]).toEqual({
      action: "token",
      TerminalId: "12345678",
      Amount: 1_900_000,
      ResNum: String(payment0.gatewayOrderId),
      RedirectUrl: `http://${world.host}/api/v1/payments/${paymentId}/callback`,
      CellNumber: world.shopper.phone.slice(3),
    });

    const fields = saman.pay(token);
    const res = await post(paymentId, fields);
    expect(res.headers.location).toBe(`/order/?id=${order.id}&payment=${paymentId}`);
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      reference: fields.RefNum,
      cardPan: "621986******7391",
      gatewayCode: "0",
    });
    expect(saman.callsOf("VerifyTransaction")).toEqual([{ RefNum: fields.RefNum, TerminalNumber: 12345678 }]);
    expect(saman.sales.get(token)!.status).toBe("verified");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    const [audit] = await test.platform.dataSource.query(
      `SELECT request FROM payment_exchanges WHERE payment_id = $1 AND operation = 'callback'`,
      [paymentId],
    );
    expect(audit.request.SecurePan).toBe("621986******7391");
  });

  it("a shopper who cancels (Status 1, CanceledByUser): failed, no verify call, the order still waits", async () => {
    const { order, paymentId, token } = await started();
    await post(paymentId, saman.cancel(token));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "failed",
      failureCode: "cancelled",
      gatewayCode: "1",
    });
    expect(saman.callsOf("VerifyTransaction")).toHaveLength(0);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("error codes: a refused token (errorCode 12) answers 503; Status 3 (Failed) fails without verify; verify -2 fails; a 502 page is no answer", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    saman.failNext(1, { status: 12, message: "TerminalNotFound" });
    const refused = await startThroughApi(server, test.config, world, order.id, "saman");
    expect([refused.status, refused.body.error.code]).toEqual([503, "gateway_unavailable"]);
    const [row] = await test.platform.dataSource.query(`SELECT state, gateway_code FROM payments WHERE order_id = $1`, [order.id]);
    expect(row).toEqual({ state: "failed", gateway_code: "12" });
    saman.failNext(1, { httpStatus: 502 });
    expect((await startThroughApi(server, test.config, world, order.id, "saman")).status).toBe(503);

    const failed = await started();
    await post(failed.paymentId, saman.cancel(failed.token, { Status: "3", State: "Failed" }));
    expect(await paymentRow(test.platform.dataSource, failed.paymentId)).toMatchObject({
      state: "failed",
      failureCode: "cancelled",
      gatewayCode: "3",
    });

    const unknown = await started();
    const fields = saman.pay(unknown.token);
    saman.failNext(1, { status: -2, message: "Transaction not found" });
    await post(unknown.paymentId, fields);
    expect(await paymentRow(test.platform.dataSource, unknown.paymentId)).toMatchObject({
      state: "failed",
      failureCode: "declined",
      gatewayCode: "-2",
    });
    expect(saman.callsOf("VerifyTransaction")).toHaveLength(1);
  });

  it("amount mismatch: SEP took another amount (AffectiveAmount); the sale is reversed and the order is not paid", async () => {
    const { order, paymentId, token } = await started();
    await post(paymentId, saman.pay(token, { amount: 1_000_000 }));
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "reversed", failureCode: "amount_mismatch" });
    expect(saman.callsOf("ReverseTransaction")).toHaveLength(1);
    expect(saman.sales.get(token)!.status).toBe("reversed");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("the callback replayed 20 times and 20 at once: one VerifyTransaction, one paid, one paid history row, one stock move, one SMS", async () => {
    const since = await outboxMark(test.platform.dataSource);
    const { order, paymentId, token } = await started();
    const fields = saman.pay(token);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(paymentId, fields)));
    for (let i = 0; i < 20; i++) answers.push(await post(paymentId, fields));
    expect(new Set(answers.map((a) => `${a.status} ${a.headers.location}`))).toEqual(
      new Set([`303 /order/?id=${order.id}&payment=${paymentId}`]),
    );
    expect(saman.callsOf("VerifyTransaction")).toHaveLength(1);
    expect(await exchangeCount(test.platform.dataSource, paymentId, "VerifyTransaction")).toBe(1);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await paidSideEffects(test.platform, world, order.id, since)).toEqual({ paidHistory: 1, stockMoves: 1, sms: 1 });
  });

  it("a verify that times out stays verifying; reconciliation asks VerifyTransaction again (2, with the detail) and pays it", async () => {
    const { order, paymentId, token } = await started();
    const fields = saman.pay(token);
    saman.delayNext(1, 800);
    await post(paymentId, fields);
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(saman.sales.get(token)!.status).toBe("verified");
    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      reference: fields.RefNum,
      gatewayCode: "2",
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 0 });
  });

  it("a repeated verify without TransactionDetail (PROTOCOLS.md §3.4 leaves it open): reconciliation pays with the amount it asked for and the callback's RefNum", async () => {
    const { order, paymentId, token } = await started();
    const fields = saman.pay(token);
    saman.detailOnRepeat = false;
    saman.delayNext(1, 800);
    await post(paymentId, fields);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await reconcilePayments(system(), deps(), { olderThanMs: 0 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      amount: 1_900_000,
      reference: fields.RefNum,
      gatewayCode: "2",
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
  });

  it("the process dies right after SEP verified (SEP has no settle): the payment stays verifying, reconciliation pays it once", async () => {
    const { order, paymentId, token } = await started();
    const fields = saman.pay(token);
    const gateways = createGateways(test.platform);
    const dying = { ...deps(), gateways: { ...gateways, saman: killedAfter(gateways.saman!, "verify") } };
    await expect(handleCallback(system(), dying, paymentId, fields)).rejects.toThrow("process killed after verify");
    expect(saman.sales.get(token)!.status).toBe("verified");
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    // The shopper's browser retries meanwhile: nothing changes, nothing is verified again.
    await post(paymentId, fields);
    expect(saman.callsOf("VerifyTransaction")).toHaveLength(1);
    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "paid", reference: fields.RefNum });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(saman.callsOf("ReverseTransaction")).toHaveLength(0);
  });

  it("a verify left unanswered past SEP's 30 minutes: reconciliation reads -6 (the bank gave it back) and fails the payment", async () => {
    const { order, paymentId, token } = await started();
    const fields = saman.pay(token);
    saman.failNext(1, { httpStatus: 504 });
    await post(paymentId, fields);
    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    saman.age(token, 31 * 60_000);
    await reconcilePayments(system(), deps(), { olderThanMs: 0 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "failed", gatewayCode: "-6" });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
  });

  it("a store that switches SEP off while a shopper is paying: the return is still verified with the stored credentials; new attempts are refused", async () => {
    const { order, paymentId, token } = await started();
    await test.platform.dataSource.query(`UPDATE store_payment_gateways SET enabled = false WHERE store_id = $1 AND gateway = 'saman'`, [
      world.store.id,
    ]);
    try {
      await post(paymentId, saman.pay(token));
      expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("paid");
      expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
      const another = await placeTestOrder(test.platform.dataSource, world);
      expect((await startThroughApi(server, test.config, world, another.id, "saman")).status).toBe(422);
    } finally {
      await test.platform.dataSource.query(`UPDATE store_payment_gateways SET enabled = true WHERE store_id = $1 AND gateway = 'saman'`, [
        world.store.id,
      ]);
    }
  });

  it("tampered callbacks: another order's ResNum/Token or RefNum is refused; an edited Amount changes nothing", async () => {
    const mine = await started();
    const theirs = await started();
    const theirFields = saman.pay(theirs.token);
    expect((await post(mine.paymentId, theirFields)).status).toBe(400);
    expect((await post(mine.paymentId, { ...theirFields, ResNum: saman.sales.get(mine.token)!.resNum })).status).toBe(400);
    expect((await paymentRow(test.platform.dataSource, mine.paymentId)).state).toBe("redirected");
    expect(saman.callsOf("VerifyTransaction")).toHaveLength(0);

    // A callback without Token (or with an empty one) is refused: the stored token never stands in for it.
    const { Token: _dropped, ...withoutToken } = saman.pay(mine.token);
    expect((await post(mine.paymentId, withoutToken)).status).toBe(400);
    expect((await post(mine.paymentId, { ...withoutToken, Token: " " })).status).toBe(400);
    expect((await paymentRow(test.platform.dataSource, mine.paymentId)).state).toBe("redirected");
    expect(saman.callsOf("VerifyTransaction")).toHaveLength(0);

    // Their receipt, once it paid their order, can't pay mine too.
    await post(theirs.paymentId, theirFields);
    expect((await paymentRow(test.platform.dataSource, theirs.paymentId)).state).toBe("paid");
    const myFields = saman.pay(mine.token);
    expect((await post(mine.paymentId, { ...myFields, RefNum: theirFields.RefNum! })).status).toBe(400);
    expect((await paymentRow(test.platform.dataSource, mine.paymentId)).state).toBe("redirected");

    await post(mine.paymentId, { ...myFields, Amount: "10000" });
    expect(await paymentRow(test.platform.dataSource, mine.paymentId)).toMatchObject({
      state: "paid",
      amount: 1_900_000,
      reference: myFields.RefNum,
    });
    expect(await orderState(test.platform.dataSource, mine.order.id)).toBe("paid");
  });
});
