import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { formatJalaliDate } from "@mall/locale";
import { Order, OrderHistory } from "@mall/server/orders/order.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { orderStats } from "@mall/server/orders/order-stats.js";
import { markOrderPaid } from "@mall/server/orders/order.service.js";
import { ShippingMethod } from "@mall/server/orders/shipping-method.entity.js";
import { systemContext } from "@mall/server/core/context.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "@mall/server/test/factories.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminResponse, type AdminSession } from "./test/admin-server.js";

/**
 * Orders and shipping methods in the back office, through AdminJS's HTTP
 * API with sessions from the SMS sign-in: a merchant reaches only their
 * store's orders (list, show, count, search, filters, transitions,
 * invoice), every move goes through the orders service and is recorded,
 * refusals come back in Persian and change nothing, and the dashboard
 * counts paid orders of the person's stores.
 */
const test = useAdminServer();

interface Shop {
  store: Store;
  owner: User;
  method: ShippingMethod;
  paid: Order;
  pending: Order;
}

let a: Shop;
let b: Shop;
let merchant: AdminSession;
let staff: AdminSession;

async function buildShop(name: string): Promise<Shop> {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name });
  const owner = (await dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  const category = await buildCategory(dataSource, store.id, { nameFa: "پوشاک", name: "Clothes" });
  const { attribute, values } = await buildAttribute(dataSource, store.id, category.id, {
    name: "color",
    nameFa: "رنگ",
    type: "color",
    isCategorizer: true,
    values: [{ value: "red", valueFa: "قرمز", hex: "#ff0000" }],
  });
  const product = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    nameFa: "پیراهن مردانه",
    name: "Men's shirt",
    basePrice: 2_500_000,
    attributes: [{ attributeId: attribute.id, valueIds: values.map((value) => value.id) }],
    stock: 10,
  });
  const [instance] = await dataSource.getRepository(ProductInstance).findBy({ storeId: store.id, productId: product.id });
  const method = await buildShippingMethod(dataSource, store.id, { kind: "post_pishtaz", price: 400_000 });
  const shopper = await buildUser(dataSource);
  const order = () =>
    placeAs(dataSource, store.id, shopper, {
      items: [{ instanceId: instance!.id, quantity: 2 }],
      address: tehranAddress(),
      shippingMethodId: method.id,
    });
  const first = await order();
  await dataSource.transaction((manager) =>
    markOrderPaid(systemContext(manager, "payments"), store.id, first.order.id, { reference: "123456" }),
  );
  const second = await order();
  const paid = await dataSource.getRepository(Order).findOneByOrFail({ id: first.order.id });
  return { store, owner, method, paid, pending: second.order };
}

beforeAll(async () => {
  a = await buildShop("فروشگاه الف");
  b = await buildShop("فروشگاه ب");
  merchant = await signInToAdmin(test.server, test.platform, a.owner.phone);
  const staffUser = await buildUser(test.platform.dataSource, { isStaff: true });
  staff = await signInToAdmin(test.server, test.platform, staffUser.phone);
}, 60_000);

function expectNotFound(response: AdminResponse): void {
  if (response.status === 404) return;
  expect(response.status).toBe(200);
  expect(response.body.notice?.type).toBe("error");
  expect(Object.keys(response.body.record?.params ?? {})).toEqual([]);
}

const stateOf = async (order: Order) => (await test.platform.dataSource.getRepository(Order).findOneByOrFail({ id: order.id })).state;
const actionsOf = (response: AdminResponse) => (response.body.record.recordActions as Array<{ name: string }>).map((action) => action.name);

describe("the dashboard", () => {
  it("counts today's and this month's paid orders and revenue of the merchant's stores only; staff see all", async () => {
    const mine = await merchant.get("/api/dashboard");
    expect(mine.status).toBe(200);
    expect(mine.body.orders.available).toBe(true);
    expect(mine.body.orders.today).toEqual({ orders: 1, revenueRials: a.paid.total });
    expect(mine.body.orders.month).toEqual({ orders: 1, revenueRials: a.paid.total });
    expect(a.paid.total).toBe(2 * 2_500_000 + 400_000);

    // The service itself leaves out a store the person may not manage, whatever they ask for.
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 1000) };
    const asMerchant = { manager: test.platform.dataSource.manager, actor: { kind: "user" as const, userId: a.owner.id, isStaff: false } };
    expect(await orderStats(asMerchant, [a.store.id, b.store.id], range)).toEqual({ orders: 1, revenueRials: a.paid.total });
    expect(await orderStats(asMerchant, "all", range)).toEqual({ orders: 0, revenueRials: 0 });

    const all = await staff.get("/api/dashboard");
    expect(all.body.orders.today.orders).toBeGreaterThanOrEqual(2);
    expect(all.body.orders.today.revenueRials).toBeGreaterThanOrEqual(a.paid.total + b.paid.total);
  });
});

describe("orders: a merchant of store A", () => {
  it("lists, counts and searches only store A's orders, whatever the filter; staff see both", async () => {
    const list = await merchant.list("orders");
    expect(list.status).toBe(200);
    const ids = (list.body.records as Array<{ id: string; params: { storeId: string } }>).map((record) => record.id).sort();
    expect(ids).toEqual([a.paid.id, a.pending.id].sort());
    expect(list.body.meta.total).toBe(2);
    expect((await merchant.list("orders", { "filters.storeId": b.store.id })).body.meta.total).toBe(0);
    for (const sortBy of ["number", "total", "storeId", "state", "createdAt"]) {
      const sorted = await merchant.list("orders", { sortBy, direction: "desc" });
      for (const record of sorted.body.records as Array<{ params: { storeId: string } }>) expect(record.params.storeId).toBe(a.store.id);
    }
    // Both stores have an order 1001: the search finds A's only.
    const found = await merchant.search("orders", String(b.paid.number));
    expect((found.body.records as Array<{ id: string }>).map((record) => record.id)).toEqual([a.paid.id]);

    const everything = await staff.list("orders", { "filters.storeId": b.store.id });
    expect((everything.body.records as Array<{ id: string }>).map((record) => record.id).sort()).toEqual([b.paid.id, b.pending.id].sort());
  });

  it("filters by state and by a Jalali date range (Persian digits, Tehran days)", async () => {
    const paid = await merchant.list("orders", { "filters.state": "paid" });
    expect((paid.body.records as Array<{ id: string }>).map((record) => record.id)).toEqual([a.paid.id]);
    const today = formatJalaliDate(new Date());
    const inRange = await merchant.list("orders", { "filters.createdAt~~from": today, "filters.createdAt~~to": today });
    expect(inRange.body.meta.total).toBe(2);
    const lastYear = await merchant.list("orders", { "filters.createdAt~~to": "۱۴۰۰/۰۱/۰۱" });
    expect(lastYear.body.meta.total).toBe(0);
    const fromTomorrow = await merchant.list("orders", { "filters.createdAt~~from": formatJalaliDate(new Date(Date.now() + 86_400_000)) });
    expect(fromTomorrow.body.meta.total).toBe(0);
  });

  it("opens an order with its lines, address, shipping and history; cannot open, transition or print store B's", async () => {
    const shown = await merchant.show("orders", a.paid.id);
    expect(shown.status).toBe(200);
    const detail = shown.body.record.params.detail;
    expect(detail.lines).toHaveLength(1);
    expect(detail.lines[0]).toMatchObject({ productName: "پیراهن مردانه", quantity: 2, unitPrice: 2_500_000 });
    expect(detail.address).toMatchObject({ receiverName: "مریم احمدی", provinceName: "تهران" });
    expect(detail.shippingName).toBe("پست پیشتاز");
    expect(detail.history.map((row: { to: string }) => row.to)).toEqual(["pending_payment", "paid"]);
    expect(detail.history[1]).toMatchObject({ who: "درگاه پرداخت", reason: "پرداخت آنلاین، شمارهٔ پیگیری 123456" });
    // Only the moves the table allows from «paid»: calling it off is a refund, so no bare «cancel».
    const actions = actionsOf(shown);
    expect(actions).toEqual(expect.arrayContaining(["startProcessing", "refund", "invoice"]));
    expect(actions).not.toContain("cancel");
    expect(actions).not.toContain("ship");
    expect(actions).not.toContain("markPaid");
    expect(actions).not.toContain("edit");
    expect(actionsOf(await merchant.show("orders", a.pending.id))).toEqual(expect.arrayContaining(["markPaid", "cancel"]));

    expectNotFound(await merchant.show("orders", b.paid.id));
    expectNotFound(await merchant.recordAction("orders", b.paid.id, "startProcessing", { reason: "" }));
    expectNotFound(await merchant.recordAction("orders", b.paid.id, "cancel", { reason: "هک" }));
    expect(await stateOf(b.paid)).toBe("paid");
    expect((await merchant.get(`/orders/${b.paid.id}/invoice`)).status).toBe(404);

    const invoice = await merchant.get(`/orders/${a.paid.id}/invoice`);
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get("content-type")).toMatch(/text\/html/);
    expect(invoice.text).toContain("فاکتور فروش");
    expect(invoice.text).toContain("۵۴۰٬۰۰۰ تومان");

    // Staff reach store B's order.
    expect((await staff.show("orders", b.paid.id)).body.record.params.number).toBe(b.paid.number);
    expect((await staff.get(`/orders/${b.paid.id}/invoice`)).status).toBe(200);
  });

  it("moves an order through the service: recorded with who and why; a disallowed move or a missing tracking code is refused in Persian and changes nothing", async () => {
    // Not allowed from «در انتظار پرداخت»: the service says so, in Persian.
    const refused = await merchant.recordAction("orders", a.pending.id, "deliver", {});
    expect(refused.body.notice.type).toBe("error");
    expect(refused.body.notice.message).toContain("نمی‌توان");
    expect(await stateOf(a.pending)).toBe("pending_payment");

    // A paid order is not cancelled with its money kept: the action, posted anyway, is refused and points to the refund.
    const cancelPaid = await merchant.recordAction("orders", a.paid.id, "cancel", { reason: "خریدار انصراف داد" });
    expect(cancelPaid.body.notice.type).toBe("error");
    expect(cancelPaid.body.notice.message).toContain("بازگرداندن مبلغ");
    expect(await stateOf(a.paid)).toBe("paid");

    const noReason = await merchant.recordAction("orders", a.pending.id, "cancel", { reason: "  " });
    expect(noReason.body.record.errors.reason.message).toMatch(/دلیل/);
    expect(await stateOf(a.pending)).toBe("pending_payment");

    const processing = await merchant.recordAction("orders", a.paid.id, "startProcessing", {});
    expect(processing.body.notice).toMatchObject({ type: "success", message: "orderMoved" });
    expect(await stateOf(a.paid)).toBe("processing");

    const noCode = await merchant.recordAction("orders", a.paid.id, "ship", { trackingCode: "" });
    expect(noCode.body.record.errors.trackingCode.message).toContain("کد رهگیری");
    expect(await stateOf(a.paid)).toBe("processing");

    const shipped = await merchant.recordAction("orders", a.paid.id, "ship", { trackingCode: "۱۲۳۴۵۶۷۸۹۰۱۲" });
    expect(shipped.body.notice.type).toBe("success");
    const order = await test.platform.dataSource.getRepository(Order).findOneByOrFail({ id: a.paid.id });
    expect({ state: order.state, trackingCode: order.trackingCode }).toEqual({ state: "shipped", trackingCode: "123456789012" });

    const cancelled = await merchant.recordAction("orders", a.pending.id, "cancel", { reason: "خریدار انصراف داد" });
    expect(cancelled.body.notice.type).toBe("success");

    const history = await test.platform.dataSource
      .getRepository(OrderHistory)
      .find({ where: { orderId: a.paid.id }, order: { createdAt: "ASC" } });
    expect(history.map((row) => [row.toState, row.actorUserId, row.trackingCode])).toEqual([
      ["pending_payment", expect.any(String), null],
      ["paid", null, null],
      ["processing", a.owner.id, null],
      ["shipped", a.owner.id, "123456789012"],
    ]);
    const cancel = await test.platform.dataSource
      .getRepository(OrderHistory)
      .findOneByOrFail({ orderId: a.pending.id, toState: "cancelled" });
    expect({ who: cancel.actorUserId, reason: cancel.reason }).toEqual({ who: a.owner.id, reason: "خریدار انصراف داد" });

    // The page shows who did it, in the history.
    const shown = await merchant.show("orders", a.paid.id);
    expect(shown.body.record.params.detail.history.at(-1)).toMatchObject({ to: "shipped", trackingCode: "123456789012" });
    expect(actionsOf(shown)).toEqual(expect.arrayContaining(["deliver", "refund"]));
  });
});

describe("shipping methods", () => {
  it("are scoped: a merchant sees and changes only their store's; staff see both", async () => {
    const list = await merchant.list("shippingMethods");
    expect((list.body.records as Array<{ id: string }>).map((record) => record.id)).toEqual([a.method.id]);
    expect((await merchant.list("shippingMethods", { "filters.storeId": b.store.id })).body.meta.total).toBe(0);
    expect((await merchant.search("shippingMethods", "پیشتاز")).body.records.map((record: { id: string }) => record.id)).toEqual([
      a.method.id,
    ]);
    expectNotFound(await merchant.show("shippingMethods", b.method.id));
    expectNotFound(await merchant.edit("shippingMethods", b.method.id, { price: "1" }));
    expectNotFound(await merchant.delete("shippingMethods", b.method.id));
    expect((await test.platform.dataSource.getRepository(ShippingMethod).findOneByOrFail({ id: b.method.id })).price).toBe(400_000);
    // A new method cannot be put in store B.
    const foreign = await merchant.create("shippingMethods", { storeId: b.store.id, kind: "tipax", price: "1000" });
    expect(foreign.body.notice.type).toBe("error");
    expect(await test.platform.dataSource.getRepository(ShippingMethod).countBy({ storeId: b.store.id })).toBe(1);
    const all = await staff.list("shippingMethods");
    expect((all.body.records as Array<{ id: string }>).map((record) => record.id)).toEqual(
      expect.arrayContaining([a.method.id, b.method.id]),
    );
  });

  it("are created through the shipping service: Tomans shown, Rials stored, provinces by name, validated in Persian", async () => {
    const created = await merchant.create("shippingMethods", {
      kind: "tipax",
      price: "600000",
      freeAbove: "50000000",
      provincePrices: "تهران: ۴۵٬۰۰۰\nالبرز = 50000",
      provinceIds: "تهران، البرز، اصفهان",
    });
    expect(created.body.notice.type, JSON.stringify(created.body)).toBe("success");
    const method = await test.platform.dataSource.getRepository(ShippingMethod).findOneByOrFail({ storeId: a.store.id, kind: "tipax" });
    expect(method).toMatchObject({
      name: "تیپاکس",
      price: 600_000,
      freeAbove: 50_000_000,
      provincePrices: { "8": 450_000, "5": 500_000 },
      provinceIds: [8, 5, 4],
    });
    const shown = await merchant.show("shippingMethods", method.id);
    expect(shown.body.record.params).toMatchObject({ provinceIds: "تهران، البرز، اصفهان", provincePrices: "البرز: ۵۰٬۰۰۰\nتهران: ۴۵٬۰۰۰" });

    const courier = await merchant.create("shippingMethods", { kind: "courier", price: "300000" });
    expect(courier.body.record.errors.cityId.message).toContain("شهر");
    const unknown = await merchant.create("shippingMethods", { kind: "post_sefareshi", provinceIds: "تهران، آتلانتیس" });
    expect(unknown.body.record.errors.provinceIds.message).toContain("آتلانتیس");
    const negative = await merchant.edit("shippingMethods", method.id, { price: "-10" });
    expect(negative.body.notice.type).toBe("error");
    expect(await test.platform.dataSource.getRepository(ShippingMethod).countBy({ storeId: a.store.id })).toBe(2);

    const withCity = await merchant.create("shippingMethods", { kind: "courier", price: "300000", cityId: "تهران" });
    expect(withCity.body.notice.type).toBe("success");
    expect(
      (await test.platform.dataSource.getRepository(ShippingMethod).findOneByOrFail({ storeId: a.store.id, kind: "courier" })).cityId,
    ).toBe(801);

    const edited = await merchant.edit("shippingMethods", method.id, { price: "700000", provinceIds: "" });
    expect(edited.body.notice.type).toBe("success");
    expect(await test.platform.dataSource.getRepository(ShippingMethod).findOneByOrFail({ id: method.id })).toMatchObject({
      price: 700_000,
      provinceIds: null,
    });
    expect((await merchant.delete("shippingMethods", method.id)).body.notice.type).toBe("success");
  });
});
