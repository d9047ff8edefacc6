import { AuditEntry } from "@mall/server/audit/audit-entry.entity.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { Product } from "@mall/server/catalog/product.entity.js";
import { StaffRoles1795637845412 } from "@mall/server/db/migrations/1795637845412-StaffRoles.js";
import { permissionsOf } from "@mall/server/identity/authorization.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { Order } from "@mall/server/orders/order.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { buildProduct, buildShirtCategory, buildStore, randomPhone } from "@mall/server/test/factories.js";
import { bearer, buildUser } from "@mall/server/test/sign-in.js";
import { StoreMember, type StoreRole } from "@mall/server/tenancy/store-member.entity.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer } from "./test/admin-server.js";

/**
 * Staff roles (issue 16): owner, manager, order staff and catalog staff, each
 * with the permissions of the one table, checked by the one authorisation
 * helper on the API and in the back office alike; owners invite by mobile
 * number; the role column's migration keeps every member.
 */
const test = useAdminServer();

let store: Store;
let owner: User;
const people: Partial<Record<StoreRole, User>> = {};
let product: Product;
let instance: ProductInstance;
let order: Order;

const api = (method: string, path: string, user: Pick<User, "id" | "phone" | "isStaff">, body?: unknown) =>
  test.server.request(method, `/api/v1${path}`, { headers: bearer(test.platform.config, user), body });

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "فروشگاه نقش‌ها" });
  owner = (await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  for (const role of ["manager", "order_staff", "catalog_staff"] as const) {
    const user = await buildUser(dataSource);
    await dataSource.getRepository(StoreMember).insert({ storeId: store.id, userId: user.id, role });
    people[role] = user;
  }
  const { category, allValues } = await buildShirtCategory(dataSource, store.id);
  product = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    nameFa: "تی‌شرت نقش",
    name: "Role tee",
    basePrice: 1_000_000,
    attributes: allValues,
    stock: 10,
  });
  instance = (await dataSource.getRepository(ProductInstance).findBy({ storeId: store.id, productId: product.id }))[0]!;
  const method = await buildShippingMethod(dataSource, store.id);
  const shopper = await buildUser(dataSource);
  order = (
    await placeAs(dataSource, store.id, shopper, {
      items: [{ instanceId: instance.id, quantity: 1 }],
      address: tehranAddress(),
      shippingMethodId: method.id,
    })
  ).order;
}, 60_000);

describe("the permission table", () => {
  it("gives each role what it needs and no more", () => {
    expect(permissionsOf("owner")).toContain("members:write");
    expect(permissionsOf("manager")).not.toContain("members:write");
    expect(permissionsOf("order_staff")).toEqual(["store:read", "orders:read", "orders:write"]);
    expect(permissionsOf("catalog_staff")).toEqual(["store:read", "catalog:write"]);
  });
});

describe("members: only owners change them", () => {
  it("a manager cannot change a role, invite or remove anyone (403, nothing changed, nothing logged)", async () => {
    const manager = people.manager!;
    const before = await test.platform.dataSource.getRepository(StoreMember).find({ where: { storeId: store.id }, order: { id: "ASC" } });
    const promote = await api("PATCH", `/stores/${store.id}/members/${people.order_staff!.id}`, manager, { role: "manager" });
    expect(promote.status).toBe(403);
    expect((await api("PATCH", `/stores/${store.id}/members/${manager.id}`, manager, { role: "owner" })).status).toBe(403);
    expect((await api("POST", `/stores/${store.id}/members`, manager, { phone: randomPhone(), role: "manager" })).status).toBe(403);
    expect((await api("DELETE", `/stores/${store.id}/members/${people.catalog_staff!.id}`, manager)).status).toBe(403);
    expect(await test.platform.dataSource.getRepository(StoreMember).find({ where: { storeId: store.id }, order: { id: "ASC" } })).toEqual(
      before,
    );
    expect(await test.platform.dataSource.getRepository(AuditEntry).countBy({ storeId: store.id, entityType: "member" })).toBe(0);
  });

  it("a manager cannot change roles in the back office either", async () => {
    const session = await signInToAdmin(test.server, test.platform, people.manager!.phone);
    const member = await test.platform.dataSource
      .getRepository(StoreMember)
      .findOneByOrFail({ storeId: store.id, userId: people.order_staff!.id });
    const list = await session.list("team");
    expect(list.status).toBe(200);
    expect(list.body.records).toHaveLength(4);
    const res = await session.edit("team", member.id, { role: "manager" });
    expect(res.body.notice).toEqual({ message: "forbiddenError", type: "error" });
    expect((await test.platform.dataSource.getRepository(StoreMember).findOneByOrFail({ id: member.id })).role).toBe("order_staff");
  });

  it("the owner invites by mobile number (API and back office); the invited person signs in by SMS code and sees the store", async () => {
    const phone = randomPhone();
    const invited = await api("POST", `/stores/${store.id}/members`, owner, { phone: `0${phone.slice(3)}`, role: "catalog_staff" });
    expect(invited.status, invited.text).toBe(201);
    expect(invited.body).toMatchObject({ phone, role: "catalog_staff" });
    const [texted] = await test.platform.dataSource.query(`SELECT kind, text FROM sms_messages WHERE phone = $1`, [phone]);
    expect(texted).toEqual({
      kind: "notice",
      text: `شما به پیشخوان فروشگاه «فروشگاه نقش‌ها» با نقش کارمند کاتالوگ اضافه شدید. با همین شماره وارد شوید: ${test.platform.config.PUBLIC_URL}/admin`,
    });
    const bad = await api("POST", `/stores/${store.id}/members`, owner, { phone, role: "cashier" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("role");

    const ownerSession = await signInToAdmin(test.server, test.platform, owner.phone);
    const second = randomPhone();
    const created = await ownerSession.create("team", { storeId: store.id, phone: second, role: "order_staff" });
    expect(created.body.record?.errors ?? {}).toEqual({});
    const member = await test.platform.dataSource
      .getRepository(StoreMember)
      .findOneOrFail({ where: { storeId: store.id, user: { phone: second } } });
    expect(member.role).toBe("order_staff");
    expect(await test.platform.dataSource.query(`SELECT kind FROM sms_messages WHERE phone = $1`, [second])).toEqual([{ kind: "notice" }]);

    const newcomer = await signInToAdmin(test.server, test.platform, second);
    const stores = await newcomer.list("stores");
    expect(stores.body.records.map((r: { id: string }) => r.id)).toEqual([store.id]);
    const orders = await newcomer.list("orders");
    expect(orders.body.records.map((r: { id: string }) => r.id)).toContain(order.id);
    expect(
      await test.platform.dataSource.getRepository(AuditEntry).findBy({ storeId: store.id, entityType: "member", action: "member.added" }),
    ).toHaveLength(2);

    const promoted = await api("PATCH", `/stores/${store.id}/members/${member.userId}`, owner, { role: "manager" });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe("manager");
  });
});

describe("order staff and catalog staff", () => {
  it("order staff cannot edit products (API and back office) but move orders", async () => {
    const clerk = people.order_staff!;
    expect((await api("PATCH", `/stores/${store.id}/products/${product.id}`, clerk, { nameFa: "دست‌کاری" })).status).toBe(403);
    expect((await api("PATCH", `/stores/${store.id}/instances/${instance.id}`, clerk, { price: 1 })).status).toBe(403);
    const session = await signInToAdmin(test.server, test.platform, clerk.phone);
    const edit = await session.edit("products", product.id, { nameFa: "دست‌کاری" });
    expect(edit.body.notice).toEqual({ message: "forbiddenError", type: "error" });
    expect((await test.platform.dataSource.getRepository(Product).findOneByOrFail({ id: product.id })).nameFa).toBe("تی‌شرت نقش");
    expect((await session.list("products")).status).toBe(200);

    const cancelled = await api("POST", `/stores/${store.id}/orders/${order.id}/transitions`, clerk, {
      to: "cancelled",
      reason: "ناموجود",
    });
    expect(cancelled.status, cancelled.text).toBe(200);
  });

  it("catalog staff cannot move orders (API and back office) but change the catalog", async () => {
    const cataloguer = people.catalog_staff!;
    const method = await buildShippingMethod(test.platform.dataSource, store.id);
    const other = (
      await placeAs(test.platform.dataSource, store.id, await buildUser(test.platform.dataSource), {
        items: [{ instanceId: instance.id, quantity: 1 }],
        address: tehranAddress(),
        shippingMethodId: method.id,
      })
    ).order;
    const moved = await api("POST", `/stores/${store.id}/orders/${other.id}/transitions`, cataloguer, { to: "cancelled" });
    expect(moved.status).toBe(403);
    expect((await api("GET", `/stores/${store.id}/orders`, cataloguer)).status).toBe(403);
    const session = await signInToAdmin(test.server, test.platform, cataloguer.phone);
    expect((await session.list("orders")).body.records).toEqual([]);
    const cancel = await session.recordAction("orders", other.id, "cancel", { reason: "x" });
    expect(cancel.body.notice?.type ?? "error").toBe("error");
    expect((await test.platform.dataSource.getRepository(Order).findOneByOrFail({ id: other.id })).state).toBe("pending_payment");

    const renamed = await api("PATCH", `/stores/${store.id}/products/${product.id}`, cataloguer, { nameFa: "تی‌شرت نقش (نو)" });
    expect(renamed.status).toBe(200);
    const price = await session.edit("instances", instance.id, { price: "1200000" });
    expect(price.status).toBe(200);
    expect((await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: instance.id })).price).toBe(1_200_000);
  });
});

describe("the role column's migration", () => {
  it("keeps every member and their role, then refuses a role outside the table", async () => {
    const { dataSource } = test.platform;
    const migration = new StaffRoles1795637845412();
    const runner = dataSource.createQueryRunner();
    try {
      const before = await dataSource.query(`SELECT id, store_id, user_id, role FROM store_members ORDER BY id`);
      await migration.down(runner);
      // As the column was before: a stray role would have been accepted; the migration must stop on it and change nothing.
      const stray = await buildUser(dataSource);
      await dataSource.query(`INSERT INTO store_members (store_id, user_id, role) VALUES ($1, $2, 'cashier')`, [store.id, stray.id]);
      await runner.startTransaction();
      await expect(migration.up(runner)).rejects.toThrow(/store_members_role_check/);
      await runner.rollbackTransaction();
      expect(await dataSource.query(`SELECT role FROM store_members WHERE user_id = $1`, [stray.id])).toEqual([{ role: "cashier" }]);
      await dataSource.query(`DELETE FROM store_members WHERE user_id = $1`, [stray.id]);

      await migration.up(runner);
      expect(await dataSource.query(`SELECT id, store_id, user_id, role FROM store_members ORDER BY id`)).toEqual(before);
      await expect(dataSource.query(`UPDATE store_members SET role = 'cashier' WHERE user_id = $1`, [people.manager!.id])).rejects.toThrow(
        /store_members_role_check/,
      );
    } finally {
      await runner.release();
    }
  });
});
