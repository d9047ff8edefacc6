import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { orderSmsText, SMS_STATES } from "../orders/order-events.job.js";
import { transitionOrder } from "../orders/order.service.js";
import { systemContext } from "../core/context.js";
import { StoreMember } from "../tenancy/store-member.entity.js";
import { buildStore } from "../test/factories.js";
import { ZarinpalServer } from "../test/fakes/zarinpal-server.js";
import { startTestServer, type TestResponse, type TestServer } from "../test/http-client.js";
import { bearer, buildUser, clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
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
} from "../test/payment-fixtures.js";
import { REFUND_CLAIM_SECONDS } from "./refund.service.js";

/** Refunds through the API: ZarinPal's real driver against its local fake for reversals, and manual records. */
const MERCHANT = "1344b5d4-0048-11e8-94db-005056a205be";
const zarinpal = new ZarinpalServer({ merchants: [MERCHANT] });
// Long enough for a loaded machine; the lost-answer test holds the fake's answer past it.
const overrides: Record<string, string> = { PAYMENT_GATEWAY_TIMEOUT_MS: "1500" };
beforeAll(async () => {
  await zarinpal.start();
  overrides.ZARINPAL_BASE_URL = zarinpal.url;
});
const test = useTestPlatform(overrides);
const TOTAL = 1_900_000;
let server: TestServer;
let world: PaymentWorld;
let merchant: User;
let otherOwner: User;

const refund$ = (user: User, orderId: string, body: unknown, storeId = world.store.id) =>
  server.request("POST", `/api/v1/stores/${storeId}/orders/${orderId}/refund`, { headers: bearer(test.config, user), body });
const field = (res: TestResponse) => [res.status, res.body?.error?.field, res.body?.error?.code];
const stock = async () => (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: world.instanceId })).stock;
const refunds = async (orderId: string) =>
  test.platform.dataSource.query(
    `SELECT method, status, amount::int, restock, note, reference, actor_user_id FROM order_refunds WHERE order_id = $1`,
    [orderId],
  );
const history = async (orderId: string) =>
  test.platform.dataSource.query(`SELECT from_state, to_state, reason FROM order_history WHERE order_id = $1 AND to_state = 'refunded'`, [
    orderId,
  ]) as Promise<Array<{ reason: string }>>;
const reverseCalls = () => zarinpal.requests.filter((r) => r.path.endsWith("reverse.json")).length;

/** An order paid through ZarinPal (verified by the driver, as a shopper's return makes it). */
async function paidOrder(quantity = 1) {
  const order = await placeTestOrder(test.platform.dataSource, world, quantity);
  const res = await startThroughApi(server, test.config, world, order.id, "zarinpal");
  const authority = new URL(res.body.redirect.url).pathname.split("/").pop()!;
  await callback(server, world, res.body.paymentId, Object.fromEntries(new URL(zarinpal.pay(authority)).searchParams));
  expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
  return { order, paymentId: res.body.paymentId as string, authority };
}

beforeAll(async () => {
  const { dataSource } = test.platform;
  world = await buildPaymentWorld(dataSource);
  merchant = await buildUser(dataSource);
  otherOwner = await buildUser(dataSource);
  await dataSource.getRepository(StoreMember).insert({ storeId: world.store.id, userId: merchant.id, role: "manager" });
  await buildStore(dataSource, { ownerPhone: otherOwner.phone });
  await enableGateway(dataSource, test.config, world.store.id, "zarinpal", { merchantId: MERCHANT });
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  await server?.close();
  await zarinpal.close();
});
beforeEach(async () => {
  zarinpal.reset();
  await clearRateLimits(test.platform);
  await test.platform.dataSource.query(
    `UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE store_id = $1 AND state = 'pending_payment'`,
    [world.store.id],
  );
});

describe("refunds through the gateway", () => {
  it("reverses the payment at ZarinPal: payment reversed, order refunded, stock back; a repeat is refused and calls nobody", async () => {
    const before = await stock();
    const { order, paymentId, authority } = await paidOrder(2);
    expect(await stock()).toBe(before - 2);
    const res = await refund$(merchant, order.id, { method: "gateway", restock: true, note: "کالا تمام شده بود." });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      method: "gateway",
      status: "completed",
      amount: 3_400_000,
      restock: true,
      paymentId,
      actorUserId: merchant.id,
    });
    expect(zarinpal.sessions.get(authority)!.status).toBe("REVERSED");
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "reversed", gatewayCode: "100" });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("refunded");
    expect(await stock()).toBe(before);
    expect(await exchangeCount(test.platform.dataSource, paymentId, "refund:reverse")).toBe(1);
    const [moved] = await history(order.id);
    expect(moved!.reason).toBe("۳۴۰٬۰۰۰ تومان از راه زرین‌پال به همان کارت پرداخت برگشت داده شد. کالا تمام شده بود.");
    const [event] = await test.platform.dataSource.query(
      `SELECT payload FROM outbox WHERE type = 'order.changed' AND entity_id = $1 AND payload->>'to' = 'refunded'`,
      [order.id],
    );
    expect(event.payload).toMatchObject({ from: "paid", to: "refunded", number: order.number });

    const again = await refund$(merchant, order.id, { method: "gateway", restock: true });
    expect(field(again)).toEqual([409, "orderId", "already_refunded"]);
    expect(field(await refund$(merchant, order.id, { method: "manual", restock: true }))).toEqual([409, "orderId", "already_refunded"]);
    expect(reverseCalls()).toBe(1);
    expect(await stock()).toBe(before);
    expect(await refunds(order.id)).toHaveLength(1);
  });

  it("twenty requests at once: one reversal, one refund, stock returned once", async () => {
    const before = await stock();
    const { order } = await paidOrder();
    const answers = await Promise.all(Array.from({ length: 20 }, () => refund$(merchant, order.id, { method: "gateway", restock: true })));
    expect(answers.filter((res) => res.status !== 201 && res.status !== 409).map((res) => [res.status, res.body])).toEqual([]);
    expect(answers.filter((res) => res.status === 201)).toHaveLength(1);
    expect(reverseCalls()).toBe(1);
    expect(await refunds(order.id)).toHaveLength(1);
    expect(await history(order.id)).toHaveLength(1);
    expect(await stock()).toBe(before);
  });

  it("a gateway that no longer reverses (-63) changes nothing; the merchant then records a manual refund, keeping the stock off the shelf", async () => {
    const before = await stock();
    const { order, paymentId } = await paidOrder();
    zarinpal.failNext(1, { status: -63, message: "Maximum time for reverse of this session is expired." });
    const refused = await refund$(merchant, order.id, { method: "gateway", restock: true });
    expect(field(refused)).toEqual([409, "method", "reversal_refused"]);
    expect(refused.body.error.message).toContain("بازپرداخت دستی");
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "paid" });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await refunds(order.id)).toEqual([]);

    const manual = await refund$(merchant, order.id, {
      method: "manual",
      amount: 1_500_000,
      restock: false,
      note: "هزینهٔ ارسال کسر شد.",
      reference: "۱۲۳۴۵۶",
    });
    expect(manual.status).toBe(201);
    expect(await refunds(order.id)).toEqual([
      {
        method: "manual",
        status: "completed",
        amount: 1_500_000,
        restock: false,
        note: "هزینهٔ ارسال کسر شد.",
        reference: "۱۲۳۴۵۶",
        actor_user_id: merchant.id,
      },
    ]);
    expect(manual.body.completedAt).toEqual(expect.any(String));
    expect(await orderState(test.platform.dataSource, order.id)).toBe("refunded");
    // Kept off the shelf, as chosen; the online payment itself stays as the bank has it.
    expect(await stock()).toBe(before - 1);
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "paid" });
    expect((await history(order.id))[0]!.reason).toBe("۱۵۰٬۰۰۰ تومان بازپرداخت شد (شمارهٔ پیگیری ۱۲۳۴۵۶). هزینهٔ ارسال کسر شد.");
  });

  it("no answer from the gateway: 503 and the claim stays; the next request asks the gateway and finishes without reversing twice", async () => {
    const { order, paymentId, authority } = await paidOrder();
    zarinpal.delayNext(1, 2000);
    const lost = await refund$(merchant, order.id, { method: "gateway", restock: true });
    expect(field(lost)).toEqual([503, undefined, "gateway_unavailable"]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    // The fake did the work after the driver gave up.
    expect(zarinpal.sessions.get(authority)!.status).toBe("REVERSED");
    expect(await refunds(order.id)).toMatchObject([{ status: "pending" }]);
    expect(field(await refund$(merchant, order.id, { method: "manual", restock: true }))).toEqual([409, "orderId", "refund_in_progress"]);
    const retried = await refund$(merchant, order.id, { method: "gateway", restock: true });
    expect(retried.status).toBe(201);
    expect(reverseCalls()).toBe(1);
    expect(zarinpal.requests.filter((r) => r.path.endsWith("inquiry.json"))).toHaveLength(1);
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "reversed" });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("refunded");
  });

  it("a fresh claim is not taken over: a request during a reversal is told it is in progress", async () => {
    const { order } = await paidOrder();
    await test.platform.dataSource.query(
      `INSERT INTO order_refunds (store_id, order_id, method, status, amount, restock) VALUES ($1, $2, 'gateway', 'pending', $3, true)`,
      [world.store.id, order.id, TOTAL],
    );
    expect(field(await refund$(merchant, order.id, { method: "gateway", restock: true }))).toEqual([409, "orderId", "refund_in_progress"]);
    expect(reverseCalls()).toBe(0);
    await test.platform.dataSource.query(`UPDATE order_refunds SET updated_at = now() - make_interval(secs => $2) WHERE order_id = $1`, [
      order.id,
      REFUND_CLAIM_SECONDS + 1,
    ]);
    expect((await refund$(merchant, order.id, { method: "gateway", restock: true })).status).toBe(201);
    expect(reverseCalls()).toBe(1);
  });
});

describe("only the refund service refunds", () => {
  it("the transitions API refuses refunded, and cancelling a paid order, to order staff and owners alike: no state change, no SMS, and the real refund still works", async () => {
    const clerk = await buildUser(test.platform.dataSource);
    await test.platform.dataSource.getRepository(StoreMember).insert({ storeId: world.store.id, userId: clerk.id, role: "order_staff" });
    const { order, authority } = await paidOrder();
    const transition = (user: User, body: unknown) =>
      server.request("POST", `/api/v1/stores/${world.store.id}/orders/${order.id}/transitions`, {
        headers: bearer(test.config, user),
        body,
      });
    for (const user of [clerk, merchant]) {
      for (const to of ["refunded", "cancelled"]) {
        const refused = await transition(user, { to, reason: "خریدار انصراف داد" });
        expect(field(refused)).toEqual([422, "to", "refund_required"]);
        expect(refused.body.error.message).toContain("بازگرداندن مبلغ");
      }
    }
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    const events = await test.platform.dataSource.query(
      `SELECT payload->>'to' AS "to" FROM outbox WHERE type = 'order.changed' AND entity_id = $1 AND payload->>'to' IN ('refunded', 'cancelled')`,
      [order.id],
    );
    expect(events).toEqual([]);
    expect(zarinpal.sessions.get(authority)!.status).not.toBe("REVERSED");

    const res = await refund$(merchant, order.id, { method: "gateway", restock: true });
    expect(res.status).toBe(201);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("refunded");
    expect(zarinpal.sessions.get(authority)!.status).toBe("REVERSED");
  });
});

describe("manual refunds and the rules", () => {
  it("validates amounts (not more than paid) and fields, naming them, and changes nothing", async () => {
    const { order } = await paidOrder();
    const tooMuch = await refund$(merchant, order.id, { method: "manual", amount: TOTAL + 10, restock: true });
    expect(field(tooMuch)).toEqual([400, "amount", "amount_too_large"]);
    expect(tooMuch.body.error.message).toBe("مبلغ بازپرداخت نمی‌تواند بیشتر از مبلغ پرداخت‌شده (۱۹۰٬۰۰۰ تومان) باشد.");
    expect(field(await refund$(merchant, order.id, { method: "manual", amount: 0, restock: true }))[1]).toBe("amount");
    expect(field(await refund$(merchant, order.id, { method: "manual", amount: 12.5, restock: true }))[1]).toBe("amount");
    expect(field(await refund$(merchant, order.id, { method: "manual", amount: "۱۰۰", restock: true }))[1]).toBe("amount");
    expect(field(await refund$(merchant, order.id, { method: "gateway", amount: 1_000_000, restock: true }))).toEqual([
      400,
      "amount",
      "partial_reversal",
    ]);
    expect(field(await refund$(merchant, order.id, { method: "cash", restock: true }))[1]).toBe("method");
    expect(field(await refund$(merchant, order.id, { method: "manual" }))[1]).toBe("restock");
    // The note's and the reference's limits are the refund service's (the back office gets the same error: admin/src/payments.test.ts).
    const longNote = await refund$(merchant, order.id, { method: "manual", restock: true, note: "x".repeat(501) });
    expect(field(longNote)).toEqual([400, "note", "refund_note_too_long"]);
    expect(longNote.body.error.message).toBe("توضیح حداکثر ۵۰۰ نویسه است.");
    expect(field(await refund$(merchant, order.id, { method: "manual", restock: true, reference: "۱".repeat(101) }))).toEqual([
      400,
      "reference",
      "refund_reference_too_long",
    ]);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await refunds(order.id)).toEqual([]);
    expect(reverseCalls()).toBe(0);
  });

  it("the API documents the limits the service decides", async () => {
    const doc = (await server.request("GET", "/api/openapi.json")).body;
    const body = doc.components.schemas.RefundOrder.properties;
    expect(body.note).toMatchObject({ type: "string", maxLength: 500 });
    expect(body.reference).toMatchObject({ type: "string", maxLength: 100 });
    expect(body.amount).toMatchObject({ type: "integer", minimum: 1 });
  });

  it("another store's merchant, or the order through another store, is not found; nothing changes", async () => {
    const { order, paymentId } = await paidOrder();
    expect(field(await refund$(otherOwner, order.id, { method: "gateway", restock: true }))[0]).toBe(404);
    expect(field(await refund$(otherOwner, order.id, { method: "manual", restock: true }))[0]).toBe(404);
    const [otherStore] = await test.platform.dataSource.query(`SELECT store_id FROM store_members WHERE user_id = $1`, [otherOwner.id]);
    expect(field(await refund$(otherOwner, order.id, { method: "manual", restock: true }, otherStore.store_id))).toEqual([
      404,
      undefined,
      "order_not_found",
    ]);
    expect(field(await refund$(world.shopper, order.id, { method: "manual", restock: true }))[0]).toBe(404);
    expect(
      (
        await server.request("GET", `/api/v1/stores/${world.store.id}/orders/${order.id}/refund`, {
          headers: bearer(test.config, otherOwner),
        })
      ).status,
    ).toBe(404);
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "paid" });
    expect(reverseCalls()).toBe(0);
  });

  it("an unpaid order has nothing to refund; an order paid outside the gateways cannot be reversed, only refunded by hand", async () => {
    const waiting = await placeTestOrder(test.platform.dataSource, world);
    expect(field(await refund$(merchant, waiting.id, { method: "manual", restock: true }))).toEqual([422, "orderId", "not_refundable"]);
    const offline = await placeTestOrder(test.platform.dataSource, world);
    await test.platform.dataSource.transaction((manager) =>
      transitionOrder(systemContext(manager, "test"), world.store.id, offline.id, "paid"),
    );
    expect(field(await refund$(merchant, offline.id, { method: "gateway", restock: true }))).toEqual([400, "method", "no_online_payment"]);
    expect((await refund$(merchant, offline.id, { method: "manual", restock: true })).status).toBe(201);
    const read = await server.request("GET", `/api/v1/stores/${world.store.id}/orders/${offline.id}/refund`, {
      headers: bearer(test.config, merchant),
    });
    expect(read.body).toMatchObject({ method: "manual", amount: TOTAL, restock: true });
  });

  it("stock on and off: a shipped order's returned items go back when chosen; ten manual requests at once refund once", async () => {
    const before = await stock();
    const { order } = await paidOrder(3);
    const ctx = (manager: Parameters<typeof systemContext>[0]) => systemContext(manager, "test");
    await test.platform.dataSource.transaction((manager) => transitionOrder(ctx(manager), world.store.id, order.id, "processing"));
    await test.platform.dataSource.transaction((manager) =>
      transitionOrder(ctx(manager), world.store.id, order.id, "shipped", { trackingCode: "123456789012" }),
    );
    expect(await stock()).toBe(before - 3);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => refund$(merchant, order.id, { method: "manual", restock: true, note: "مرجوع شد." })),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(await stock()).toBe(before);
    expect(await history(order.id)).toHaveLength(1);
    expect(await refunds(order.id)).toHaveLength(1);
  });

  it("the shopper's SMS for a refund is Persian and says how much came back", () => {
    expect(SMS_STATES).toContain("refunded");
    const text = orderSmsText({
      storeName: "چای‌خانه",
      number: 1042,
      from: "paid",
      to: "refunded",
      shippingName: "پست پیشتاز",
      trackingCode: null,
      reason: "۱۹۰٬۰۰۰ تومان از راه زرین‌پال به همان کارت پرداخت برگشت داده شد.",
      link: "https://chai.mall.ir/order/?id=x",
    });
    expect(text).toBe(
      "مبلغ سفارش ۱۰۴۲ شما در «چای‌خانه» بازگردانده شد. ۱۹۰٬۰۰۰ تومان از راه زرین‌پال به همان کارت پرداخت برگشت داده شد.\nپیگیری: https://chai.mall.ir/order/?id=x",
    );
  });
});
