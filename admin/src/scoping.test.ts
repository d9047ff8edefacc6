import { type AttributeValue, ProductAttribute } from "@mall/server/catalog/attribute.entity.js";
import { Category } from "@mall/server/catalog/category.entity.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { Product } from "@mall/server/catalog/product.entity.js";
import { StoreCustomer } from "@mall/server/identity/store-customer.entity.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "@mall/server/test/factories.js";
import { photo } from "@mall/server/test/media-fixtures.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminResponse, type AdminSession } from "./test/admin-server.js";

/**
 * Tenant isolation in the back office, through AdminJS's own HTTP API the
 * way its front end calls it, with sessions from the SMS sign-in: a merchant
 * of store A reaches nothing of store B on any resource or action (list,
 * show, edit, delete, bulk delete, filters, search, sort, reference pickers,
 * counts, custom actions, uploads), and platform staff reach both.
 */
const test = useAdminServer();

interface Shop {
  store: Store;
  owner: User;
  root: Category;
  child: Category;
  attribute: ProductAttribute;
  values: AttributeValue[];
  product: Product;
  instances: ProductInstance[];
  customer: User;
}

let a: Shop;
let b: Shop;
let merchant: AdminSession;
let staff: AdminSession;

async function buildShop(name: string): Promise<Shop> {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name });
  const owner = (await dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  // The same names in both stores, so a search that forgot the store would find both.
  const root = await buildCategory(dataSource, store.id, { nameFa: "پوشاک", name: "Clothes" });
  const child = await buildCategory(dataSource, store.id, { nameFa: "پیراهن", name: "Shirts", parentId: root.id });
  const { attribute, values } = await buildAttribute(dataSource, store.id, root.id, {
    name: "color",
    nameFa: "رنگ",
    type: "color",
    isCategorizer: true,
    values: [
      { value: "red", valueFa: "قرمز", hex: "#ff0000" },
      { value: "blue", valueFa: "آبی", hex: "#0000ff" },
    ],
  });
  const product = await buildProduct(dataSource, store.id, {
    categoryId: child.id,
    nameFa: "پیراهن مردانه",
    name: "Men's shirt",
    attributes: [{ attributeId: attribute.id, valueIds: values.map((value) => value.id) }],
    stock: 2,
  });
  const instances = await dataSource.getRepository(ProductInstance).findBy({ storeId: store.id, productId: product.id });
  const customer = await buildUser(dataSource);
  await dataSource.getRepository(StoreCustomer).insert({ storeId: store.id, userId: customer.id });
  return { store, owner, root, child, attribute, values, product, instances, customer };
}

beforeAll(async () => {
  a = await buildShop("فروشگاه الف");
  b = await buildShop("فروشگاه ب");
  merchant = await signInToAdmin(test.server, test.platform, a.owner.phone);
  const staffUser = await buildUser(test.platform.dataSource, { isStaff: true });
  staff = await signInToAdmin(test.server, test.platform, staffUser.phone);
}, 60_000);

/** What a record answer looks like when the record is not the caller's: AdminJS's "not found", with nothing of the row. */
function expectNotFound(response: AdminResponse): void {
  if (response.status === 404) {
    expect(response.body.notice).toMatchObject({ type: "error" });
    return;
  }
  expect(response.status).toBe(200);
  expect(response.body.notice?.type).toBe("error");
  expect(Object.keys(response.body.record?.params ?? {})).toEqual([]);
}

/** Refused: not found (not the caller's) or forbidden (not their role); either way nothing happened. */
function expectRefused(response: AdminResponse): void {
  if (response.status === 403 || response.status === 404) return;
  expect(response.status).toBe(200);
  expect(response.body.notice?.type).toBe("error");
}

const storeOf = (resource: string, params: Record<string, unknown>) => String(resource === "stores" ? params.id : params.storeId);

const resources = () => [
  {
    resource: "stores",
    mine: a.store.id,
    theirs: b.store.id,
    title: "فروشگاه",
    count: (storeId: string) => Promise.resolve(storeId ? 1 : 0),
  },
  {
    resource: "categories",
    mine: a.root.id,
    theirs: b.root.id,
    title: "پوشاک",
    count: (storeId: string) => test.platform.dataSource.getRepository(Category).countBy({ storeId }),
  },
  {
    resource: "attributes",
    mine: a.attribute.id,
    theirs: b.attribute.id,
    title: "رنگ",
    count: (storeId: string) => test.platform.dataSource.getRepository(ProductAttribute).countBy({ storeId }),
  },
  {
    resource: "products",
    mine: a.product.id,
    theirs: b.product.id,
    title: "پیراهن",
    count: (storeId: string) => test.platform.dataSource.getRepository(Product).countBy({ storeId }),
  },
  {
    resource: "instances",
    mine: a.instances[0]!.id,
    theirs: b.instances[0]!.id,
    title: "PRODUCT",
    count: (storeId: string) => test.platform.dataSource.getRepository(ProductInstance).countBy({ storeId }),
  },
  {
    resource: "customers",
    mine: `${a.store.id}:${a.customer.id}`,
    theirs: `${b.store.id}:${b.customer.id}`,
    title: "+98",
    count: (storeId: string) => test.platform.dataSource.getRepository(StoreCustomer).countBy({ storeId }),
  },
];

describe("a merchant of store A", () => {
  it.each(["stores", "categories", "attributes", "products", "instances", "customers"])(
    "lists and counts only store A's %s, whatever the filter or sort",
    async (name) => {
      const spec = resources().find((entry) => entry.resource === name)!;
      const list = await merchant.list(name);
      expect(list.status).toBe(200);
      const records = list.body.records as Array<{ id: string; params: Record<string, unknown> }>;
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) expect(storeOf(name, record.params)).toBe(a.store.id);
      expect(list.body.meta.total).toBe(await spec.count(a.store.id));
      expect(records.map((record) => record.id)).toContain(spec.mine);

      // Asking for store B by filter finds nothing; sorting by any column never brings B's rows in.
      const filtered = await merchant.list(name, name === "stores" ? { "filters.slug": b.store.slug } : { "filters.storeId": b.store.id });
      expect(filtered.body.meta.total).toBe(0);
      expect(filtered.body.records).toEqual([]);
      for (const sortBy of ["storeId", "createdAt", "id", "nameFa", "name", "sku", "stock", "phone"]) {
        const sorted = await merchant.list(name, { sortBy, direction: "desc" });
        for (const record of sorted.body.records as Array<{ params: Record<string, unknown> }>)
          expect(storeOf(name, record.params)).toBe(a.store.id);
      }
    },
  );

  it.each(["stores", "categories", "attributes", "products", "instances", "customers"])(
    "cannot open, edit or delete a record of store B's %s (not found)",
    async (name) => {
      const spec = resources().find((entry) => entry.resource === name)!;
      expect((await merchant.show(name, spec.mine)).body.record.params).toBeTruthy();
      const before = (await staff.show(name, spec.theirs)).body.record.params;
      expectNotFound(await merchant.show(name, spec.theirs));
      expectNotFound(await merchant.recordAction(name, spec.theirs, "edit"));
      expectNotFound(await merchant.edit(name, spec.theirs, { name: "hacked", nameFa: "هک", sku: "HACKED", stock: "999" }));
      expectNotFound(await merchant.delete(name, spec.theirs));
      expectRefused(await merchant.bulk(name, "bulkDelete", [spec.theirs]));
      // B's row is as it was, field for field. (Not a search of its text for the values sent: the row's own ids,
      // phone and times hold "999" now and then, which failed this test about once in twenty runs.)
      expect((await staff.show(name, spec.theirs)).body.record.params).toEqual(before);
    },
  );

  it.each(["stores", "categories", "attributes", "products", "instances", "customers"])(
    "picks only store A's %s in a reference picker (search)",
    async (name) => {
      const spec = resources().find((entry) => entry.resource === name)!;
      const found = await merchant.search(name, spec.title);
      expect(found.status).toBe(200);
      const records = found.body.records as Array<{ id: string; params: Record<string, unknown> }>;
      for (const record of records) expect(storeOf(name, record.params)).toBe(a.store.id);
      expect(records.map((record) => record.id)).not.toContain(spec.theirs);
      // The same search for staff finds both stores' rows.
      const forStaff = (await staff.search(name, spec.title)).body.records as Array<{ params: Record<string, unknown> }>;
      expect(new Set(forStaff.map((record) => storeOf(name, record.params)))).toEqual(new Set([a.store.id, b.store.id]));
    },
  );

  it("filters Persian text by the one folding rule (@mall/locale's searchKey), within store A only", async () => {
    const { dataSource } = test.platform;
    // Stored with ZWNJ, a kasra and Persian digits; typed with Arabic ي/ك, a space and Latin digits.
    const mine = await buildCategory(dataSource, a.store.id, { nameFa: "کیف‌های چرمیِ ۲۰۲۵" });
    const theirs = await buildCategory(dataSource, b.store.id, { nameFa: "کیف‌های چرمیِ ۲۰۲۵" });
    for (const typed of ["كيف هاي چرمي 2025", "کیفهای چرمی ۲۰۲۵", "چرمي"]) {
      const listed = await merchant.list("categories", { "filters.nameFa": typed });
      expect(
        (listed.body.records as Array<{ id: string }>).map((record) => record.id),
        typed,
      ).toEqual([mine.id]);
      expect(listed.body.meta.total, typed).toBe(1);
    }
    expect((await merchant.list("categories", { "filters.nameFa": "کیف چرمی" })).body.meta.total).toBe(0);
    const forStaff = (await staff.search("categories", "كيف هاي چرمي")).body.records as Array<{ id: string }>;
    expect(forStaff.map((record) => record.id).sort()).toEqual([mine.id, theirs.id].sort());
  });

  it("sees references populated only within store A, and store B's ids as nothing", async () => {
    const product = await merchant.show("products", a.product.id);
    expect(product.body.record.populated.categoryId.params.nameFa).toBe("پیراهن");
    expect(product.body.record.populated.storeId.params.id).toBe(a.store.id);
    const store = await merchant.show("stores", a.store.id);
    // Tenants and users are staff's: a merchant's page gets nothing of them.
    expect(store.body.record.populated.tenantId ?? null).toBeNull();
    expect(store.body.record.populated.ownerId ?? null).toBeNull();
  });

  it("cannot reach the staff's resources: tenants, users, members", async () => {
    for (const name of ["tenants", "users", "members"]) {
      const list = await merchant.list(name);
      expect(list.body.records ?? []).toEqual([]);
      expect(list.body.notice?.type).toBe("error");
      expectRefused(await merchant.search(name, "+98"));
      expectNotFound(await merchant.show(name, a.owner.id));
    }
    expectRefused(await merchant.create("tenants", { name: "حساب من", slug: "my-own-tenant" }));
    expect(await test.platform.dataSource.query(`SELECT 1 FROM tenants WHERE slug = 'my-own-tenant'`)).toEqual([]);
  });

  it("cannot create rows in store B, naming the field that points there", async () => {
    const category = await merchant.create("categories", { storeId: b.store.id, nameFa: "نفوذی", name: "Intruder" });
    expect(category.body.record.errors.storeId.message).toMatch(/پیدا نشد/);
    const under = await merchant.create("categories", { parentId: b.root.id, nameFa: "نفوذی", name: "Intruder" });
    expect(under.body.record.errors.parentId.message).toMatch(/پیدا نشد/);
    const attribute = await merchant.create("attributes", { categoryId: b.root.id, nameFa: "نفوذی", name: "intruder", type: "custom" });
    expect(attribute.body.record.errors.categoryId.message).toMatch(/پیدا نشد/);
    const product = await merchant.create("products", { categoryId: b.child.id, nameFa: "نفوذی", name: "Intruder", basePrice: "1000" });
    expect(product.body.record.errors.categoryId.message).toMatch(/پیدا نشد/);
    const moved = await merchant.edit("products", a.product.id, { categoryId: b.child.id });
    expect(moved.body.record.errors.categoryId.message).toMatch(/پیدا نشد/);
    expect(
      await test.platform.dataSource.query(
        `SELECT 1 FROM categories WHERE name = 'Intruder' UNION ALL SELECT 1 FROM products WHERE name = 'Intruder'`,
      ),
    ).toEqual([]);
    expect((await test.platform.dataSource.getRepository(Product).findOneByOrFail({ id: a.product.id })).categoryId).toBe(a.child.id);
  });

  it("cannot use store B's records in custom actions: move, models, images, bulk stock, suspend", async () => {
    expectNotFound(await merchant.recordAction("categories", b.child.id, "move"));
    expectNotFound(await merchant.recordAction("categories", b.child.id, "move", { parentId: "" }));
    // Moving A's category under B's: the parent is "not found", nothing moves.
    const across = await merchant.recordAction("categories", a.child.id, "move", { parentId: b.root.id });
    expect(across.body.notice.type).toBe("error");
    expect((await test.platform.dataSource.getRepository(Category).findOneByOrFail({ id: a.child.id })).parentId).toBe(a.root.id);

    expectNotFound(await merchant.recordAction("products", b.product.id, "generateInstances"));
    expectNotFound(await merchant.recordAction("products", b.product.id, "generateInstances", { choices: "[]", stock: "5" }));
    expectNotFound(await merchant.recordAction("products", b.product.id, "images"));
    expectNotFound(await merchant.recordAction("products", b.product.id, "images", { deleteMediaId: b.product.id }));

    expectRefused(
      await merchant.bulk(
        "instances",
        "bulkStock",
        b.instances.map((instance) => instance.id),
        { mode: "set", amount: "0" },
      ),
    );
    // Mixed with A's: only A's are found, and only they change.
    await merchant.bulk("instances", "bulkStock", [a.instances[0]!.id, b.instances[0]!.id], { mode: "set", amount: "7" });
    expect((await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: a.instances[0]!.id })).stock).toBe(7);
    expect(
      (await test.platform.dataSource.getRepository(ProductInstance).findBy({ storeId: b.store.id })).map((instance) => instance.stock),
    ).toEqual(b.instances.map(() => 2));

    expectNotFound(await merchant.recordAction("stores", b.store.id, "suspend", { confirmed: "true" }));
    expectRefused(await merchant.recordAction("stores", a.store.id, "suspend", { confirmed: "true" }));
    expect((await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: a.store.id })).status).toBe("active");
  });

  it("cannot upload to store B's product or logo", async () => {
    const image = new Blob([await photo(64, 64)], { type: "image/jpeg" });
    for (const path of [`/uploads/products/${b.product.id}`, `/uploads/stores/${b.store.id}/logo`]) {
      const form = new FormData();
      form.append("file", image, "photo.jpg");
      const refused = await merchant.post(path, form);
      expect(refused.status, path).toBe(404);
      expect(refused.body.error.message).toMatch(/پیدا نشد/);
    }
    const form = new FormData();
    form.append("file", image, "photo.jpg");
    const mine = await merchant.post(`/uploads/products/${a.product.id}`, form);
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ productId: a.product.id, status: "pending" });
    expect(await test.platform.dataSource.query(`SELECT store_id FROM media`)).toEqual([{ store_id: a.store.id }]);
  });

  it("sees store A only on the dashboard", async () => {
    await test.platform.dataSource.getRepository(ProductInstance).update({ storeId: b.store.id }, { stock: 1 });
    const dashboard = await merchant.get("/api/dashboard");
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.stores.map((store: { id: string }) => store.id)).toEqual([a.store.id]);
    expect(dashboard.body.lowStock.map((row: { instanceId: string }) => row.instanceId)).not.toEqual(
      expect.arrayContaining([b.instances[0]!.id]),
    );
    expect(dashboard.body.orders).toEqual({
      available: true,
      today: { orders: 0, revenueRials: 0 },
      month: { orders: 0, revenueRials: 0 },
    });
  });
});

describe("platform staff", () => {
  it("see every store's rows", async () => {
    for (const spec of resources()) {
      const list = await staff.list(spec.resource);
      const stores = new Set(
        (list.body.records as Array<{ params: Record<string, unknown> }>).map((record) => storeOf(spec.resource, record.params)),
      );
      expect(stores.has(a.store.id) && stores.has(b.store.id), spec.resource).toBe(true);
      expect((await staff.show(spec.resource, spec.theirs)).body.record.params).toBeTruthy();
    }
    for (const name of ["tenants", "users", "members"]) expect((await staff.list(name)).body.meta.total).toBeGreaterThan(1);
    const dashboard = await staff.get("/api/dashboard");
    expect(dashboard.body.staff).toBe(true);
    expect(dashboard.body.platform).toMatchObject({ stores: 2, tenants: 2 });
  });

  it("suspend and resume a store", async () => {
    const suspended = await staff.recordAction("stores", b.store.id, "suspend", { confirmed: "true" });
    expect(suspended.body.notice).toMatchObject({ type: "success", message: "storeSuspended" });
    expect((await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: b.store.id })).status).toBe("suspended");
    // A GET shows the confirmation page; it changes nothing.
    await staff.recordAction("stores", b.store.id, "resume");
    expect((await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: b.store.id })).status).toBe("suspended");
    await staff.recordAction("stores", b.store.id, "resume", { confirmed: "true" });
    expect((await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: b.store.id })).status).toBe("active");
    const events = await test.platform.dataSource.query(
      `SELECT payload->>'status' AS status FROM outbox WHERE store_id = $1 AND type = 'store.changed' ORDER BY id`,
      [b.store.id],
    );
    expect(events.map((event: { status: string | null }) => event.status).filter(Boolean)).toEqual(["suspended", "active"]);
  });
});
