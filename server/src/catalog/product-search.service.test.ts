import { beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "../test/factories.js";
import { useTestPlatform } from "../test/test-platform.js";
import type { AttributeWithValues } from "./attribute.service.js";
import { InvalidCursorError } from "./catalog.errors.js";
import type { ProductQuery } from "./catalog.schemas.js";
import type { Category } from "./category.entity.js";
import { adjustStock } from "./instance.service.js";
import { ProductInstance } from "./product-instance.entity.js";
import { listProducts, type ProductSummary } from "./product-search.service.js";
import { Product } from "./product.entity.js";

const test = useTestPlatform();
let store: Store;
let other: Store;
let furniture: Category;
let desks: Category;
let books: Category;
let color: AttributeWithValues;

const list = (query: Partial<ProductQuery> & Record<string, unknown> = {}, storeId = store.id) =>
  listProducts(systemContext(test.platform.dataSource.manager, "test"), storeId, query);
const names = (items: ProductSummary[]) => items.map((item) => item.nameFa).sort();
const sorted = (expected: string[]) => [...expected].sort();

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource);
  other = await buildStore(dataSource);
  furniture = await buildCategory(dataSource, store.id, { name: "Furniture", nameFa: "مبلمان" });
  desks = await buildCategory(dataSource, store.id, { name: "Desks", nameFa: "میز", parentId: furniture.id });
  books = await buildCategory(dataSource, store.id, { name: "Books", nameFa: "کتاب" });
  color = await buildAttribute(dataSource, store.id, furniture.id, {
    name: "color",
    nameFa: "رنگ",
    type: "color",
    isCategorizer: true,
    values: [
      { value: "red", valueFa: "قرمز", hex: "#ff0000" },
      { value: "walnut", valueFa: "گردویی", hex: "#5d4037" },
    ],
  });
  const [red, walnut] = color.values;
  // Stored with Persian letters, ZWNJ and Persian digits; searched below the way people actually type.
  await buildProduct(dataSource, store.id, {
    categoryId: desks.id,
    name: "Study desk",
    nameFa: "میز تحریر ۱۲۰ سانتی",
    basePrice: 30_000_000,
    stock: 2,
    attributes: [{ attributeId: color.attribute.id, valueIds: [walnut!.id] }],
  });
  await buildProduct(dataSource, store.id, {
    categoryId: furniture.id,
    name: "Bookshelf",
    nameFa: "کتاب‌خانهٔ چوبی",
    basePrice: 45_000_000,
    stock: 0,
    attributes: [{ attributeId: color.attribute.id, valueIds: [red!.id, walnut!.id] }],
  });
  await buildProduct(dataSource, store.id, {
    categoryId: books.id,
    name: "Shahnameh",
    nameFa: "كتاب شاهنامه فردوسي",
    basePrice: 12_000_000,
    stock: 5,
  });
  await buildProduct(dataSource, store.id, {
    categoryId: books.id,
    name: "Divan of Hafez",
    nameFa: "دیوان حافظ",
    basePrice: 8_000_000,
    stock: 1,
    isActive: false,
  });
  await buildProduct(dataSource, other.id, { name: "Other store desk", nameFa: "میز فروشگاه دیگر", basePrice: 1_000 });
});

describe("searching products", () => {
  it.each([
    ["كتاب", ["كتاب شاهنامه فردوسي", "کتاب‌خانهٔ چوبی"]],
    ["کتاب", ["كتاب شاهنامه فردوسي", "کتاب‌خانهٔ چوبی"]],
    ["ميز", ["میز تحریر ۱۲۰ سانتی"]],
    ["کتابخانه", ["کتاب‌خانهٔ چوبی"]],
    ["کتاب خانه", ["کتاب‌خانهٔ چوبی"]],
    ["كتاب‌خانه", ["کتاب‌خانهٔ چوبی"]],
    ["میز 120", ["میز تحریر ۱۲۰ سانتی"]],
    ["میز ١٢٠", ["میز تحریر ۱۲۰ سانتی"]],
    ["مـيـز", ["میز تحریر ۱۲۰ سانتی"]],
    ["فردوسی", ["كتاب شاهنامه فردوسي"]],
    ["STUDY desk", ["میز تحریر ۱۲۰ سانتی"]],
    ["حافظ", []],
    ["ناموجود", []],
  ])("«%s» finds %j", async (q, expected) => {
    expect(names((await list({ q })).items)).toEqual(sorted(expected));
  });

  it("never finds another store's products", async () => {
    expect(names((await list({ q: "میز" })).items)).not.toContain("میز فروشگاه دیگر");
    expect(names((await list({ q: "میز" }, other.id)).items)).toEqual(sorted(["میز فروشگاه دیگر"]));
  });
});

describe("filtering products", () => {
  it("by a category's whole subtree, by slug or id", async () => {
    expect(names((await list({ category: furniture.slug })).items)).toEqual(sorted(["کتاب‌خانهٔ چوبی", "میز تحریر ۱۲۰ سانتی"]));
    expect(names((await list({ category: desks.id })).items)).toEqual(sorted(["میز تحریر ۱۲۰ سانتی"]));
    await expect(list({ category: "no-such-category" })).rejects.toMatchObject({ kind: "not_found", field: "category" });
  });

  it("by attribute values, by key or Persian name", async () => {
    expect(names((await list({ attr: ["color:red"] })).items)).toEqual(sorted(["کتاب‌خانهٔ چوبی"]));
    expect(names((await list({ attr: ["color:red,walnut"] })).items)).toEqual(sorted(["کتاب‌خانهٔ چوبی", "میز تحریر ۱۲۰ سانتی"]));
    expect(names((await list({ attr: ["رنگ:گردويي"] })).items)).toEqual(sorted(["کتاب‌خانهٔ چوبی", "میز تحریر ۱۲۰ سانتی"]));
    expect((await list({ attr: ["color:purple"] })).items).toEqual([]);
  });

  it("by price range (Rials) and stock", async () => {
    expect(names((await list({ minPrice: 12_000_000, maxPrice: 30_000_000 })).items)).toEqual(
      sorted(["كتاب شاهنامه فردوسي", "میز تحریر ۱۲۰ سانتی"]),
    );
    expect(names((await list({ inStock: true })).items)).toEqual(sorted(["كتاب شاهنامه فردوسي", "میز تحریر ۱۲۰ سانتی"]));
    expect(names((await list({ inStock: false })).items)).toEqual(sorted(["کتاب‌خانهٔ چوبی"]));
  });

  it("shows inactive products only when asked (the back office)", async () => {
    const ctx = systemContext(test.platform.dataSource.manager, "test");
    expect((await listProducts(ctx, store.id, { q: "حافظ" }, { includeInactive: true })).items).toHaveLength(1);
  });
});

describe("sorting and pages", () => {
  it("sorts newest first, by price either way, and by views", async () => {
    expect((await list({ sort: "price_asc" })).items.map((item) => item.minPrice)).toEqual([12_000_000, 30_000_000, 45_000_000]);
    expect((await list({ sort: "price_desc" })).items.map((item) => item.minPrice)).toEqual([45_000_000, 30_000_000, 12_000_000]);
    const newest = (await list({ sort: "newest" })).items;
    expect(newest[0]!.nameFa).toBe("كتاب شاهنامه فردوسي");
    await test.platform.dataSource.getRepository(Product).update({ storeId: store.id, name: "Bookshelf" }, { viewCount: 50 });
    expect((await list({ sort: "popular" })).items[0]!.name).toBe("Bookshelf");
  });

  it("walks every sort page by page with a cursor, each product once", async () => {
    const many = await buildStore(test.platform.dataSource);
    const category = await buildCategory(test.platform.dataSource, many.id);
    for (let i = 0; i < 11; i++) {
      await buildProduct(test.platform.dataSource, many.id, { categoryId: category.id, basePrice: (i % 4) * 1000, name: `P${i}` });
    }
    for (const sort of ["newest", "price_asc", "price_desc", "popular"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await list({ sort, limit: 3, ...(cursor ? { cursor } : {}) }, many.id);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(new Set(seen).size).toBe(11);
    }
  });

  it("refuses a cursor it did not make, or one made for another sort", async () => {
    await expect(list({ cursor: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidCursorError);
    const page = await list({ sort: "newest", limit: 1 });
    await expect(list({ sort: "price_asc", cursor: page.nextCursor! })).rejects.toMatchObject({ field: "cursor" });
  });

  it("counts an instance as stock only while it is active", async () => {
    const product = await buildProduct(test.platform.dataSource, other.id, { stock: 0 });
    const [instance] = await test.platform.dataSource.getRepository(ProductInstance).findBy({ productId: product.id });
    await test.platform.dataSource.transaction((manager) => adjustStock(systemContext(manager, "test"), other.id, instance!.id, 2));
    expect((await list({ inStock: true }, other.id)).items.map((item) => item.id)).toContain(product.id);
  });
});
