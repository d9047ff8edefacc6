import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { Order } from "@mall/server/orders/order.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { markOrderPaid } from "@mall/server/orders/order.service.js";
import { decryptCredentials } from "@mall/server/payments/payment-secrets.js";
import { systemContext } from "@mall/server/core/context.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { bearer, buildUser } from "@mall/server/test/sign-in.js";
import { StoreMember } from "@mall/server/tenancy/store-member.entity.js";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminResponse, type AdminSession } from "./test/admin-server.js";

/**
 * Payments in the back office: a merchant enters their store's gateway
 * credentials (sealed at rest, hints only on every page, never another
 * store's), and refunds a paid order through the refund service after a
 * Persian confirmation.
 */
const test = useAdminServer({ env: { PAYMENT_SANDBOX: "false" } });
const MERCHANT = "1344b5d4-0048-11e8-94db-005056a205be";

interface Shop {
  store: Store;
  owner: User;
  instanceId: string;
  paid: Order;
}

let a: Shop;
let b: Shop;
let merchant: AdminSession;
let otherMerchant: AdminSession;

async function buildShop(name: string): Promise<Shop> {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name });
  const owner = (await dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  const product = await buildProduct(dataSource, store.id, { nameFa: "چای ممتاز", basePrice: 1_000_000, stock: 10 });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
  const method = await buildShippingMethod(dataSource, store.id, { kind: "post_pishtaz", price: 200_000 });
  const shopper = await buildUser(dataSource);
  const placed = await placeAs(dataSource, store.id, shopper, {
    items: [{ instanceId: instance.id, quantity: 2 }],
    address: tehranAddress(),
    shippingMethodId: method.id,
  });
  await dataSource.transaction((manager) =>
    markOrderPaid(systemContext(manager, "payments"), store.id, placed.order.id, { reference: "778899" }),
  );
  return { store, owner, instanceId: instance.id, paid: await dataSource.getRepository(Order).findOneByOrFail({ id: placed.order.id }) };
}

const rowOf = async (storeId: string, gateway: string) =>
  (
    await test.platform.dataSource.query(
      `SELECT id, enabled, credentials_encrypted FROM store_payment_gateways WHERE store_id = $1 AND gateway = $2`,
      [storeId, gateway],
    )
  )[0] as { id: string; enabled: boolean; credentials_encrypted: string } | undefined;
const stock = async (shop: Shop) =>
  (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: shop.instanceId })).stock;
const stateOf = async (order: Order) => (await test.platform.dataSource.getRepository(Order).findOneByOrFail({ id: order.id })).state;

function expectNotFound(response: AdminResponse): void {
  if (response.status === 404) return;
  expect(response.status).toBe(200);
  expect(response.body.notice?.type).toBe("error");
  expect(Object.keys(response.body.record?.params ?? {})).toEqual([]);
}

beforeAll(async () => {
  a = await buildShop("فروشگاه الف");
  b = await buildShop("فروشگاه ب");
  merchant = await signInToAdmin(test.server, test.platform, a.owner.phone);
  otherMerchant = await signInToAdmin(test.server, test.platform, b.owner.phone);
}, 60_000);

describe("payment gateways in the back office", () => {
  it("a merchant enters credentials: validated per gateway in Persian, sealed at rest, hints only on every page", async () => {
    const bad = await merchant.create("paymentGateways", { gateway: "zarinpal", enabled: "true", "credentials.merchantId": "12345" });
    expect(bad.body.record.errors["credentials.merchantId"].message).toContain("مرچنت‌کد");
    expect(await rowOf(a.store.id, "zarinpal")).toBeUndefined();

    const created = await merchant.create("paymentGateways", { gateway: "zarinpal", enabled: "true", "credentials.merchantId": MERCHANT });
    expect(created.body.notice.type).toBe("success");
    expect(created.text).not.toContain(MERCHANT);
    expect(created.body.record.params).toMatchObject({
      gateway: "zarinpal",
      enabled: true,
      "hints.merchantId": "****05be",
      storeId: a.store.id,
    });
    const row = (await rowOf(a.store.id, "zarinpal"))!;
    expect(row.credentials_encrypted).not.toContain(MERCHANT);
    expect(decryptCredentials(test.platform.config.PAYMENT_SECRET_KEY, `${a.store.id}:zarinpal`, row.credentials_encrypted)).toEqual({
      merchantId: MERCHANT,
    });

    const mellat = await merchant.create("paymentGateways", {
      gateway: "mellat",
      enabled: "false",
      "credentials.terminalId": "۷۷۸۸۹۹",
      "credentials.userName": "tea",
      "credentials.userPassword": "p@ss-w0rd",
    });
    expect(mellat.body.notice.type).toBe("success");
    const list = await merchant.list("paymentGateways", { sortBy: "gateway", direction: "asc" });
    expect(list.text).not.toContain("p@ss-w0rd");
    expect(
      (list.body.records as Array<{ params: Record<string, unknown> }>).map((r) => [
        r.params.gateway,
        r.params.enabled,
        r.params["hints.userPassword"] ?? r.params["hints.merchantId"],
      ]),
    ).toEqual([
      ["mellat", false, "****w0rd"],
      ["zarinpal", true, "****05be"],
    ]);
    const shown = await merchant.show("paymentGateways", row.id);
    expect(shown.text).not.toContain(MERCHANT);
    expect(Object.keys(shown.body.record.params).filter((key) => key.includes("ncrypt"))).toEqual([]);

    // Left empty, a field keeps its value; the flag changes alone.
    const mellatId = (await rowOf(a.store.id, "mellat"))!.id;
    const edited = await merchant.edit("paymentGateways", mellatId, {
      gateway: "mellat",
      enabled: "true",
      "credentials.terminalId": "",
      "credentials.userName": "",
      "credentials.userPassword": "new-secret-1",
    });
    expect(edited.body.notice.type).toBe("success");
    const sealed = (await rowOf(a.store.id, "mellat"))!;
    expect(sealed.enabled).toBe(true);
    expect(decryptCredentials(test.platform.config.PAYMENT_SECRET_KEY, `${a.store.id}:mellat`, sealed.credentials_encrypted)).toEqual({
      terminalId: "778899",
      userName: "tea",
      userPassword: "new-secret-1",
    });
  });

  it("another store's merchant neither sees nor changes store A's gateways, nor adds one there", async () => {
    const row = (await rowOf(a.store.id, "zarinpal"))!;
    expect((await otherMerchant.list("paymentGateways")).body.meta.total).toBe(0);
    expectNotFound(await otherMerchant.show("paymentGateways", row.id));
    expectNotFound(
      await otherMerchant.edit("paymentGateways", row.id, {
        gateway: "zarinpal",
        "credentials.merchantId": "ffffffff-0048-11e8-94db-005056a205be",
      }),
    );
    expectNotFound(await otherMerchant.delete("paymentGateways", row.id));
    const foreign = await otherMerchant.create("paymentGateways", {
      storeId: a.store.id,
      gateway: "saman",
      "credentials.terminalId": "123",
    });
    expect(foreign.body.notice.type).toBe("error");
    expect(await rowOf(a.store.id, "saman")).toBeUndefined();
    expect((await rowOf(a.store.id, "zarinpal"))!.credentials_encrypted).toBe(row.credentials_encrypted);
    // And the checkout of store A offers what A enabled.
    const offered = await test.server.request("GET", "/api/v1/payment-gateways", { host: `${a.store.slug}.mall.localhost` });
    expect(offered.body.items.map((item: { gateway: string }) => item.gateway).sort()).toEqual(["mellat", "zarinpal"]);
  });
});

describe("who sees and changes gateways in the back office (issue 24 #6, #7)", () => {
  it("only owners and managers see a store's gateways, as on the API; order and catalog staff see neither the list nor a row nor the hints", async () => {
    const row = (await rowOf(a.store.id, "zarinpal"))!;
    for (const role of ["order_staff", "catalog_staff"] as const) {
      const person = await buildUser(test.platform.dataSource);
      await test.platform.dataSource.getRepository(StoreMember).insert({ storeId: a.store.id, userId: person.id, role });
      const api = await test.server.request("GET", `/api/v1/stores/${a.store.id}/payment-gateways`, {
        headers: bearer(test.platform.config, person),
      });
      expect(api.status).toBe(403);
      const session = await signInToAdmin(test.server, test.platform, person.phone);
      const list = await session.list("paymentGateways");
      expect(list.text).not.toContain("****05be");
      expect(list.body.records ?? []).toEqual([]);
      const shown = await session.show("paymentGateways", row.id);
      expect(shown.text).not.toContain("****05be");
      expectNotFound(shown);
      expect(
        (
          await session.edit("paymentGateways", row.id, {
            gateway: "zarinpal",
            "credentials.merchantId": "ffffffff-0048-11e8-94db-005056a205be",
          })
        ).body.notice?.type ?? "error",
      ).toBe("error");
    }
    expect((await rowOf(a.store.id, "zarinpal"))!.credentials_encrypted).toBe(row.credentials_encrypted);
    const manager = await buildUser(test.platform.dataSource);
    await test.platform.dataSource.getRepository(StoreMember).insert({ storeId: a.store.id, userId: manager.id, role: "manager" });
    const managed = await (await signInToAdmin(test.server, test.platform, manager.phone)).list("paymentGateways");
    expect((managed.body.records as Array<{ params: Record<string, unknown> }>).map((r) => r.params.gateway).sort()).toEqual([
      "mellat",
      "zarinpal",
    ]);
  });

  it("every change made in the back office is audited as the person, through «پیشخوان», and the owner is texted", async () => {
    const entries = (await test.platform.dataSource.query(
      `SELECT actor_user_id, surface, action, before, after FROM audit_entries WHERE store_id = $1 AND entity_type = 'gateway' ORDER BY created_at, id`,
      [a.store.id],
    )) as Array<{
      actor_user_id: string;
      surface: string;
      action: string;
      after: Record<string, unknown>;
    }>;
    expect(entries.map((entry) => [entry.action, entry.actor_user_id, entry.surface, entry.after.gateway])).toEqual([
      ["gateway.saved", a.owner.id, "admin", "zarinpal"],
      ["gateway.saved", a.owner.id, "admin", "mellat"],
      ["gateway.saved", a.owner.id, "admin", "mellat"],
    ]);
    // The last edit changed the password and the flag; the name and terminal, left blank, kept their values and are not named.
    expect(entries[2]!.after).toEqual({ enabled: true, userPassword: "مقدار تازه", gateway: "mellat" });
    expect(JSON.stringify(entries)).not.toMatch(/new-secret-1|p@ss-w0rd|1344b5d4|\*\*\*\*/);
    const texts = (await test.platform.dataSource.query(
      `SELECT text FROM sms_messages WHERE store_id = $1 AND phone = $2 AND text LIKE '%درگاه%'`,
      [a.store.id, a.owner.phone],
    )) as Array<{ text: string }>;
    expect(texts.map((row) => row.text)).toEqual([
      "اطلاعات درگاه زرین‌پال فروشگاه «فروشگاه الف» تغییر کرد. اگر این کار شما یا همکارانتان نبوده، لطفاً در پیشخوان «تاریخچهٔ تغییرات» را ببینید.",
      "اطلاعات درگاه به‌پرداخت ملت فروشگاه «فروشگاه الف» تغییر کرد. اگر این کار شما یا همکارانتان نبوده، لطفاً در پیشخوان «تاریخچهٔ تغییرات» را ببینید.",
      "اطلاعات درگاه به‌پرداخت ملت فروشگاه «فروشگاه الف» تغییر کرد. اگر این کار شما یا همکارانتان نبوده، لطفاً در پیشخوان «تاریخچهٔ تغییرات» را ببینید.",
    ]);
  });
});

describe("refunding an order in the back office", () => {
  it("asks for confirmation, refuses bad amounts and a reversal without an online payment, then records a manual refund with stock returned", async () => {
    const facts = await merchant.recordAction("orders", a.paid.id, "refund");
    expect(facts.body.facts).toEqual({ paidAmount: a.paid.total, online: null, shipped: false });

    const unconfirmed = await merchant.recordAction("orders", a.paid.id, "refund", { method: "manual", restock: "true" });
    expect(unconfirmed.body.record.errors.confirmed.message).toContain("تأیید");
    const tooMuch = await merchant.recordAction("orders", a.paid.id, "refund", {
      confirmed: "true",
      method: "manual",
      amount: "۹۹۹٬۹۹۹",
      restock: "true",
    });
    expect(tooMuch.body.record.errors.amount.message).toContain("بیشتر از مبلغ پرداخت‌شده");
    const noOnline = await merchant.recordAction("orders", a.paid.id, "refund", { confirmed: "true", method: "gateway", restock: "true" });
    expect(noOnline.body.record.errors.method.message).toContain("پرداخت آنلاینی ندارد");
    // The note's and the reference's limits are the refund service's: the same error as through the API (server/src/payments/refund.test.ts).
    const longNote = await merchant.recordAction("orders", a.paid.id, "refund", {
      confirmed: "true",
      method: "manual",
      restock: "true",
      note: "ن".repeat(501),
    });
    expect(longNote.body.record.errors.note).toEqual({ message: "توضیح حداکثر ۵۰۰ نویسه است.", type: "refund_note_too_long" });
    const longReference = await merchant.recordAction("orders", a.paid.id, "refund", {
      confirmed: "true",
      method: "manual",
      restock: "true",
      reference: "۱".repeat(101),
    });
    expect(longReference.body.record.errors.reference).toEqual({
      message: "شمارهٔ پیگیری حداکثر ۱۰۰ نویسه است.",
      type: "refund_reference_too_long",
    });
    expect(await stateOf(a.paid)).toBe("paid");

    const before = await stock(a);
    const done = await merchant.recordAction("orders", a.paid.id, "refund", {
      confirmed: "true",
      method: "manual",
      amount: "۱۰۰٬۰۰۰",
      restock: "true",
      note: "کارت‌به‌کارت شد.",
      reference: "556677",
    });
    expect(done.body.notice).toMatchObject({ type: "success", message: "refundRecorded" });
    expect(await stateOf(a.paid)).toBe("refunded");
    expect(await stock(a)).toBe(before + 2);
    const [refund] = await test.platform.dataSource.query(
      `SELECT method, amount::int, restock, note, reference, actor_user_id FROM order_refunds WHERE order_id = $1`,
      [a.paid.id],
    );
    expect(refund).toEqual({
      method: "manual",
      amount: 1_000_000,
      restock: true,
      note: "کارت‌به‌کارت شد.",
      reference: "556677",
      actor_user_id: a.owner.id,
    });

    // Once: the action is gone from a refunded order, and posting it anyway is refused and changes nothing.
    const shown = await merchant.show("orders", a.paid.id);
    expect((shown.body.record.recordActions as Array<{ name: string }>).map((action) => action.name)).not.toContain("refund");
    const again = await merchant.recordAction("orders", a.paid.id, "refund", { confirmed: "true", method: "manual", restock: "true" });
    expect(again.body.notice.type).toBe("error");
    expect(await stock(a)).toBe(before + 2);
  });

  it("another store's order cannot be refunded", async () => {
    expectNotFound(
      await otherMerchant.recordAction("orders", a.paid.id, "refund", { confirmed: "true", method: "manual", restock: "true" }),
    );
    expectNotFound(await merchant.recordAction("orders", b.paid.id, "refund", { confirmed: "true", method: "manual", restock: "true" }));
    expect(await stateOf(b.paid)).toBe("paid");
  });
});
