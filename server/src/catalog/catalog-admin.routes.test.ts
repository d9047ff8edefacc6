import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { StoreMember } from "../tenancy/store-member.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser, signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { catalogAdminRoutes } from "./catalog-admin.routes.js";

const test = useTestPlatform();
let server: TestServer;
let shirts: Store;
let teas: Store;
let owner: User;
let manager: User;
let teasOwner: User;
let staff: User;

beforeAll(async () => {
  const { dataSource } = test.platform;
  owner = await buildUser(dataSource);
  manager = await buildUser(dataSource);
  teasOwner = await buildUser(dataSource);
  staff = await buildUser(dataSource, { isStaff: true });
  shirts = await buildStore(dataSource, { name: "پیراهن‌فروشی", ownerPhone: owner.phone });
  teas = await buildStore(dataSource, { name: "چای‌فروشی", ownerPhone: teasOwner.phone });
  await dataSource.getRepository(StoreMember).insert({ storeId: shirts.id, userId: manager.id, role: "manager" });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

const as = (user: User) => bearer(test.config, user);
const call = (user: User | null, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, { headers: user ? as(user) : {}, ...(body === undefined ? {} : { body }) });
const events = async (storeId: string, type: string) =>
  (await test.platform.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE store_id = $1 AND type = $2`, [storeId, type]))[0]
    .n as number;

describe("a merchant managing their catalog", () => {
  it("builds a category tree, attributes, a product with 3 × 4 instances, and regenerates keeping stock", async () => {
    const s = `/stores/${shirts.id}`;
    const clothing = await call(owner, "POST", `${s}/categories`, { name: "Clothing", nameFa: "پوشاک", isCategorizer: true });
    expect(clothing.status).toBe(201);
    expect(clothing.body).toMatchObject({ slug: "clothing", parentId: null, isCategorizer: true });
    const tees = await call(manager, "POST", `${s}/categories`, { name: "T-shirts", nameFa: "تی‌شرت", parentId: clothing.body.id });
    expect(tees.status).toBe(201);
    expect(tees.body).toMatchObject({ slug: "t-shirts", depth: 1 });

    const color = await call(owner, "POST", `${s}/categories/${clothing.body.id}/attributes`, {
      name: "color",
      nameFa: "رنگ",
      type: "color",
      isCategorizer: true,
      isRequired: true,
      values: [
        { value: "red", valueFa: "قرمز", hex: "#FF0000" },
        { value: "blue", valueFa: "آبی", hex: "#0000ff" },
        { value: "black", valueFa: "مشکی", hex: "#000000" },
      ],
    });
    expect(color.status).toBe(201);
    expect(color.body.values.map((v: { hex: string }) => v.hex)).toContain("#ff0000");
    const size = await call(owner, "POST", `${s}/categories/${clothing.body.id}/attributes`, {
      name: "size",
      nameFa: "سایز",
      type: "size",
      isCategorizer: true,
      values: ["s", "m", "l", "xl"].map((value, sortOrder) => ({ value, valueFa: value.toUpperCase(), sortOrder })),
    });
    expect(size.status).toBe(201);
    const inherited = await call(owner, "GET", `${s}/categories/${tees.body.id}/attributes`);
    expect(inherited.body.items.map((a: { name: string }) => a.name)).toEqual(["color", "size"]);

    const valueIds = (attribute: { values: Array<{ id: string }> }) => attribute.values.map((value) => value.id);
    const created = await call(owner, "POST", `${s}/products`, {
      categoryId: tees.body.id,
      name: "Basic tee",
      nameFa: "تی‌شرت ساده",
      basePrice: 4_500_000,
      stock: 10,
      attributes: [
        { attributeId: color.body.id, valueIds: valueIds(color.body) },
        { attributeId: size.body.id, valueIds: valueIds(size.body) },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.slug).toBe("basic-tee");
    expect(created.body.instances).toHaveLength(12);
    const first = created.body.instances[0];

    const sold = await call(owner, "PATCH", `${s}/instances/${first.id}`, { stockDelta: -3, price: 5_000_000, sku: "TEE-FIRST" });
    expect(sold.status).toBe(200);
    expect(sold.body).toMatchObject({ id: first.id, stock: 7, price: 5_000_000, effectivePrice: 5_000_000, sku: "TEE-FIRST" });

    const green = await call(owner, "POST", `${s}/attributes/${color.body.id}/values`, { value: "green", valueFa: "سبز", hex: "#00ff00" });
    expect(green.status).toBe(201);
    const updated = await call(owner, "PATCH", `${s}/products/${created.body.id}`, {
      attributes: [
        { attributeId: color.body.id, valueIds: [...valueIds(color.body), green.body.id] },
        { attributeId: size.body.id, valueIds: valueIds(size.body) },
      ],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.instances).toHaveLength(16);
    expect(updated.body.instances.find((i: { id: string }) => i.id === first.id)).toMatchObject({ stock: 7, sku: "TEE-FIRST" });
    const regenerated = await call(owner, "POST", `${s}/products/${created.body.id}/instances/generate`, { stock: 2 });
    expect(regenerated.body).toMatchObject({ created: 0, deactivated: 0 });

    const publicView = await server.request("GET", `/api/v1/products/${created.body.id}`, { headers: { "X-Store": shirts.slug } });
    expect(publicView.body.instances).toHaveLength(16);
    const gone = await call(owner, "DELETE", `${s}/instances/${first.id}`);
    expect(gone.body.isActive).toBe(false);
    expect(
      (await server.request("GET", `/api/v1/products/${created.body.id}`, { headers: { "X-Store": shirts.slug } })).body.instances,
    ).toHaveLength(15);

    const deactivated = await call(owner, "DELETE", `${s}/products/${created.body.id}`);
    expect(deactivated.body.isActive).toBe(false);
    expect((await server.request("GET", `/api/v1/products/${created.body.id}`, { headers: { "X-Store": shirts.slug } })).status).toBe(404);
    const merchantList = await call(owner, "GET", `${s}/products`);
    expect(merchantList.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);

    const cycle = await call(owner, "POST", `${s}/categories/${clothing.body.id}/move`, { parentId: tees.body.id });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error).toMatchObject({ code: "category_cycle", field: "parentId" });
    const notEmpty = await call(owner, "DELETE", `${s}/categories/${tees.body.id}`);
    expect(notEmpty.status).toBe(409);
    const moved = await call(owner, "POST", `${s}/categories/${tees.body.id}/move`, { parentId: null });
    expect(moved.body).toMatchObject({ parentId: null, depth: 0 });
    const tree = await call(owner, "GET", `${s}/categories`);
    expect(tree.body.items.map((c: { slug: string }) => c.slug)).toEqual(["clothing", "t-shirts"]);
  });

  it("writes an outbox row for every change, in the change's transaction", async () => {
    const s = `/stores/${shirts.id}`;
    const before = {
      category: await events(shirts.id, "category.changed"),
      attribute: await events(shirts.id, "attribute.changed"),
      product: await events(shirts.id, "product.changed"),
      instance: await events(shirts.id, "instance.changed"),
    };
    const category = await call(owner, "POST", `${s}/categories`, { name: "Hats", nameFa: "کلاه" });
    const attribute = await call(owner, "POST", `${s}/categories/${category.body.id}/attributes`, {
      name: "brim",
      nameFa: "لبه",
      type: "custom",
      values: [{ value: "wide", valueFa: "پهن" }],
    });
    const product = await call(owner, "POST", `${s}/products`, {
      categoryId: category.body.id,
      name: "Panama",
      nameFa: "کلاه پاناما",
      basePrice: 1_000_000,
    });
    await call(owner, "PATCH", `${s}/instances/${product.body.instances[0].id}`, { stock: 4 });
    expect(await events(shirts.id, "category.changed")).toBe(before.category + 1);
    expect(await events(shirts.id, "attribute.changed")).toBe(before.attribute + 1);
    expect(await events(shirts.id, "product.changed")).toBe(before.product + 2); // created, then its instances
    expect(await events(shirts.id, "instance.changed")).toBe(before.instance + 2); // the stock move and the save
    expect(attribute.status).toBe(201);

    const refused = await call(owner, "POST", `${s}/products`, {
      categoryId: category.body.id,
      name: "Panama",
      nameFa: "دوباره",
      slug: product.body.slug,
      basePrice: 1,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.field).toBe("slug");
    expect(await events(shirts.id, "product.changed")).toBe(before.product + 2);
  });

  it("keeps only safe rich text in a description, whoever writes it", async () => {
    const s = `/stores/${shirts.id}`;
    const category = await call(owner, "POST", `${s}/categories`, { name: "Gloves", nameFa: "دستکش" });
    const hostile =
      '<p onclick="steal()">گرم <b>و</b> نرم</p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">لینک</a><iframe src="//evil"></iframe>';
    const created = await call(owner, "POST", `${s}/products`, {
      categoryId: category.body.id,
      name: "Gloves",
      nameFa: "دستکش",
      basePrice: 1_000,
      description: hostile,
    });
    expect(created.status).toBe(201);
    expect(created.body.description).toBe("<p>گرم <strong>و</strong> نرم</p><a>لینک</a>");
    const updated = await call(owner, "PATCH", `${s}/products/${created.body.id}`, {
      description: '<h1 style="x">عنوان</h1><svg onload="alert(4)"></svg>',
    });
    expect(updated.body.description).toBe("<h2>عنوان</h2>");
  });

  it("takes a product with no Latin name: its slug from the Persian name, its SKU from its id; a Latin name can be added and cleared", async () => {
    const s = `/stores/${shirts.id}`;
    const category = await call(owner, "POST", `${s}/categories`, { name: "Scarves", nameFa: "شال و روسری" });
    const scarf = await call(owner, "POST", `${s}/products`, {
      categoryId: category.body.id,
      nameFa: "روسری نخی گل‌دار",
      basePrice: 900_000,
    });
    expect(scarf.status).toBe(201);
    expect(scarf.body).toMatchObject({ name: null, nameFa: "روسری نخی گل‌دار", slug: "روسری-نخی-گل-دار" });
    expect(scarf.body.instances[0].sku).toMatch(/^P[0-9A-F]{8}$/);
    // An empty or blank Latin name is none, not a name of spaces.
    const blank = await call(owner, "POST", `${s}/products`, {
      categoryId: category.body.id,
      name: "   ",
      nameFa: "شال پشمی",
      basePrice: 1,
    });
    expect(blank.status).toBe(201);
    expect(blank.body).toMatchObject({ name: null, slug: "شال-پشمی" });
    const named = await call(owner, "PATCH", `${s}/products/${scarf.body.id}`, { name: "Floral cotton scarf" });
    expect(named.body.name).toBe("Floral cotton scarf");
    // The slug stays: renaming never moves a product's address.
    expect(named.body.slug).toBe("روسری-نخی-گل-دار");
    const cleared = await call(owner, "PATCH", `${s}/products/${scarf.body.id}`, { name: "" });
    expect(cleared.status).toBe(200);
    expect(cleared.body.name).toBeNull();
    expect((await call(owner, "PATCH", `${s}/products/${scarf.body.id}`, { name: null })).body.name).toBeNull();
    // The shoppers' read and search say null, too.
    const read = await server.request("GET", `/api/v1/products/${scarf.body.id}`, { headers: { "x-store": shirts.slug } });
    expect(read.body.name).toBeNull();
    // Too long is still refused, naming the field.
    const long = await call(owner, "POST", `${s}/products`, {
      categoryId: category.body.id,
      name: "x".repeat(201),
      nameFa: "شال",
      basePrice: 1,
    });
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe("name");
  });

  it("answers a taken SKU with 409 naming sku, and stock below zero with 409", async () => {
    const s = `/stores/${shirts.id}`;
    const category = await call(owner, "POST", `${s}/categories`, { name: "Socks", nameFa: "جوراب" });
    const a = await call(owner, "POST", `${s}/products`, {
      categoryId: category.body.id,
      name: "Sock A",
      nameFa: "جوراب الف",
      basePrice: 1,
      stock: 1,
    });
    const b = await call(owner, "POST", `${s}/products`, { categoryId: category.body.id, name: "Sock B", nameFa: "جوراب ب", basePrice: 1 });
    const taken = await call(owner, "PATCH", `${s}/instances/${b.body.instances[0].id}`, { sku: a.body.instances[0].sku });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "sku_taken", field: "sku" });
    const oversold = await call(owner, "PATCH", `${s}/instances/${a.body.instances[0].id}`, { stockDelta: -2 });
    expect(oversold.status).toBe(409);
    expect(oversold.body.error.code).toBe("insufficient_stock");
  });
});

describe("who may change a store's catalog", () => {
  it("nobody signed in gets 401", async () => {
    const res = await call(null, "POST", `/stores/${shirts.id}/categories`, { name: "X", nameFa: "ایکس" });
    expect(res.status).toBe(401);
  });

  it("a merchant of another store gets the 404 of a store that does not exist, and changes nothing", async () => {
    const before = await events(shirts.id, "category.changed");
    const res = await call(teasOwner, "POST", `/stores/${shirts.id}/categories`, { name: "Intruder", nameFa: "نفوذی" });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("store_not_found");
    expect((await call(teasOwner, "GET", `/stores/${shirts.id}/products`)).status).toBe(404);
    expect(await events(shirts.id, "category.changed")).toBe(before);
    const ownCategory = await call(owner, "POST", `/stores/${shirts.id}/categories`, { name: "Mine", nameFa: "مال من" });
    // Their own store's URL with the other store's category id: not found either.
    const sideways = await call(teasOwner, "PATCH", `/stores/${teas.id}/categories/${ownCategory.body.id}`, { nameFa: "دزدی" });
    expect(sideways.status).toBe(404);
    expect(sideways.body.error.code).toBe("category_not_found");
  });

  it("a customer signed in at the store gets 401: a store's token is no merchant's token", async () => {
    const shopper = await signInThroughApi(server, test.platform, { host: `${shirts.slug}.mall.localhost`, storeId: shirts.id });
    const res = await server.request("POST", `/api/v1/stores/${shirts.id}/categories`, {
      headers: { Authorization: `Bearer ${shopper.accessToken}` },
      body: { name: "X", nameFa: "ایکس" },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("token_wrong_audience");
  });

  it("platform staff may change any store, and get 404 for a store that does not exist", async () => {
    expect((await call(staff, "POST", `/stores/${teas.id}/categories`, { name: "Green tea", nameFa: "چای سبز" })).status).toBe(201);
    const missing = await call(staff, "POST", "/stores/00000000-0000-4000-8000-000000000000/categories", { name: "X", nameFa: "ایکس" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("store_not_found");
  });
});

describe("bad input", () => {
  it.each([
    ["POST", "/categories", { name: "", nameFa: "خالی" }, "name"],
    ["POST", "/categories", { name: "A", nameFa: "الف", parentId: "nope" }, "parentId"],
    ["POST", "/categories", { name: "A", nameFa: "الف", slug: "has space" }, "slug"],
    ["POST", "/products", { categoryId: "00000000-0000-4000-8000-000000000000", name: "A", nameFa: "الف", basePrice: -1 }, "basePrice"],
    ["POST", "/products", { categoryId: "00000000-0000-4000-8000-000000000000", name: "A", nameFa: "الف", basePrice: 1.5 }, "basePrice"],
    ["POST", "/products", { categoryId: "00000000-0000-4000-8000-000000000000", name: "A", nameFa: "الف", basePrice: 1 }, "categoryId"],
    ["POST", "/products", { name: "A", nameFa: "الف", basePrice: 1, categoryId: "x" }, "categoryId"],
  ])("%s %s %j → 4xx naming %s", async (method, path, body, field) => {
    const res = await call(owner, method, `/stores/${shirts.id}${path}`, body);
    expect([400, 404]).toContain(res.status);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(/[\u0600-\u06ff]/);
  });

  it("names the field inside a product's attribute choices", async () => {
    const category = await call(owner, "POST", `/stores/${shirts.id}/categories`, { name: "Bags", nameFa: "کیف" });
    const res = await call(owner, "POST", `/stores/${shirts.id}/products`, {
      categoryId: category.body.id,
      name: "Bag",
      nameFa: "کیف",
      basePrice: 1,
      attributes: [{ attributeId: "00000000-0000-4000-8000-000000000000", valueIds: ["bad"] }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("attributes.0.valueIds.0");
    const stock = await call(owner, "PATCH", `/stores/${shirts.id}/instances/00000000-0000-4000-8000-000000000000`, { stock: -1 });
    expect(stock.status).toBe(400);
    expect(stock.body.error.field).toBe("stock");
    const both = await call(owner, "PATCH", `/stores/${shirts.id}/instances/00000000-0000-4000-8000-000000000000`, {
      stock: 1,
      stockDelta: 1,
    });
    expect(both.body.error.field).toBe("stockDelta");
    const store = await call(owner, "GET", "/stores/not-a-store/categories");
    expect(store.status).toBe(400);
    expect(store.body.error.field).toBe("storeId");
  });
});

describe("the OpenAPI document", () => {
  it("documents every merchant catalog route, behind the bearer scheme", async () => {
    const doc = (await server.request("GET", "/api/openapi.json")).body;
    for (const route of catalogAdminRoutes(test.platform)) {
      const path = `/api/v1${route.path}`.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      const operation = doc.paths[path]?.[route.method];
      expect(operation, `${route.method.toUpperCase()} ${path}`).toBeDefined();
      expect(operation.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["401", "404"]));
    }
  });
});
