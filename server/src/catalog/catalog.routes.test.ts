import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { catalogRoutes } from "./catalog.routes.js";
import type { Category } from "./category.entity.js";
import type { Product } from "./product.entity.js";

const test = useTestPlatform();
let server: TestServer;
let books: Store;
let furniture: Store;
let novels: Category;
let fiction: Category;
let shahnameh: Product;
let desk: Product;
let hidden: Product;

const host = (store: Store) => `${store.slug}.mall.localhost`;
const get = (store: Store, path: string) => server.request("GET", path, { host: host(store) });

beforeAll(async () => {
  const { dataSource } = test.platform;
  books = await buildStore(dataSource, { name: "کتاب‌فروشی" });
  furniture = await buildStore(dataSource, { name: "مبل‌فروشی" });
  fiction = await buildCategory(dataSource, books.id, { name: "Fiction", nameFa: "داستان", slug: "fiction", isCategorizer: true });
  novels = await buildCategory(dataSource, books.id, { name: "Novels", nameFa: "رمان", slug: "novels", parentId: fiction.id });
  await buildCategory(dataSource, books.id, { name: "Art", nameFa: "هنر", slug: "art" });
  const cover = await buildAttribute(dataSource, books.id, fiction.id, {
    name: "cover",
    nameFa: "جلد",
    type: "custom",
    isCategorizer: true,
    values: [
      { value: "hard", valueFa: "گالینگور", sortOrder: 1 },
      { value: "soft", valueFa: "شومیز", sortOrder: 2 },
    ],
  });
  shahnameh = await buildProduct(dataSource, books.id, {
    categoryId: novels.id,
    name: "Shahnameh",
    nameFa: "کتاب شاهنامه",
    slug: "shahnameh",
    basePrice: 12_500_000,
    stock: 4,
    attributes: [{ attributeId: cover.attribute.id, valueIds: cover.values.map((value) => value.id) }],
  });
  hidden = await buildProduct(dataSource, books.id, { categoryId: novels.id, nameFa: "کتاب پنهان", slug: "hidden", isActive: false });
  desk = await buildProduct(dataSource, furniture.id, { name: "Desk", nameFa: "میز تحریر", slug: "desk", basePrice: 30_000_000 });
  await buildCategory(dataSource, furniture.id, { name: "Tables", nameFa: "میزها", slug: "tables" });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

describe("the public catalog", () => {
  it("serves the category tree, siblings by name", async () => {
    const res = await get(books, "/api/v1/categories");
    expect(res.status).toBe(200);
    expect(res.body.items.map((node: { slug: string }) => node.slug)).toEqual(["art", "fiction"]);
    expect(res.body.items[1]).toMatchObject({
      slug: "fiction",
      isCategorizer: true,
      depth: 0,
      children: [{ slug: "novels", depth: 1, children: [] }],
    });
  });

  it("serves a category page with breadcrumbs, attributes and the products of its subtree", async () => {
    const res = await get(books, "/api/v1/categories/novels");
    expect(res.status).toBe(200);
    expect(res.body.category).toMatchObject({ slug: "novels", parentId: fiction.id });
    expect(res.body.ancestors.map((c: { slug: string }) => c.slug)).toEqual(["fiction"]);
    expect(res.body.attributes.map((a: { name: string }) => a.name)).toEqual(["cover"]);
    expect(res.body.attributes[0].values.map((v: { valueFa: string }) => v.valueFa)).toEqual(["گالینگور", "شومیز"]);
    const parent = await get(books, `/api/v1/categories/${fiction.id}?inStock=true`);
    expect(parent.body.children.map((c: { slug: string }) => c.slug)).toEqual(["novels"]);
    expect(parent.body.products.items.map((p: { slug: string }) => p.slug)).toEqual(["shahnameh"]);
  });

  it("searches in Persian whatever keyboard was used", async () => {
    const res = await get(books, `/api/v1/products?q=${encodeURIComponent("كتاب")}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { slug: string }) => p.slug)).toEqual(["shahnameh"]);
    expect(res.body.items[0]).toMatchObject({ basePrice: 12_500_000, minPrice: 12_500_000, inStock: true });
    expect(res.body.nextCursor).toBeNull();
    const filtered = await get(books, `/api/v1/products?attr=${encodeURIComponent("cover:soft")}&category=fiction&sort=price_asc`);
    expect(filtered.body.items.map((p: { slug: string }) => p.slug)).toEqual(["shahnameh"]);
  });

  it("serves a product by id or slug with its attributes and active instances", async () => {
    const byId = await get(books, `/api/v1/products/${shahnameh.id}`);
    expect(byId.status).toBe(200);
    const bySlug = await get(books, "/api/v1/products/shahnameh");
    expect(bySlug.body.id).toBe(shahnameh.id);
    expect(byId.body.category.slug).toBe("novels");
    expect(byId.body.instances).toHaveLength(2);
    expect(byId.body.instances[0]).toMatchObject({ price: null, effectivePrice: 12_500_000, stock: 4, isActive: true });
    expect(byId.body.instances.map((i: { attributes: Array<{ value: string }> }) => i.attributes[0]!.value).sort()).toEqual([
      "شومیز",
      "گالینگور",
    ]);
    expect(byId.body.attributes[0]).toMatchObject({ name: "cover", chosenValueIds: expect.any(Array) });
    expect((await get(books, `/api/v1/products/${hidden.id}`)).status).toBe(404);
  });

  it("searches as the shopper types: the exact name first, close spellings of Persian names, and categories", async () => {
    const other = await buildProduct(test.platform.dataSource, books.id, {
      categoryId: novels.id,
      name: "Shahnameh stories",
      nameFa: "قصه‌های شاهنامه",
      slug: "shahnameh-stories",
      basePrice: 5_000_000,
    });
    const exact = await get(books, `/api/v1/search?q=${encodeURIComponent("کتاب شاهنامه")}`);
    expect(exact.status).toBe(200);
    expect(exact.body.products[0]).toMatchObject({ id: shahnameh.id, match: "exact", minPrice: 12_500_000, inStock: true });
    const words = await get(books, `/api/v1/search?q=${encodeURIComponent("شاهنامه")}`);
    expect(words.body.products.map((p: { id: string }) => p.id).sort()).toEqual([shahnameh.id, other.id].sort());
    // A letter missing: no product holds «شانامه», the close spelling finds them.
    const typo = await get(books, `/api/v1/search?q=${encodeURIComponent("شانامه")}`);
    expect(typo.body.products.length).toBeGreaterThan(0);
    expect(typo.body.products.every((p: { match: string }) => p.match === "close")).toBe(true);
    expect(typo.body.products.map((p: { id: string }) => p.id)).toContain(shahnameh.id);
    const category = await get(books, `/api/v1/search?q=${encodeURIComponent("رمان")}`);
    expect(category.body.categories).toEqual([{ id: novels.id, slug: "novels", nameFa: "رمان" }]);
    expect((await get(furniture, `/api/v1/search?q=${encodeURIComponent("شاهنامه")}`)).body.products).toEqual([]);
  });

  it("answers live prices for listing cards: this store's active products only", async () => {
    const res = await get(books, `/api/v1/products/prices?ids=${shahnameh.id},${hidden.id},${desk.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([{ id: shahnameh.id, price: 12_500_000, inStock: true }]);
  });
});

describe("tenancy", () => {
  it("never shows another store's products or categories", async () => {
    const product = await get(books, `/api/v1/products/${desk.id}`);
    expect(product.status).toBe(404);
    expect(product.body.error.code).toBe("product_not_found");
    expect((await get(books, "/api/v1/products/desk")).status).toBe(404);
    const category = await get(furniture, "/api/v1/categories/novels");
    expect(category.status).toBe(404);
    expect(category.body.error.code).toBe("category_not_found");
    const list = await get(furniture, `/api/v1/products?q=${encodeURIComponent("کتاب")}`);
    expect(list.body.items).toEqual([]);
    const tree = await get(furniture, "/api/v1/categories");
    const slugs = tree.body.items.map((node: { slug: string }) => node.slug);
    expect(slugs).toContain("tables");
    expect(slugs).not.toContain("fiction");
    expect(tree.text).not.toContain("رمان");
    const byHeader = await server.request("GET", `/api/v1/products/${desk.id}`, { headers: { "X-Store": books.slug } });
    expect(byHeader.status).toBe(404);
    const filterOther = await get(furniture, "/api/v1/products?category=novels");
    expect(filterOther.status).toBe(404);
    expect(filterOther.body.error.field).toBe("category");
  });
});

describe("bad input", () => {
  it.each([
    ["/api/v1/products?limit=0", "limit"],
    ["/api/v1/products?limit=abc", "limit"],
    ["/api/v1/products?sort=cheapest", "sort"],
    ["/api/v1/products?minPrice=-5", "minPrice"],
    ["/api/v1/products?inStock=maybe", "inStock"],
    ["/api/v1/products?cursor=garbage", "cursor"],
    ["/api/v1/products?attr=red", "attr.0"],
    ["/api/v1/products/prices", "ids"],
    ["/api/v1/search", "q"],
    ["/api/v1/search?q=a&limit=500", "limit"],
    ["/api/v1/products/prices?ids=abc", "ids.0"],
  ])("%s → 400 naming %s", async (path, field) => {
    const res = await get(books, path);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(/[\u0600-\u06ff]/);
  });

  it("refuses a view of something that is not a product id", async () => {
    const res = await server.request("POST", "/api/v1/products/not-a-uuid/view", { host: host(books) });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("id");
  });
});

describe("product views", () => {
  it("counts a view of an active product of this store only", async () => {
    const res = await server.request("POST", `/api/v1/products/${shahnameh.id}/view`, { host: host(books) });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ counted: true });
    expect((await server.request("POST", `/api/v1/products/${desk.id}/view`, { host: host(books) })).status).toBe(404);
    expect(await test.platform.redis.hget("catalog:views", `${books.id}:${shahnameh.id}`)).toBe("1");
  });

  it("limits how often one address may count views", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++)
      statuses.push((await server.request("POST", `/api/v1/products/${shahnameh.id}/view`, { host: host(books) })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 202).length).toBeLessThanOrEqual(60);
  });
});

describe("the OpenAPI document", () => {
  it("documents every catalog route", async () => {
    const doc = (await server.request("GET", "/api/openapi.json")).body;
    const routes = catalogRoutes(test.platform);
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      const path = `/api/v1${route.path}`.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      expect(doc.paths[path]?.[route.method], `${route.method.toUpperCase()} ${path}`).toBeDefined();
    }
    const list = doc.paths["/api/v1/products"].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["q", "category", "attr", "minPrice", "maxPrice", "inStock", "sort", "cursor", "limit"]),
    );
    expect(doc.components.schemas.CategoryNode).toBeDefined();
  });
});
