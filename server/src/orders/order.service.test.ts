import type { Job } from "bullmq";
import { beforeAll, describe, expect, it } from "vitest";
import { updateInstance } from "../catalog/instance.service.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { productDetail } from "../catalog/product.service.js";
import type { User } from "../identity/user.entity.js";
import type { EventJobData } from "../jobs/events.js";
import { startWorkers } from "../main/workers.js";
import { SmsMessage } from "../messaging/sms-message.entity.js";
import { systemContext, type ServiceContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore, buildShirtCategory } from "../test/factories.js";
import { buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildShippingMethod, placeAs, shopperContext, tehranAddress } from "../test/order-fixtures.js";
import { orderEventsListener } from "./order-events.job.js";
import { orderExpiryJob, sweepExpiredOrders, type ExpiryJobData } from "./order-expiry.job.js";
import type { OrderState } from "./order-state.js";
import { OrderHistory, type Order } from "./order.entity.js";
import { expireOrder, markOrderPaid, markOrderRefunded, orderForPayment, transitionOrder } from "./order.service.js";
import type { ShippingMethod } from "./shipping-method.entity.js";
import { formatNumber } from "@mall/locale";

const test = useTestPlatform();
let store: Store;
let shopper: User;
let post: ShippingMethod;
let courier: ShippingMethod;
/** Instance ids of the tee by «colour/size». */
const tee: Record<string, string> = {};
let mugId: string;

const stockOf = async (instanceId: string) =>
  (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: instanceId })).stock;
const setStock = (instanceId: string, stock: number) =>
  test.platform.dataSource.transaction((m) => updateInstance(systemContext(m, "test"), store.id, instanceId, { stock }));
const asSystem = <T>(work: (ctx: ServiceContext) => Promise<T>) =>
  test.platform.dataSource.transaction((m) => work(systemContext(m, "test")));
const history = (order: Pick<Order, "id">) =>
  test.platform.dataSource.getRepository(OrderHistory).find({ where: { orderId: order.id }, order: { createdAt: "ASC" } });
const itemsOf = (...pairs: Array<[string, number]>) => pairs.map(([instanceId, quantity]) => ({ instanceId, quantity }));
const simpleOrder = (instanceId: string, quantity = 1) => ({
  items: itemsOf([instanceId, quantity]),
  address: tehranAddress(),
  shippingMethodId: post.id,
});

/** Pretends the reservation ran out a minute ago. */
const overdue = (order: Pick<Order, "id">) =>
  test.platform.dataSource.query(`UPDATE orders SET reserved_until = now() - interval '1 minute' WHERE id = $1`, [order.id]);

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "پوشاک آزمایشی" });
  shopper = await buildUser(dataSource);
  const { category: shirts, allValues } = await buildShirtCategory(dataSource, store.id);
  const product = await buildProduct(dataSource, store.id, {
    categoryId: shirts.id,
    nameFa: "تی‌شرت طرح کاشی",
    slug: "tile-tshirt",
    basePrice: 4_500_000,
    stock: 20,
    attributes: allValues,
  });
  const detail = await asSystem((ctx) => productDetail(ctx, product, { activeInstancesOnly: true }));
  for (const { instance, attributes } of detail.instances) tee[attributes.map((a) => a.value).join("/")] = instance.id;
  const mug = await buildProduct(dataSource, store.id, { nameFa: "ماگ سفالی", slug: "mug", basePrice: 1_200_000, stock: 10 });
  mugId = (await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: mug.id })).id;
  post = await buildShippingMethod(dataSource, store.id, { kind: "post_pishtaz", price: 500_000, provincePrices: { "8": 350_000 } });
  courier = await buildShippingMethod(dataSource, store.id, { kind: "courier", price: 300_000, cityId: 801 });
});

describe("placing an order", () => {
  it("copies name, SKU, attributes and price, totals in Rials, reserves stock, numbers per store and records history", async () => {
    const blueL = tee["آبی/L"]!;
    const before = await stockOf(blueL);
    const {
      order,
      lines,
      history: rows,
      replayed,
    } = await placeAs(test.platform.dataSource, store.id, shopper, {
      items: itemsOf([blueL, 2], [mugId, 1]),
      address: tehranAddress({ postalCode: "۱۴۱۱۷-۱۳۱۳۵", mobile: "۰۹۳۵ ۱۲۳ ۴۵۶۷" }),
      shippingMethodId: post.id,
    });
    expect(replayed).toBe(false);
    expect(order.state).toBe("pending_payment");
    expect(order.number).toBeGreaterThanOrEqual(1001);
    expect(order).toMatchObject({
      subtotal: 2 * 4_500_000 + 1_200_000,
      shippingTotal: 350_000,
      discountTotal: 0,
      total: 10_550_000,
      itemCount: 3,
      shippingKind: "post_pishtaz",
    });
    expect(order.shippingAddress).toMatchObject({
      provinceName: "تهران",
      cityName: "تهران",
      postalCode: "1411713135",
      mobile: "+989351234567",
    });
    expect(order.reservedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(lines.map((l) => [l.productName, l.quantity, l.unitPrice, l.lineTotal])).toEqual(
      expect.arrayContaining([
        ["تی‌شرت طرح کاشی", 2, 4_500_000, 9_000_000],
        ["ماگ سفالی", 1, 1_200_000, 1_200_000],
      ]),
    );
    const shirtLine = lines.find((l) => l.instanceId === blueL)!;
    expect(shirtLine.sku).toMatch(/^TILE-TSHIRT-/);
    expect(shirtLine.attributes).toEqual([
      { name: "رنگ", value: "آبی", colorHex: "#2563eb" },
      { name: "سایز", value: "L", colorHex: null },
    ]);
    expect(await stockOf(blueL)).toBe(before - 2);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fromState: null, toState: "pending_payment", actorKind: "user", actorUserId: shopper.id });
    const [event] = await test.platform.dataSource.query(`SELECT payload FROM outbox WHERE type = 'order.changed' AND entity_id = $1`, [
      order.id,
    ]);
    expect(event.payload).toMatchObject({ from: null, to: "pending_payment", number: order.number });

    // A later price change leaves the order as it was placed.
    await test.platform.dataSource.transaction((m) => updateInstance(systemContext(m, "test"), store.id, blueL, { price: 9_990_000 }));
    const next = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(blueL));
    expect(next.order.number).toBe(order.number + 1);
    expect(next.lines[0]!.unitPrice).toBe(9_990_000);
    const again = await test.platform.dataSource.query(`SELECT unit_price FROM order_lines WHERE order_id = $1 AND instance_id = $2`, [
      order.id,
      blueL,
    ]);
    expect(Number(again[0].unit_price)).toBe(4_500_000);
    // Both orders go: the shopper may keep only a few waiting for payment.
    for (const o of [order, next.order]) await asSystem((ctx) => transitionOrder(ctx, store.id, o.id, "cancelled"));
  });

  it("reserves all lines or none: a short second line leaves the first line's stock untouched", async () => {
    const redM = tee["قرمز/M"]!;
    await setStock(mugId, 1);
    const before = await stockOf(redM);
    const attempt = placeAs(test.platform.dataSource, store.id, shopper, {
      ...simpleOrder(redM, 3),
      items: itemsOf([redM, 3], [mugId, 2]),
    });
    await expect(attempt).rejects.toMatchObject({ kind: "conflict", code: "insufficient_stock", field: "items.1.quantity" });
    await expect(attempt).rejects.toThrow("فقط ۱ عدد موجود است");
    expect(await stockOf(redM)).toBe(before);
    expect(await stockOf(mugId)).toBe(1);
    await setStock(mugId, 10);
  });

  it("numbers without gaps: a placement that loses the stock at the last moment rolls its number back with it", async () => {
    const single = await buildProduct(test.platform.dataSource, store.id, { nameFa: "آخرین دانه", stock: 1 });
    const lastOne = (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: single.id })).id;
    const [{ last }] = await test.platform.dataSource.query(`SELECT last_number AS last FROM store_order_counters WHERE store_id = $1`, [
      store.id,
    ]);
    // Another placement holds the last unit's row while this one passes the look at the shelf, then takes it and commits.
    const holder = test.platform.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`UPDATE product_instances SET stock = 0 WHERE id = $1`, [lastOne]);
    const loser = placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(lastOne));
    await expect
      .poll(
        async () =>
          (
            await test.platform.dataSource.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          )[0].n,
      )
      .toBe(1);
    await holder.commitTransaction();
    await holder.release();
    await expect(loser).rejects.toMatchObject({ code: "insufficient_stock", field: "items.0.quantity" });
    const mug = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(mugId));
    expect(mug.order.number).toBe(last + 1);
    const [{ orders }] = await test.platform.dataSource.query(
      `SELECT count(*)::int AS orders FROM orders WHERE store_id = $1 AND number < 0`,
      [store.id],
    );
    expect(orders).toBe(0);
    await asSystem((ctx) => transitionOrder(ctx, store.id, mug.order.id, "cancelled"));
  });

  it("prices shipping by the address: a courier only in its city, the province price over the flat one", async () => {
    const redL = tee["قرمز/L"]!;
    const isfahan = tehranAddress({ provinceId: 4, cityId: 401, postalCode: "8174673441" });
    const byPost = await placeAs(test.platform.dataSource, store.id, shopper, { ...simpleOrder(redL), address: isfahan });
    expect(byPost.order.shippingTotal).toBe(500_000);
    await expect(
      placeAs(test.platform.dataSource, store.id, shopper, { ...simpleOrder(redL), address: isfahan, shippingMethodId: courier.id }),
    ).rejects.toMatchObject({
      kind: "refused",
      code: "shipping_not_available",
    });
    const byCourier = await placeAs(test.platform.dataSource, store.id, shopper, { ...simpleOrder(redL), shippingMethodId: courier.id });
    expect(byCourier.order).toMatchObject({ shippingTotal: 300_000, shippingKind: "courier", shippingName: "پیک" });
    for (const o of [byPost.order, byCourier.order]) await asSystem((ctx) => transitionOrder(ctx, store.id, o.id, "cancelled"));
  });

  it("refuses a total that differs from the one the shopper reviewed, reserving nothing", async () => {
    const redL = tee["قرمز/L"]!;
    const before = await stockOf(redL);
    await expect(placeAs(test.platform.dataSource, store.id, shopper, { ...simpleOrder(redL), expectedTotal: 1 })).rejects.toMatchObject({
      kind: "conflict",
      code: "total_changed",
      field: "expectedTotal",
    });
    expect(await stockOf(redL)).toBe(before);
  });
});

describe("the order life cycle", () => {
  it("goes pending_payment → paid → processing → shipped (tracking code) → delivered, a history row per move", async () => {
    const placed = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(tee["آبی/M"]!));
    const id = placed.order.id;
    expect((await asSystem((ctx) => orderForPayment(ctx, store.id, id))).payable).toBe(true);
    const paid = await test.platform.dataSource.transaction((m) =>
      markOrderPaid(systemContext(m, "payments"), store.id, id, { reference: "A1B2C3" }),
    );
    expect(paid.state).toBe("paid");
    expect(paid.paidAt).not.toBeNull();
    expect(paid.reservedUntil).toBeNull();
    expect((await asSystem((ctx) => orderForPayment(ctx, store.id, id))).payable).toBe(false);
    await asSystem((ctx) => transitionOrder(ctx, store.id, id, "processing"));
    await expect(asSystem((ctx) => transitionOrder(ctx, store.id, id, "shipped"))).rejects.toMatchObject({
      kind: "invalid",
      field: "trackingCode",
    });
    const shipped = await asSystem((ctx) => transitionOrder(ctx, store.id, id, "shipped", { trackingCode: "123456789012345678901234" }));
    expect(shipped.trackingCode).toBe("123456789012345678901234");
    await asSystem((ctx) => transitionOrder(ctx, store.id, id, "delivered"));
    const rows = await history(placed.order);
    expect(rows.map((r) => [r.fromState, r.toState])).toEqual([
      [null, "pending_payment"],
      ["pending_payment", "paid"],
      ["paid", "processing"],
      ["processing", "shipped"],
      ["shipped", "delivered"],
    ]);
    expect(rows[1]).toMatchObject({ actorKind: "system", actorName: "payments", reason: "پرداخت آنلاین، شمارهٔ پیگیری A1B2C3" });
    expect(rows[3]!.trackingCode).toBe("123456789012345678901234");
  });

  it.each<[OrderState[], OrderState]>([
    [[], "shipped"],
    [[], "delivered"],
    [[], "refunded"],
    [["paid"], "pending_payment"],
    [["paid", "processing", "shipped"], "cancelled"],
    [["cancelled"], "paid"],
    [["paid", "refunded"], "processing"],
  ])("refuses %j → %s with a Persian invalid_transition", async (path, to) => {
    const placed = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(tee["قرمز/M"]!));
    for (const state of path)
      await asSystem((ctx) =>
        state === "refunded"
          ? markOrderRefunded(ctx, store.id, placed.order.id)
          : transitionOrder(ctx, store.id, placed.order.id, state, { trackingCode: "TRK-0001" }),
      );
    const refused = asSystem((ctx) => transitionOrder(ctx, store.id, placed.order.id, to, { trackingCode: "TRK-0001" }));
    await expect(refused).rejects.toMatchObject({ kind: "refused", code: "invalid_transition", field: "to" });
    await expect(refused).rejects.toThrow(/^سفارشی که «.+» است را نمی‌توان به «.+» برد\.$/);
    const last = path.at(-1) ?? "pending_payment";
    if (last === "pending_payment") await asSystem((ctx) => transitionOrder(ctx, store.id, placed.order.id, "cancelled"));
    else if (last === "paid" || last === "processing") await asSystem((ctx) => markOrderRefunded(ctx, store.id, placed.order.id));
  });

  it.each<OrderState[]>([
    ["paid"],
    ["paid", "processing"],
    ["paid", "processing", "shipped"],
    ["paid", "processing", "shipped", "delivered"],
  ])("never moves a paid order (%j) to refunded or cancelled by hand: 422 refund_required, nothing changes", async (...path) => {
    const placed = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(tee["قرمز/M"]!));
    for (const state of path) await asSystem((ctx) => transitionOrder(ctx, store.id, placed.order.id, state, { trackingCode: "TRK-0003" }));
    const last = path.at(-1)!;
    const targets: OrderState[] = last === "paid" || last === "processing" ? ["refunded", "cancelled"] : ["refunded"];
    for (const to of targets) {
      const refused = asSystem((ctx) => transitionOrder(ctx, store.id, placed.order.id, to, { reason: "به درخواست خریدار" }));
      await expect(refused).rejects.toMatchObject({ kind: "refused", code: "refund_required", field: "to" });
      await expect(refused).rejects.toThrow(/بازگرداندن مبلغ/);
    }
    expect((await history(placed.order)).at(-1)!.toState).toBe(last);
    await asSystem((ctx) => markOrderRefunded(ctx, store.id, placed.order.id));
  });

  it("returns stock once when a paid order is refunded (the refund service's move), and not when a delivered one is", async () => {
    const blueM = tee["آبی/M"]!;
    const start = await stockOf(blueM);
    const a = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(blueM, 2));
    await asSystem((ctx) => transitionOrder(ctx, store.id, a.order.id, "paid"));
    expect(await stockOf(blueM)).toBe(start - 2);
    const refunded = await asSystem((ctx) => markOrderRefunded(ctx, store.id, a.order.id, { reason: "به درخواست خریدار" }));
    expect(refunded.stockReleasedAt).not.toBeNull();
    expect(await stockOf(blueM)).toBe(start);
    await expect(asSystem((ctx) => markOrderRefunded(ctx, store.id, a.order.id))).rejects.toMatchObject({ code: "invalid_transition" });
    expect(await stockOf(blueM)).toBe(start);

    const b = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(blueM, 1));
    for (const state of ["paid", "processing", "shipped", "delivered"] as const) {
      await asSystem((ctx) => transitionOrder(ctx, store.id, b.order.id, state, { trackingCode: "TRK-0002" }));
    }
    await asSystem((ctx) => markOrderRefunded(ctx, store.id, b.order.id));
    expect(await stockOf(blueM)).toBe(start - 1);
  });

  it("lets exactly one of a payment and an expiry racing for the same order win", async () => {
    const redL = tee["قرمز/L"]!;
    for (let round = 0; round < 5; round++) {
      const start = await stockOf(redL);
      const placed = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(redL));
      await overdue(placed.order);
      const [paid, expired] = await Promise.allSettled([
        test.platform.dataSource.transaction((m) =>
          markOrderPaid(systemContext(m, "payments"), store.id, placed.order.id, { reference: `R${round}` }),
        ),
        test.platform.dataSource.transaction((m) => expireOrder(systemContext(m, "order-expiry"), store.id, placed.order.id)),
      ]);
      const paidWon = paid.status === "fulfilled";
      const expiredWon = expired.status === "fulfilled" && expired.value === "expired";
      expect(paidWon !== expiredWon).toBe(true);
      expect(await stockOf(redL)).toBe(paidWon ? start - 1 : start);
      expect((await history(placed.order)).length).toBe(2);
      if (paidWon) await asSystem((ctx) => markOrderRefunded(ctx, store.id, placed.order.id));
    }
  });

  it("refuses a merchant of another store as if the order did not exist", async () => {
    const placed = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(tee["قرمز/M"]!));
    const stranger = await buildUser(test.platform.dataSource);
    const other = await buildStore(test.platform.dataSource, { ownerPhone: stranger.phone });
    const asStranger = (work: (ctx: ServiceContext) => Promise<unknown>) =>
      test.platform.dataSource.transaction((m) => work(shopperContext(m, stranger)));
    await expect(asStranger((ctx) => transitionOrder(ctx, store.id, placed.order.id, "cancelled"))).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(asStranger((ctx) => transitionOrder(ctx, other.id, placed.order.id, "cancelled"))).rejects.toMatchObject({
      kind: "not_found",
      code: "order_not_found",
    });
    await asSystem((ctx) => transitionOrder(ctx, store.id, placed.order.id, "cancelled"));
  });
});

describe("reservation expiry", () => {
  const job = (data: ExpiryJobData, name = "expire") => ({ name, data }) as Job<ExpiryJobData>;

  it("cancels the order and returns its stock exactly once, even when the job runs twice (and at the same time)", async () => {
    const blueL = tee["آبی/L"]!;
    const processor = orderExpiryJob({ dataSource: test.platform.dataSource, logger: test.platform.logger });
    for (const concurrently of [false, true]) {
      const start = await stockOf(blueL);
      const placed = await placeAs(test.platform.dataSource, store.id, shopper, {
        ...simpleOrder(blueL, 3),
        items: itemsOf([blueL, 2], [blueL, 1]),
      });
      expect(await stockOf(blueL)).toBe(start - 3);
      // Not yet due: the job leaves it alone (and asks BullMQ to try again).
      await expect(processor(job({ storeId: store.id, orderId: placed.order.id }))).rejects.toThrow("not over yet");
      await overdue(placed.order);
      const data = { storeId: store.id, orderId: placed.order.id };
      const outcomes = concurrently
        ? await Promise.all([processor(job(data)), processor(job(data))])
        : [await processor(job(data)), await processor(job(data))];
      expect(outcomes.map((o) => (o as { outcome: string }).outcome).sort()).toEqual(["expired", "not_pending"]);
      expect(await stockOf(blueL)).toBe(start);
      const rows = await history(placed.order);
      expect(rows.map((r) => r.toState)).toEqual(["pending_payment", "cancelled"]);
      expect(rows[1]).toMatchObject({ actorKind: "system", actorName: "order-expiry", reason: "مهلت پرداخت به پایان رسید." });
    }
  });

  it("is swept up when the delayed job never ran", async () => {
    const redM = tee["قرمز/M"]!;
    const start = await stockOf(redM);
    const placed = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(redM, 2));
    const fresh = await placeAs(test.platform.dataSource, store.id, shopper, simpleOrder(redM, 1));
    await overdue(placed.order);
    expect(await sweepExpiredOrders(test.platform.dataSource)).toBeGreaterThanOrEqual(1);
    expect(await sweepExpiredOrders(test.platform.dataSource)).toBe(0);
    expect(await stockOf(redM)).toBe(start - 1);
    const states = await test.platform.dataSource.query(`SELECT id, state FROM orders WHERE id = ANY($1::uuid[])`, [
      [placed.order.id, fresh.order.id],
    ]);
    expect(Object.fromEntries(states.map((r: { id: string; state: string }) => [r.id, r.state]))).toEqual({
      [placed.order.id]: "cancelled",
      [fresh.order.id]: "pending_payment",
    });
    await asSystem((ctx) => transitionOrder(ctx, store.id, fresh.order.id, "cancelled"));
  });
});

describe("telling the shopper", () => {
  it("texts a Persian SMS for paid, shipped (with the tracking code) and cancelled, once per move", async () => {
    const { dataSource } = test.platform;
    const buyer = await buildUser(dataSource);
    const placed = await placeAs(dataSource, store.id, buyer, simpleOrder(tee["آبی/M"]!));
    const second = await placeAs(dataSource, store.id, buyer, simpleOrder(tee["آبی/M"]!));
    await asSystem((ctx) => transitionOrder(ctx, store.id, placed.order.id, "paid"));
    await asSystem((ctx) => transitionOrder(ctx, store.id, placed.order.id, "processing"));
    await asSystem((ctx) => transitionOrder(ctx, store.id, placed.order.id, "shipped", { trackingCode: "۱۲۳۴۵۶۷۸۹۰" }));
    await overdue(second.order);
    await sweepExpiredOrders(dataSource);

    const listener = orderEventsListener(test.platform);
    const events: Array<{ id: string; entity_id: string; payload: Record<string, unknown> }> = await dataSource.query(
      `SELECT id, entity_id, payload FROM outbox WHERE type = 'order.changed' AND entity_id = ANY($1::text[]) ORDER BY id`,
      [[placed.order.id, second.order.id]],
    );
    expect(events).toHaveLength(6);
    const run = () =>
      Promise.all(
        events.map((e) =>
          listener({
            data: { eventId: e.id, storeId: store.id, type: "order.changed", entityId: e.entity_id, payload: e.payload },
          } as Job<EventJobData>),
        ),
      );
    await run();
    await run(); // a replayed event sends nothing new

    const texts = (
      await dataSource.getRepository(SmsMessage).find({ where: { phone: buyer.phone, kind: "notice" }, order: { createdAt: "ASC" } })
    ).map((m) => m.text);
    const n = (order: Order) => formatNumber(order.number, { grouping: false });
    expect(texts).toHaveLength(3);
    expect(texts.find((t) => t.includes("پرداخت شد"))).toContain(`سفارش ${n(placed.order)} شما در «پوشاک آزمایشی» پرداخت شد`);
    expect(texts.find((t) => t.includes("ارسال شد"))).toContain("کد رهگیری: 1234567890");
    const cancelled = texts.find((t) => t.includes("لغو شد"))!;
    expect(cancelled).toContain(`سفارش ${n(second.order)} شما در «پوشاک آزمایشی» لغو شد. مهلت پرداخت به پایان رسید.`);
    expect(cancelled).toContain(`/order/?id=${second.order.id}`);
    const linked = await dataSource.query(`SELECT to_state, sms_message_id FROM order_history WHERE order_id = $1 ORDER BY created_at`, [
      placed.order.id,
    ]);
    expect(linked.map((r: { to_state: string; sms_message_id: string | null }) => [r.to_state, r.sms_message_id !== null])).toEqual([
      ["pending_payment", false],
      ["paid", true],
      ["processing", false],
      ["shipped", true],
    ]);
    // The new order's event scheduled its expiry job.
    const scheduled = await test.platform.queues.get("order-expiry").getJob(`expire-${placed.order.id}`);
    expect(scheduled?.data).toEqual({ storeId: store.id, orderId: placed.order.id });
    await test.platform.queues.get("order-expiry").obliterate({ force: true });
  });

  it("goes through the outbox relay and the workers to the console SMS driver", async () => {
    const { dataSource } = test.platform;
    const buyer = await buildUser(dataSource);
    const placed = await placeAs(dataSource, store.id, buyer, simpleOrder(tee["قرمز/L"]!));
    await asSystem((ctx) => transitionOrder(ctx, store.id, placed.order.id, "cancelled", { reason: "به درخواست خریدار" }));
    const worker = startWorkers(test.platform, { queues: ["order-events", "sms"], relayIntervalMs: 100 });
    try {
      const sent = async () =>
        (await dataSource.getRepository(SmsMessage).findOne({ where: { phone: buyer.phone, kind: "notice" } }))?.status;
      await expect.poll(sent, { timeout: 15_000, interval: 100 }).toBe("sent");
      const [row] = await dataSource.query(`SELECT sms_message_id FROM order_history WHERE order_id = $1 AND to_state = 'cancelled'`, [
        placed.order.id,
      ]);
      expect(row.sms_message_id).not.toBeNull();
    } finally {
      await worker.stop();
      await test.platform.queues.get("order-expiry").obliterate({ force: true });
    }
  });
});
