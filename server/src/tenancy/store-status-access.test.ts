import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityManager } from "typeorm";
import { systemContext } from "../core/context.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import type { Product } from "../catalog/product.entity.js";
import type { User } from "../identity/user.entity.js";
import { createApp } from "../main/app.js";
import { markOrderPaid } from "../orders/order.service.js";
import { buildProduct, buildStore, randomPhone } from "../test/factories.js";
import { startTestServer, type TestResponse, type TestServer } from "../test/http-client.js";
import { buildShippingMethod, placeAs, tehranAddress } from "../test/order-fixtures.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { StoreMember } from "./store-member.entity.js";
import type { Store } from "./store.entity.js";
import { setStoreStatus } from "./tenancy.service.js";

/**
 * A store's status decides what its members may do (issue 24 #8), in the one
 * authorisation helper every surface asks: suspended, they still read orders
 * and exports but change nothing (409 store_suspended, in Persian); deleted,
 * they reach nothing (410). Platform staff keep their access.
 */
const test = useTestPlatform({ PAYMENT_SANDBOX: "false" });
let server: TestServer;
let store: Store;
let owner: User;
let manager: User;
let product: Product;
let orderId: string;

const as = (user: Pick<User, "id" | "phone" | "isStaff">, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, { headers: bearer(test.config, user), ...(body === undefined ? {} : { body }) });
const answer = (res: TestResponse) => [res.status, res.body?.error?.code];
const setStatus = (status: "active" | "suspended" | "deleted") =>
  test.platform.dataSource.transaction((manager) => setStoreStatus(systemContext(manager, "cli"), store.id, status));

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "فروشگاه معلق" });
  owner = (await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  manager = await buildUser(dataSource);
  await dataSource.getRepository(StoreMember).insert({ storeId: store.id, userId: manager.id, role: "manager" });
  product = await buildProduct(dataSource, store.id, { nameFa: "چای معلق", basePrice: 1_000_000, stock: 10 });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
  const method = await buildShippingMethod(dataSource, store.id);
  const placed = await placeAs(dataSource, store.id, await buildUser(dataSource), {
    items: [{ instanceId: instance.id, quantity: 1 }],
    address: tehranAddress(),
    shippingMethodId: method.id,
  });
  orderId = placed.order.id;
  await dataSource.transaction((m) => markOrderPaid(systemContext(m, "payments"), store.id, orderId, { reference: "4455" }));
  server = await startTestServer(createApp(test.platform));
}, 60_000);
afterAll(() => server?.close());

describe("a suspended store's members", () => {
  it("read orders, exports and reports, and change nothing: catalog, gateways, refunds, members (409 store_suspended in Persian)", async () => {
    await setStatus("suspended");
    for (const user of [owner, manager]) {
      const orders = await as(user, "GET", `/stores/${store.id}/orders`);
      expect(orders.status).toBe(200);
      expect(orders.body.items.map((o: { id: string }) => o.id)).toEqual([orderId]);
      const csv = await as(user, "GET", `/stores/${store.id}/products.csv`);
      expect(csv.status).toBe(200);
      expect(csv.text).toContain("چای معلق");
      expect((await as(user, "GET", `/stores/${store.id}/analytics`)).status).toBe(200);
      expect((await as(user, "GET", `/stores/${store.id}/payment-gateways`)).status).toBe(200);
    }
    const changes: Array<[string, string, unknown]> = [
      ["PATCH", `/stores/${store.id}/products/${product.id}`, { nameFa: "نام تازه" }],
      ["PUT", `/stores/${store.id}/payment-gateways/zarinpal`, { credentials: { merchantId: "1344b5d4-0048-11e8-94db-005056a205be" } }],
      ["POST", `/stores/${store.id}/orders/${orderId}/refund`, { method: "manual", restock: true }],
      ["POST", `/stores/${store.id}/members`, { phone: randomPhone(), role: "manager" }],
      ["PATCH", `/stores/${store.id}/settings`, { name: "نام تازه" }],
    ];
    for (const [method, path, body] of changes) {
      const res = await as(owner, method, path, body);
      expect([method, path, ...answer(res)]).toEqual([method, path, 409, "store_suspended"]);
      expect(res.body.error.message).toBe(
        "این فروشگاه تعلیق شده است؛ تا رفع تعلیق فقط می‌توانید اطلاعات آن را ببینید و نمی‌توانید چیزی را تغییر دهید.",
      );
    }
    const { dataSource } = test.platform;
    expect((await dataSource.query(`SELECT name_fa FROM products WHERE id = $1`, [product.id]))[0].name_fa).toBe("چای معلق");
    expect(await dataSource.query(`SELECT 1 FROM store_payment_gateways WHERE store_id = $1`, [store.id])).toEqual([]);
    expect(await dataSource.query(`SELECT 1 FROM order_refunds WHERE order_id = $1`, [orderId])).toEqual([]);
    expect(await dataSource.getRepository(StoreMember).countBy({ storeId: store.id })).toBe(2);
    // Platform staff, who suspend stores, still act on them.
    const staff = { ...(await buildUser(dataSource)), isStaff: true };
    await dataSource.query(`UPDATE users SET is_staff = true WHERE id = $1`, [staff.id]);
    expect((await as(staff, "PATCH", `/stores/${store.id}/products/${product.id}`, { nameFa: "چای معلق" })).status).toBe(200);
  });

  it("change again once the store is resumed", async () => {
    await setStatus("active");
    expect((await as(manager, "PATCH", `/stores/${store.id}/products/${product.id}`, { nameFa: "چای دوباره" })).status).toBe(200);
  });
});

describe("who may change a store's status", () => {
  it("only platform staff or the platform: the store's own owner cannot suspend, resume or delete it through the service", async () => {
    const { dataSource } = test.platform;
    const asUser = (user: User) => (manager: EntityManager) =>
      setStoreStatus({ manager, actor: { kind: "user", userId: user.id, isStaff: false } }, store.id, "suspended");
    await expect(dataSource.transaction(asUser(owner))).rejects.toMatchObject({ kind: "forbidden" });
    await expect(dataSource.transaction(asUser(manager))).rejects.toMatchObject({ kind: "forbidden" });
    const [row] = await dataSource.query(`SELECT status FROM stores WHERE id = $1`, [store.id]);
    expect(row.status).toBe("active");
    const staff = { kind: "user" as const, userId: owner.id, isStaff: true };
    await dataSource.transaction((manager) => setStoreStatus({ manager, actor: staff }, store.id, "active"));
  });
});

describe("a deleted store's members", () => {
  it("reach nothing, not even its orders (410 store_deleted)", async () => {
    await setStatus("deleted");
    for (const user of [owner, manager]) {
      expect(answer(await as(user, "GET", `/stores/${store.id}/orders`))).toEqual([410, "store_deleted"]);
      expect(answer(await as(user, "GET", `/stores/${store.id}/products.csv`))).toEqual([410, "store_deleted"]);
      expect(answer(await as(user, "PATCH", `/stores/${store.id}/products/${product.id}`, { nameFa: "هک" }))).toEqual([
        410,
        "store_deleted",
      ]);
    }
  });
});
