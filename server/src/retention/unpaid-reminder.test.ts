import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { systemContext } from "../core/context.js";
import type { User } from "../identity/user.entity.js";
import { createApp } from "../main/app.js";
import { startWorkers } from "../main/workers.js";
import { SmsMessage } from "../messaging/sms-message.entity.js";
import { Order } from "../orders/order.entity.js";
import { markOrderPaid } from "../orders/order.service.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import type { Store } from "../tenancy/store.entity.js";
import { startKavenegarFake } from "../test/fakes/kavenegar-server.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { buildShippingMethod, placeAs, tehranAddress } from "../test/order-fixtures.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { formatNumber } from "@mall/locale";
import { remindUnpaidOrder, sweepReminders } from "./unpaid-reminder.js";

/**
 * Unpaid-order reminders (issue 27 #3) and the daily SMS budget (#6), through
 * the real Kavenegar client against the local Kavenegar: an order still
 * unpaid after the store's delay gets exactly one SMS with the link that
 * resumes payment, none once its reservation is over, none past the budget;
 * the merchant sets the delay within the reservation and reads what was
 * recovered in analytics.
 */
const kavenegar = await startKavenegarFake({ apiKey: "kn-key", senders: ["10004346"], templates: ["mall-otp"] });
const test = useTestPlatform({
  SMS_PROVIDER: "kavenegar",
  KAVENEGAR_API_KEY: "kn-key",
  KAVENEGAR_BASE_URL: kavenegar.url,
  KAVENEGAR_SENDER: "10004346",
  KAVENEGAR_OTP_TEMPLATE: "mall-otp",
  ORDER_RESERVATION_MINUTES: "15",
});
let server: TestServer;
let shop: Store;
let owner: User;
let stranger: User;

const merchant = (user: User, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, { headers: bearer(test.config, user), ...(body === undefined ? {} : { body }) });
const localNumber = (phone: string) => `0${phone.slice(3)}`;
const sentTo = (phone: string) => kavenegar.sent.filter((message) => message.receptor === localNumber(phone));

/** A new shopper's order at the store, placed `minutesAgo` minutes ago (its reservation moved along with it). */
async function unpaidOrder(store: Store, minutesAgo: number): Promise<{ order: Order; buyer: User }> {
  const { dataSource } = test.platform;
  const buyer = await buildUser(dataSource);
  const stock = stocked.get(store.id)!;
  const placed = await placeAs(dataSource, store.id, buyer, {
    items: [{ instanceId: stock.instanceId, quantity: 1 }],
    address: tehranAddress(),
    shippingMethodId: stock.shippingId,
  });
  await dataSource.query(
    `UPDATE orders SET created_at = created_at - make_interval(mins => $2), reserved_until = reserved_until - make_interval(mins => $2) WHERE id = $1`,
    [placed.order.id, minutesAgo],
  );
  return { order: await dataSource.getRepository(Order).findOneByOrFail({ id: placed.order.id }), buyer };
}

/** Each store's one product in stock and its shipping method, by store id. */
const stocked = new Map<string, { instanceId: string; shippingId: string }>();
async function storeWithStock(name: string, ownerOf: User): Promise<Store> {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name, ownerPhone: ownerOf.phone });
  const product = await buildProduct(dataSource, store.id, { nameFa: "گلدان سفالی", slug: "pot", basePrice: 2_500_000, stock: 50 });
  const shipping = await buildShippingMethod(dataSource, store.id, { kind: "tipax", price: 150_000 });
  stocked.set(store.id, {
    instanceId: (await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id })).id,
    shippingId: shipping.id,
  });
  return store;
}

beforeAll(async () => {
  const { dataSource } = test.platform;
  owner = await buildUser(dataSource);
  stranger = await buildUser(dataSource);
  shop = await storeWithStock("گل‌فروشی یاس", owner);
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  await server?.close();
  await kavenegar.close();
});

describe("the merchant's reminder and budget settings", () => {
  it("default to a reminder 10 minutes after placement and 100 SMS a day, within the 15-minute reservation", async () => {
    const res = await merchant(owner, "GET", `/stores/${shop.id}/retention`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      unpaidReminderMinutes: 10,
      smsDailyBudget: 100,
      smsUsedToday: 0,
      smsWithheldToday: 0,
      torobEnabled: false,
      torobUrl: `${storeOrigin(test.config, shop)}/torob_api/v3/products`,
      emallsEnabled: false,
      emallsUrl: `${storeOrigin(test.config, shop)}/emalls_api/products`,
      emallsToken: null,
      reservationMinutes: 15,
    });
  });

  it("refuses a delay outside the reservation or not a number, naming the field, and changes nothing", async () => {
    for (const body of [
      { unpaidReminderMinutes: 15 },
      { unpaidReminderMinutes: 0 },
      { unpaidReminderMinutes: "ten" },
      { smsDailyBudget: -1 },
      { smsDailyBudget: 2.5 },
    ]) {
      const res = await merchant(owner, "PATCH", `/stores/${shop.id}/retention`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(Object.keys(body)[0]);
    }
    const res = await merchant(owner, "PATCH", `/stores/${shop.id}/retention`, { unpaidReminderMinutes: 15 });
    expect(res.body.error.message).toContain("۱۴");
    expect((await merchant(owner, "GET", `/stores/${shop.id}/retention`)).body).toMatchObject({
      unpaidReminderMinutes: 10,
      smsDailyBudget: 100,
    });
  });

  it("are another store's business for nobody else", async () => {
    expect([403, 404]).toContain((await merchant(stranger, "GET", `/stores/${shop.id}/retention`)).status);
    expect([403, 404]).toContain((await merchant(stranger, "PATCH", `/stores/${shop.id}/retention`, { smsDailyBudget: 0 })).status);
    expect((await merchant(owner, "GET", `/stores/${shop.id}/retention`)).body.smsDailyBudget).toBe(100);
  });

  it("change for the owner, audited; null turns reminders off", async () => {
    const res = await merchant(owner, "PATCH", `/stores/${shop.id}/retention`, { unpaidReminderMinutes: null, smsDailyBudget: 40 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unpaidReminderMinutes: null, smsDailyBudget: 40 });
    const [audit] = await test.platform.dataSource.query(
      `SELECT action, before, after FROM audit_entries WHERE store_id = $1 AND action = 'store.settings_changed' ORDER BY created_at DESC LIMIT 1`,
      [shop.id],
    );
    expect(audit).toEqual({
      action: "store.settings_changed",
      before: { unpaidReminderMinutes: 10, smsDailyBudget: 100 },
      after: { unpaidReminderMinutes: null, smsDailyBudget: 40 },
    });
    const { order } = await unpaidOrder(shop, 12);
    expect(await remindUnpaidOrder(test.platform, shop.id, order.id)).toBe("off");
    // Paid before reminders come back on, so it is nobody's reminder later.
    await test.platform.dataSource.transaction((manager) =>
      markOrderPaid(systemContext(manager, "test"), shop.id, order.id, { reference: "2" }),
    );
    expect(
      (await merchant(owner, "PATCH", `/stores/${shop.id}/retention`, { unpaidReminderMinutes: 10, smsDailyBudget: 100 })).status,
    ).toBe(200);
  });
});

describe("an unpaid order", () => {
  it("gets one SMS through the outbox, the delayed job and Kavenegar, with the store's name and the link that resumes payment; paid after it, it counts as recovered", async () => {
    const { dataSource } = test.platform;
    const { order, buyer } = await unpaidOrder(shop, 11);
    const worker = startWorkers(test.platform, { queues: ["retention", "sms"], relayIntervalMs: 100 });
    try {
      await expect.poll(() => sentTo(buyer.phone).length, { timeout: 30_000, interval: 200 }).toBe(1);
    } finally {
      await worker.stop();
    }
    const [sms] = sentTo(buyer.phone);
    expect(sms!.method).toBe("sms/send");
    expect(sms!.message).toContain("«گل‌فروشی یاس»");
    expect(sms!.message).toContain(`سفارش ${formatNumber(order.number, { grouping: false })}`);
    expect(sms!.message).toContain("پرداخت نشده");
    expect(sms!.message).toContain(`http://${shop.slug}.${test.config.PLATFORM_DOMAIN}`);
    expect(sms!.message).toContain(`/order/?id=${order.id}`);
    const record = await dataSource.getRepository(SmsMessage).findOneByOrFail({ phone: buyer.phone });
    expect(record).toMatchObject({ kind: "reminder", status: "sent", storeId: shop.id });

    // Exactly one: the job again, the sweeper, and both at once send nothing more.
    const again = await Promise.all([
      remindUnpaidOrder(test.platform, shop.id, order.id),
      remindUnpaidOrder(test.platform, shop.id, order.id),
      sweepReminders(test.platform),
    ]);
    expect(again).toEqual(["already", "already", 0]);
    expect(sentTo(buyer.phone)).toHaveLength(1);

    // The shopper follows the link and pays: the reminder recovered the order.
    await dataSource.transaction((manager) => markOrderPaid(systemContext(manager, "test"), shop.id, order.id, { reference: "778899" }));
    const report = await merchant(owner, "GET", `/stores/${shop.id}/analytics`);
    expect(report.status).toBe(200);
    expect(report.body.reminders).toEqual({ sent: 1, recovered: 1, recoveredRevenueRials: order.total });
    expect((await merchant(owner, "GET", `/stores/${shop.id}/retention`)).body.smsUsedToday).toBe(1);
  });

  it("is not reminded before the delay, after it is paid, or once its reservation is over", async () => {
    const { dataSource } = test.platform;
    const early = await unpaidOrder(shop, 3);
    expect(await remindUnpaidOrder(test.platform, shop.id, early.order.id)).toBe("not_due");
    const paid = await unpaidOrder(shop, 11);
    await dataSource.transaction((manager) => markOrderPaid(systemContext(manager, "test"), shop.id, paid.order.id, { reference: "1" }));
    expect(await remindUnpaidOrder(test.platform, shop.id, paid.order.id)).toBe("not_pending");
    // Placed 16 minutes ago: the 15-minute reservation is over (the expiry job may not have run yet).
    const late = await unpaidOrder(shop, 16);
    expect(await remindUnpaidOrder(test.platform, shop.id, late.order.id)).toBe("too_late");
    expect(await sweepReminders(test.platform)).toBe(0);
    for (const { buyer } of [early, paid, late]) expect(sentTo(buyer.phone)).toEqual([]);
  });

  it("is reminded by the sweeper when its delayed job never ran", async () => {
    const { order, buyer } = await unpaidOrder(shop, 10);
    expect(await sweepReminders(test.platform)).toBe(1);
    await expect
      .poll(async () => (await test.platform.dataSource.getRepository(Order).findOneByOrFail({ id: order.id })).reminderSmsId)
      .not.toBeNull();
    // The SMS itself waits in the queue for the sms worker; the record says so.
    expect(await test.platform.dataSource.getRepository(SmsMessage).findOneByOrFail({ phone: buyer.phone })).toMatchObject({
      kind: "reminder",
      status: "queued",
    });
  });
});

describe("the daily SMS budget", () => {
  it("stops reminders once the store's budget is spent, for that store only, and the merchant sees it", async () => {
    const smallOwner = await buildUser(test.platform.dataSource);
    const small = await storeWithStock("شمع‌سازی کوچک", smallOwner);
    expect((await merchant(smallOwner, "PATCH", `/stores/${small.id}/retention`, { smsDailyBudget: 2 })).status).toBe(200);
    const orders = [await unpaidOrder(small, 11), await unpaidOrder(small, 11), await unpaidOrder(small, 11)];
    const outcomes = await Promise.all(orders.map(({ order }) => remindUnpaidOrder(test.platform, small.id, order.id)));
    expect(outcomes.toSorted()).toEqual(["over_budget", "sent", "sent"]);
    // Skipped for good: the sweeper does not try it again.
    expect(await sweepReminders(test.platform)).toBe(0);
    const [{ used }] = await test.platform.dataSource.query(
      `SELECT count(*)::int AS used FROM sms_messages WHERE store_id = $1 AND kind = 'reminder'`,
      [small.id],
    );
    expect(used).toBe(2);
    // … and why the third did not go: the budget held one back today.
    expect((await merchant(smallOwner, "GET", `/stores/${small.id}/retention`)).body).toMatchObject({
      smsDailyBudget: 2,
      smsUsedToday: 2,
      smsWithheldToday: 1,
    });
    // Another store's budget is its own.
    const { order } = await unpaidOrder(shop, 11);
    expect(await remindUnpaidOrder(test.platform, shop.id, order.id)).toBe("sent");
  });
});
