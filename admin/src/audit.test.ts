import { displayPhone } from "@mall/locale";
import { cliEnv, runCli } from "@mall/cli/src/test/run-cli.js";
import { AuditEntry } from "@mall/server/audit/audit-entry.entity.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { transitionOrder } from "@mall/server/orders/order.service.js";
import { buildProduct, buildShirtCategory, buildStore } from "@mall/server/test/factories.js";
import { bearer, buildUser } from "@mall/server/test/sign-in.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { addStoreMember } from "@mall/server/tenancy/tenancy.service.js";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * The audit log (issue 16): a price change made in the back office, through
 * the API and from the CLI each leaves one entry with who, where, and only
 * the changed fields before and after, written in the change's transaction
 * (a refused change leaves none); the back office lists them per store and
 * per record, in Persian, to that store's people only.
 */
const test = useAdminServer();

let store: Store;
let other: Store;
let owner: User;
let instances: ProductInstance[];
let session: AdminSession;

const entriesOf = (entityId: string) =>
  test.platform.dataSource.getRepository(AuditEntry).find({ where: { storeId: store.id, entityId }, order: { createdAt: "ASC" } });

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "فروشگاه دفتر" });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر" });
  owner = (await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  const { category, allValues } = await buildShirtCategory(dataSource, store.id);
  const product = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    nameFa: "تی‌شرت دفتری",
    name: "Log tee",
    basePrice: 2_000_000,
    attributes: allValues,
    stock: 5,
  });
  instances = await dataSource
    .getRepository(ProductInstance)
    .find({ where: { storeId: store.id, productId: product.id }, order: { sku: "ASC" } });
  session = await signInToAdmin(test.server, test.platform, owner.phone);
}, 60_000);

describe("a price change leaves one audit entry, whichever surface made it", { timeout: 60_000 }, () => {
  it("through the API: the owner, surface api, only the price before and after", async () => {
    const target = instances[0]!;
    const res = await test.server.request("PATCH", `/api/v1/stores/${store.id}/instances/${target.id}`, {
      headers: bearer(test.platform.config, owner),
      body: { price: 2_500_000 },
    });
    expect(res.status, res.text).toBe(200);
    const [entry, ...more] = await entriesOf(target.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorUserId: owner.id,
      actorLabel: "user",
      surface: "api",
      action: "instance.updated",
      entityType: "instance",
      before: { price: null },
      after: { price: 2_500_000 },
    });
  });

  it("in the back office: the owner, surface admin", async () => {
    const target = instances[1]!;
    const res = await session.edit("instances", target.id, { price: "3000000" });
    expect(res.status).toBe(200);
    expect(await entriesOf(target.id)).toEqual([
      expect.objectContaining({
        actorUserId: owner.id,
        surface: "admin",
        action: "instance.updated",
        before: { price: null },
        after: { price: 3_000_000 },
      }),
    ]);
  });

  it("from the CLI: platform staff, surface cli", async () => {
    const target = instances[2]!;
    const result = await runCli(["product", "set", store.slug, target.sku, "--price", "3500000", "--json"], cliEnv(test.platform.config));
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ sku: target.sku, price: 3_500_000, stock: 5 });
    expect(await entriesOf(target.id)).toEqual([
      expect.objectContaining({
        actorUserId: null,
        actorLabel: "cli:staff",
        surface: "cli",
        before: { price: null },
        after: { price: 3_500_000 },
      }),
    ]);
  });

  it("a refused change leaves no entry: same transaction as the change", async () => {
    const [target, taken] = [instances[3]!, instances[0]!];
    const before = await entriesOf(target.id);
    // The price would pass, the SKU is another instance's: the whole change is refused.
    const api = await test.server.request("PATCH", `/api/v1/stores/${store.id}/instances/${target.id}`, {
      headers: bearer(test.platform.config, owner),
      body: { price: 9_000_000, sku: taken.sku },
    });
    expect(api.status).toBe(409);
    const admin = await session.edit("instances", target.id, { price: "9000000", stock: "-4" });
    expect(admin.body.record.errors).not.toEqual({});
    const cli = await runCli(["product", "set", store.slug, "NO-SUCH-SKU", "--price", "1"], cliEnv(test.platform.config));
    expect(cli.code).toBe(1);
    expect(cli.errorLines).toEqual(["Error: sku: این مدل از محصول در این فروشگاه پیدا نشد."]);
    expect(await entriesOf(target.id)).toEqual(before);
    expect((await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: target.id })).price).toBeNull();
  });
});

describe("other changes people make are logged too", () => {
  it("an order's state change, a member's role and the store's settings", async () => {
    const { dataSource } = test.platform;
    const method = await buildShippingMethod(dataSource, store.id, { kind: "post_pishtaz", price: 400_000 });
    const shopper = await buildUser(dataSource);
    const placed = await placeAs(dataSource, store.id, shopper, {
      items: [{ instanceId: instances[0]!.id, quantity: 1 }],
      address: tehranAddress(),
      shippingMethodId: method.id,
    });
    await dataSource.transaction((manager) =>
      transitionOrder({ manager, actor: { kind: "user", userId: owner.id, isStaff: false } }, store.id, placed.order.id, "cancelled", {
        reason: "درخواست خریدار",
      }),
    );
    expect(await entriesOf(placed.order.id)).toEqual([
      expect.objectContaining({
        action: "order.transitioned",
        before: { state: "pending_payment", reason: null },
        after: { state: "cancelled", reason: "درخواست خریدار" },
      }),
    ]);

    const helper = await buildUser(dataSource);
    const { member } = await dataSource.transaction((manager) =>
      addStoreMember({ manager, actor: { kind: "system", name: "cli" } }, store.id, helper.phone, "manager"),
    );
    expect(await entriesOf(member.id)).toEqual([
      expect.objectContaining({ action: "member.added", surface: "cli", before: null, after: { phone: helper.phone, role: "manager" } }),
    ]);

    const res = await session.edit("stores", store.id, { description: "همه‌چیز ثبت می‌شود" });
    expect(res.status).toBe(200);
    expect(await entriesOf(store.id)).toEqual([
      expect.objectContaining({ action: "store.settings_changed", surface: "admin", after: { description: "همه‌چیز ثبت می‌شود" } }),
    ]);
  });
});

describe("the back office's history", () => {
  it("lists a record's entries in Persian with Jalali-ready times, per store", async () => {
    const target = instances[0]!;
    const list = await session.list("audit", { "filters.entityId": target.id });
    expect(list.status).toBe(200);
    const [record] = list.body.records;
    expect(record.params).toMatchObject({
      actionLabel: "ویرایش مدل (قیمت، موجودی، SKU)",
      surface: "api",
      changes: "قیمت: — ← ۲۵۰٬۰۰۰ تومان",
      actor: displayPhone(owner.phone),
    });
    // What the entry is about, by name: the model's product and SKU, not its id.
    const product = await test.platform.dataSource.query(
      `SELECT p.name_fa FROM products p JOIN product_instances i ON i.product_id = p.id WHERE i.id = $1`,
      [target.id],
    );
    expect(record.params.entity).toBe(`${product[0].name_fa} (${target.sku})`);
    const all = await session.list("audit");
    expect(all.body.records.length).toBeGreaterThanOrEqual(5);
    expect(all.body.records.every((r: { params: { storeId: string } }) => r.params.storeId === store.id)).toBe(true);
  });

  it("the «تاریخچه» action of a record leads to its history", async () => {
    const res = await session.recordAction("instances", instances[1]!.id, "history");
    expect(res.status).toBe(200);
    expect(res.body.redirectUrl).toBe(`/admin/resources/audit?filters.entityId=${instances[1]!.id}`);
  });

  it("another store's owner sees none of this store's history", async () => {
    const stranger = (await test.platform.dataSource.query(`SELECT phone FROM users WHERE id = $1`, [other.ownerId]))[0] as {
      phone: string;
    };
    const theirs = await signInToAdmin(test.server, test.platform, stranger.phone);
    const list = await theirs.list("audit", { "filters.entityId": instances[0]!.id });
    expect(list.body.records).toEqual([]);
  });
});
