import { AttributeValue, ProductAttribute } from "@mall/server/catalog/attribute.entity.js";
import { Category } from "@mall/server/catalog/category.entity.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { Product } from "@mall/server/catalog/product.entity.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "@mall/server/test/factories.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import { beforeAll, describe, expect, it } from "vitest";
import { sanitizeDescription } from "./sanitize.js";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * Every write goes through the domain services; what they refuse comes back
 * on the form's field in Persian and changes nothing. Checked through the
 * AdminJS API, against the database.
 */
const test = useAdminServer();
let store: Store;
let session: AdminSession;
let category: Category;
let product: Product;
let instances: ProductInstance[];

const persian = /[\u0600-\u06FF]/;

async function outboxCount(type: string): Promise<number> {
  const [row] = await test.platform.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE store_id = $1 AND type = $2`, [
    store.id,
    type,
  ]);
  return row.n;
}

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "کتاب‌فروشی" });
  const owner = (await dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  category = await buildCategory(dataSource, store.id, { nameFa: "کتاب", name: "Books", slug: "books" });
  const { attribute, values } = await buildAttribute(dataSource, store.id, category.id, {
    name: "cover",
    nameFa: "جلد",
    type: "custom",
    isCategorizer: true,
    values: [
      { value: "soft", valueFa: "شومیز" },
      { value: "hard", valueFa: "گالینگور" },
    ],
  });
  product = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    slug: "divan",
    attributes: [{ attributeId: attribute.id, valueIds: values.map((value) => value.id) }],
    stock: 4,
  });
  instances = await dataSource
    .getRepository(ProductInstance)
    .find({ where: { storeId: store.id, productId: product.id }, order: { sku: "ASC" } });
  session = await signInToAdmin(test.server, test.platform, owner.phone);
}, 60_000);

describe("bad input in a form", () => {
  it("a price that is not a number: a Persian error on basePrice, and no product", async () => {
    const before = await test.platform.dataSource.getRepository(Product).countBy({ storeId: store.id });
    const response = await session.create("products", {
      categoryId: category.id,
      nameFa: "گلستان",
      name: "Golestan",
      basePrice: "چهل هزار",
    });
    expect(response.body.record.errors.basePrice.message).toMatch(persian);
    expect(response.body.notice.type).toBe("error");
    expect(await test.platform.dataSource.getRepository(Product).countBy({ storeId: store.id })).toBe(before);
  });

  it("a product with no Latin name saves, its address from its Persian name; a Latin name emptied is none", async () => {
    const created = await session.create("products", { categoryId: category.id, nameFa: "بوستان سعدی", name: "", basePrice: "۱۸۰۰۰۰۰" });
    expect(created.body.notice, JSON.stringify(created.body.record?.errors)).toMatchObject({ type: "success" });
    const saved = await test.platform.dataSource.getRepository(Product).findOneByOrFail({ storeId: store.id, nameFa: "بوستان سعدی" });
    expect(saved).toMatchObject({ name: null, slug: "بوستان-سعدی" });
    // Not sent at all (the field never touched), the same.
    await session.create("products", { categoryId: category.id, nameFa: "گلستان سعدی", basePrice: "۱۲۰۰۰۰۰" });
    expect(
      await test.platform.dataSource.getRepository(Product).findOneByOrFail({ storeId: store.id, nameFa: "گلستان سعدی" }),
    ).toMatchObject({ name: null, slug: "گلستان-سعدی" });
    await session.edit("products", saved.id, { name: "Bustan" });
    expect((await test.platform.dataSource.getRepository(Product).findOneByOrFail({ id: saved.id })).name).toBe("Bustan");
    await session.edit("products", saved.id, { name: "" });
    expect((await test.platform.dataSource.getRepository(Product).findOneByOrFail({ id: saved.id })).name).toBeNull();
  });

  it("a name left empty, a slug already used: each on its field", async () => {
    const empty = await session.create("categories", { nameFa: "", name: "Poetry" });
    expect(empty.body.record.errors.nameFa.message).toBe("نام نمی‌تواند خالی باشد.");
    const taken = await session.create("categories", { nameFa: "شعر", name: "Poetry", slug: "books" });
    expect(taken.body.record.errors.slug.message).toMatch(/همین نامک/);
    expect(await test.platform.dataSource.getRepository(Category).countBy({ storeId: store.id })).toBe(1);
  });

  it("a color without its swatch: the error is on that value's row", async () => {
    const response = await session.create("attributes", {
      categoryId: category.id,
      nameFa: "رنگ",
      name: "color",
      type: "color",
      isCategorizer: "true",
      values: [
        { value: "red", valueFa: "قرمز", hex: "#ff0000" },
        { value: "blue", valueFa: "آبی", hex: "" },
      ],
    });
    expect(response.body.record.errors["values.1.hex"].message).toMatch(/کد رنگ/);
    expect(await test.platform.dataSource.getRepository(ProductAttribute).countBy({ storeId: store.id, name: "color" })).toBe(0);
  });

  it("a value removed from an attribute that products use: refused on the form, nothing changed", async () => {
    const attribute = await test.platform.dataSource.getRepository(ProductAttribute).findOneByOrFail({ storeId: store.id, name: "cover" });
    const values = await test.platform.dataSource
      .getRepository(AttributeValue)
      .find({ where: { attributeId: attribute.id }, order: { sortOrder: "ASC", value: "ASC" } });
    const response = await session.edit("attributes", attribute.id, {
      nameFa: "نوع جلد",
      values: [{ id: values[0]!.id, value: values[0]!.value, valueFa: values[0]!.valueFa }],
    });
    expect(response.body.notice.type).toBe("error");
    expect(response.body.notice.message).toMatch(/محصولاتی از این مورد استفاده می‌کنند/);
    expect((await test.platform.dataSource.getRepository(ProductAttribute).findOneByOrFail({ id: attribute.id })).nameFa).toBe("جلد");
    expect(await test.platform.dataSource.getRepository(AttributeValue).countBy({ attributeId: attribute.id })).toBe(2);
  });

  it("an instance's SKU already used in the store, or a negative stock: on the field, nothing changed", async () => {
    const [first, second] = instances;
    const taken = await session.edit("instances", first!.id, { sku: second!.sku });
    expect(taken.body.record.errors.sku.message).toMatch(/کد انبار/);
    const negative = await session.edit("instances", first!.id, { stock: "-3" });
    expect(negative.body.record.errors.stock.message).toBe("موجودی نمی‌تواند منفی باشد.");
    const letters = await session.edit("instances", first!.id, { price: "گران" });
    expect(letters.body.record.errors.price.message).toMatch(persian);
    const reread = await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: first!.id });
    expect({ sku: reread.sku, stock: reread.stock, price: reread.price }).toEqual({
      sku: first!.sku,
      stock: first!.stock,
      price: first!.price,
    });
  });

  it("a bulk stock change that would go below zero: the error on the amount, no instance changed", async () => {
    const response = await session.bulk(
      "instances",
      "bulkStock",
      instances.map((instance) => instance.id),
      { mode: "add", amount: "-10" },
    );
    expect(response.body.notice.type).toBe("error");
    expect(response.body.errors.amount.message).toBe("موجودی کافی نیست.");
    const stocks = (await test.platform.dataSource.getRepository(ProductInstance).findBy({ productId: product.id, isActive: true })).map(
      (instance) => instance.stock,
    );
    expect(stocks.every((stock) => stock === 4)).toBe(true);
  });

  it("a theme that does not exist, on the store's settings", async () => {
    const response = await session.edit("stores", store.id, { name: "کتاب‌فروشی", theme: "neon" });
    expect(response.body.record.errors.theme.message).toMatch(persian);
    expect((await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id })).theme).toBe("bazaar");
  });

  it("a category moved under its own child: refused, the tree unchanged", async () => {
    const child = await buildCategory(test.platform.dataSource, store.id, { nameFa: "شعر", name: "Poetry", parentId: category.id });
    const response = await session.recordAction("categories", category.id, "move", { parentId: child.id });
    expect(response.body.notice).toMatchObject({ type: "error" });
    expect(response.body.notice.message).toMatch(/زیر خودش/);
    expect((await test.platform.dataSource.getRepository(Category).findOneByOrFail({ id: category.id })).parentId).toBeNull();
  });

  it("a bulk delete with one category the service refuses deletes none of them", async () => {
    const empty = await buildCategory(test.platform.dataSource, store.id, { nameFa: "خالی" });
    const refused = await session.bulk("categories", "bulkDelete", [empty.id, category.id]);
    expect(refused.body.notice.type).toBe("error");
    expect(refused.body.notice.message).toMatch(/محصول دارد|زیردسته دارد/);
    expect(await test.platform.dataSource.getRepository(Category).existsBy({ id: empty.id })).toBe(true);
    const other = await buildCategory(test.platform.dataSource, store.id, { nameFa: "خالی دیگر" });
    const deleted = await session.bulk("categories", "bulkDelete", [empty.id, other.id]);
    expect(deleted.body.notice).toMatchObject({ type: "success" });
    expect(await test.platform.dataSource.getRepository(Category).existsBy({ id: empty.id })).toBe(false);
    expect(await test.platform.dataSource.getRepository(Category).existsBy({ id: other.id })).toBe(false);
  });

  it("a category that still has products is not deleted", async () => {
    const response = await session.delete("categories", category.id);
    expect(response.body.notice.type).toBe("error");
    expect(await test.platform.dataSource.getRepository(Category).existsBy({ id: category.id })).toBe(true);
  });
});

describe("writes through the services", () => {
  it("sanitises a pasted description before the product service stores it", async () => {
    const pasted = `<h1>دیوان</h1><p onclick="steal()">غزل‌ها <strong>برگزیده</strong><script>alert(1)</script></p><img src=x onerror="alert(2)"><a href="javascript:alert(3)">پیوند</a><a href="https://example.com/x">منبع</a><iframe src="https://evil.example"></iframe>`;
    const created = await session.create("products", {
      categoryId: category.id,
      nameFa: "دیوان حافظ",
      name: "Divan of Hafez",
      basePrice: "۲۵۰۰۰۰۰",
      description: pasted,
    });
    expect(created.body.notice, JSON.stringify(created.body.record?.errors)).toMatchObject({ type: "success" });
    const saved = await test.platform.dataSource.getRepository(Product).findOneByOrFail({ storeId: store.id, name: "Divan of Hafez" });
    expect(saved.basePrice).toBe(2_500_000);
    expect(saved.description).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<img|alert\(/i);
    expect(saved.description).toBe(
      '<h2>دیوان</h2><p>غزل‌ها <strong>برگزیده</strong></p><a>پیوند</a><a href="https://example.com/x">منبع</a>',
    );

    await session.edit("products", saved.id, { description: `<p>تازه</p><svg onload="alert(4)"><script>alert(5)</script></svg>` });
    const edited = await test.platform.dataSource.getRepository(Product).findOneByOrFail({ id: saved.id });
    expect(edited.description).toBe("<p>تازه</p>");
  });

  it("keeps only the allow-list", () => {
    expect(
      sanitizeDescription(
        `<ul><li>یک</li></ul><ol><li>دو</li></ol><h3>سه</h3><em>چهار</em><br><b>پنج</b><i>شش</i><table><tr><td>هفت</td></tr></table><a href="mailto:a@b.ir">نامه</a><a href="tel:+989121234567">تلفن</a><a href="//evil.example">دو خط</a>`,
      ),
    ).toBe(
      `<ul><li>یک</li></ul><ol><li>دو</li></ol><h3>سه</h3><em>چهار</em><br /><strong>پنج</strong><em>شش</em>هفت<a href="mailto:a@b.ir">نامه</a><a href="tel:+989121234567">تلفن</a><a>دو خط</a>`,
    );
  });

  it("records the changes in the outbox, as every surface does (site builds follow from it)", async () => {
    const products = await outboxCount("product.changed");
    const instanceEvents = await outboxCount("instance.changed");
    const categories = await outboxCount("category.changed");
    const stores = await outboxCount("store.changed");
    await session.edit("products", product.id, { nameFa: "دیوان (چاپ دوم)" });
    await session.edit("instances", instances[0]!.id, { stock: "9", price: "120000" });
    await session.create("categories", { nameFa: "رمان", name: "Novels" });
    await session.edit("stores", store.id, { description: "کتاب‌های خوب" });
    expect(await outboxCount("product.changed")).toBe(products + 1);
    expect(await outboxCount("instance.changed")).toBeGreaterThanOrEqual(instanceEvents + 2);
    expect(await outboxCount("category.changed")).toBe(categories + 1);
    expect(await outboxCount("store.changed")).toBe(stores + 1);
    const instance = await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: instances[0]!.id });
    expect({ stock: instance.stock, price: instance.price }).toEqual({ stock: 9, price: 120_000 });
    // The min price the catalog keeps follows the instance's price (the service did it, not AdminJS).
    expect((await test.platform.dataSource.getRepository(Product).findOneByOrFail({ id: product.id })).minPrice).toBe(120_000);
  });

  it("shows a category's inherited attributes, with the category they come from", async () => {
    const child = await test.platform.dataSource.getRepository(Category).findOneByOrFail({ storeId: store.id, name: "Poetry" });
    const shown = await session.show("categories", child.id);
    const params = shown.body.record.params;
    expect(params.applicable).toEqual([expect.objectContaining({ nameFa: "جلد", isCategorizer: true, inheritedFrom: "کتاب" })]);
    expect(params.breadcrumb).toBe("کتاب › شعر");
  });

  it("generates instances from the chosen categorizer values through the catalog services", async () => {
    const attribute = await test.platform.dataSource.getRepository(ProductAttribute).findOneByOrFail({ storeId: store.id, name: "cover" });
    const values = await test.platform.dataSource.getRepository(AttributeValue).findBy({ attributeId: attribute.id });
    const fresh = await buildProduct(test.platform.dataSource, store.id, { categoryId: category.id });
    const options = await session.recordAction("products", fresh.id, "generateInstances");
    expect(options.body.attributes).toEqual([expect.objectContaining({ id: attribute.id, isCategorizer: true, chosenValueIds: [] })]);
    const done = await session.recordAction("products", fresh.id, "generateInstances", {
      choices: JSON.stringify([{ attributeId: attribute.id, valueIds: values.map((value) => value.id) }]),
      stock: "۵",
    });
    expect(done.body.notice).toMatchObject({ type: "success", message: "instancesGenerated", options: { created: "۲", active: "۲" } });
    const active = await test.platform.dataSource.getRepository(ProductInstance).findBy({ productId: fresh.id, isActive: true });
    expect(active.map((instance) => instance.stock)).toEqual([5, 5]);
  });
});
