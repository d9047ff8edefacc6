import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { systemContext, type ServiceContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "../test/factories.js";
import { useTestPlatform } from "../test/test-platform.js";
import { addAttributeValue, updateAttribute, type AttributeWithValues } from "./attribute.service.js";
import { InsufficientStockError, RequiredAttributeMissingError, SkuTakenError } from "./catalog.errors.js";
import type { Category } from "./category.entity.js";
import { adjustStock, adjustStocks, generateInstances, updateInstance } from "./instance.service.js";
import { ProductInstance } from "./product-instance.entity.js";
import { Product } from "./product.entity.js";
import { findProduct, productDetail, updateProduct } from "./product.service.js";

const test = useTestPlatform();
let store: Store;
let clothing: Category;
let color: AttributeWithValues;
let size: AttributeWithValues;

const inTx = <T>(work: (ctx: ServiceContext) => Promise<T>) =>
  test.platform.dataSource.transaction((manager) => work(systemContext(manager, "test")));
const read = () => systemContext(test.platform.dataSource.manager, "test");
const instancesOf = (productId: string) =>
  test.platform.dataSource.getRepository(ProductInstance).find({ where: { storeId: store.id, productId }, order: { sku: "ASC" } });
const stockRow = (id: string) => test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id });
const stockOf = async (id: string) => (await stockRow(id)).stock;
const ids = (entry: AttributeWithValues, count = entry.values.length) => entry.values.slice(0, count).map((value) => value.id);

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource);
  clothing = await buildCategory(dataSource, store.id, { name: "Clothing", nameFa: "پوشاک", isCategorizer: true });
  color = await buildAttribute(dataSource, store.id, clothing.id, {
    name: "color",
    nameFa: "رنگ",
    type: "color",
    isCategorizer: true,
    isRequired: true,
    values: [
      { value: "red", valueFa: "قرمز", hex: "#ff0000", sortOrder: 1 },
      { value: "blue", valueFa: "آبی", hex: "#0000ff", sortOrder: 2 },
      { value: "green", valueFa: "سبز", hex: "#00ff00", sortOrder: 3 },
      { value: "black", valueFa: "مشکی", hex: "#000000", sortOrder: 4 },
    ],
  });
  size = await buildAttribute(dataSource, store.id, clothing.id, {
    name: "size",
    nameFa: "سایز",
    type: "size",
    isCategorizer: true,
    values: ["s", "m", "l", "xl"].map((value, index) => ({ value, valueFa: value.toUpperCase(), sortOrder: index })),
  });
});

async function shirt(overrides: Parameters<typeof buildProduct>[2] = {}) {
  return buildProduct(test.platform.dataSource, store.id, {
    categoryId: clothing.id,
    basePrice: 5_000_000,
    stock: 7,
    attributes: [
      { attributeId: color.attribute.id, valueIds: ids(color, 3) },
      { attributeId: size.attribute.id, valueIds: ids(size) },
    ],
    ...overrides,
  });
}

describe("generating instances", () => {
  it("makes one instance per combination of the chosen categorizer values: 3 colors × 4 sizes = 12", async () => {
    const product = await shirt({ slug: "basic-tee" });
    const instances = await instancesOf(product.id);
    expect(instances).toHaveLength(12);
    expect(new Set(instances.map((instance) => instance.combinationKey)).size).toBe(12);
    expect(instances.every((instance) => instance.stock === 7 && instance.isActive && instance.price === null)).toBe(true);
    expect(instances.map((instance) => instance.sku)).toContain("BASIC-TEE-RED-XL");

    const detail = await productDetail(read(), product, { activeInstancesOnly: true });
    const redXl = detail.instances.find(({ instance }) => instance.sku === "BASIC-TEE-RED-XL")!;
    expect(redXl.attributes.map((row) => [row.value, row.colorHex])).toEqual([
      ["قرمز", "#ff0000"],
      ["XL", null],
    ]);
  });

  it("keeps existing instances, their SKUs and stock when regenerating after a value is added", async () => {
    const product = await shirt();
    const before = await instancesOf(product.id);
    const first = before[0]!;
    await inTx((ctx) => adjustStock(ctx, store.id, first.id, 5));
    await inTx((ctx) => updateInstance(ctx, store.id, before[1]!.id, { price: 6_000_000, sku: "CUSTOM-SKU-1" }));

    const result = await inTx(async (ctx) => {
      await updateProduct(ctx, store.id, product.id, {
        attributes: [
          { attributeId: color.attribute.id, valueIds: ids(color, 4) },
          { attributeId: size.attribute.id, valueIds: ids(size) },
        ],
      });
      return generateInstances(ctx, store.id, product.id);
    });
    expect(result).toEqual({ created: 0, deactivated: 0 }); // updateProduct already regenerated; a second run changes nothing
    const after = await instancesOf(product.id);
    expect(after).toHaveLength(16);
    const byId = new Map(after.map((instance) => [instance.id, instance]));
    for (const old of before) expect(byId.get(old.id)).toBeDefined();
    expect(byId.get(first.id)!.stock).toBe(12);
    expect(byId.get(before[1]!.id)).toMatchObject({ sku: "CUSTOM-SKU-1", price: 6_000_000 });
    expect(after.filter((instance) => !before.some((old) => old.id === instance.id)).every((instance) => instance.stock === 0)).toBe(true);
  });

  it("deactivates (never deletes) the instances of a value no longer chosen", async () => {
    const product = await shirt();
    await inTx((ctx) =>
      updateProduct(ctx, store.id, product.id, {
        attributes: [
          { attributeId: color.attribute.id, valueIds: ids(color, 2) },
          { attributeId: size.attribute.id, valueIds: ids(size) },
        ],
      }),
    );
    const instances = await instancesOf(product.id);
    expect(instances).toHaveLength(12);
    expect(instances.filter((instance) => instance.isActive)).toHaveLength(8);
  });

  it("gives a product without categorizer choices one instance", async () => {
    const plain = await buildProduct(test.platform.dataSource, store.id, { stock: 3 });
    const instances = await instancesOf(plain.id);
    expect(instances).toHaveLength(1);
    expect(instances[0]).toMatchObject({ combinationKey: "", stock: 3 });
  });

  it("refuses a product without a value for a required attribute, and saves nothing", async () => {
    const count = await test.platform.dataSource.getRepository(Product).countBy({ storeId: store.id });
    await expect(shirt({ attributes: [{ attributeId: size.attribute.id, valueIds: ids(size) }] })).rejects.toMatchObject({
      code: "attribute_required",
      kind: "invalid",
      field: "attributes",
    });
    expect(await test.platform.dataSource.getRepository(Product).countBy({ storeId: store.id })).toBe(count);
  });

  it("enforces an attribute made required later when an instance is saved", async () => {
    const category = await buildCategory(test.platform.dataSource, store.id, { parentId: clothing.id });
    const material = await buildAttribute(test.platform.dataSource, store.id, category.id, {
      name: "material",
      type: "custom",
      values: [{ value: "cotton", valueFa: "نخ" }],
    });
    const product = await shirt({ categoryId: category.id });
    const [instance] = await instancesOf(product.id);
    await inTx((ctx) => updateAttribute(ctx, store.id, material.attribute.id, { isRequired: true }));
    await expect(inTx((ctx) => updateInstance(ctx, store.id, instance!.id, { price: 1 }))).rejects.toBeInstanceOf(
      RequiredAttributeMissingError,
    );
    await inTx((ctx) =>
      updateProduct(ctx, store.id, product.id, {
        attributes: [
          { attributeId: color.attribute.id, valueIds: ids(color, 3) },
          { attributeId: size.attribute.id, valueIds: ids(size) },
          { attributeId: material.attribute.id, valueIds: ids(material) },
        ],
      }),
    );
    await expect(inTx((ctx) => updateInstance(ctx, store.id, instance!.id, { price: 1 }))).resolves.toMatchObject({ price: 1 });
  });

  it("refuses an attribute that does not apply to the product's category", async () => {
    const elsewhere = await buildCategory(test.platform.dataSource, store.id);
    await expect(
      buildProduct(test.platform.dataSource, store.id, {
        categoryId: elsewhere.id,
        attributes: [{ attributeId: color.attribute.id, valueIds: ids(color, 1) }],
      }),
    ).rejects.toMatchObject({ code: "attribute_not_applicable", field: "attributes.0.attributeId" });
  });

  it("prices an instance at the base price unless it has its own, and lists the product at its lowest", async () => {
    const product = await shirt({ basePrice: 5_000_000 });
    const [cheap, dear] = await instancesOf(product.id);
    await inTx((ctx) => updateInstance(ctx, store.id, cheap!.id, { price: 4_000_000 }));
    await inTx((ctx) => updateInstance(ctx, store.id, dear!.id, { price: 9_000_000 }));
    expect((await findProduct(read(), store.id, product.id, { activeOnly: true })).minPrice).toBe(4_000_000);
    await inTx((ctx) => updateInstance(ctx, store.id, cheap!.id, { isActive: false }));
    expect((await findProduct(read(), store.id, product.id, { activeOnly: true })).minPrice).toBe(5_000_000);
    const detail = await productDetail(read(), product, { activeInstancesOnly: false });
    expect(detail.instances.find(({ instance }) => instance.id === dear!.id)!.instance.price).toBe(9_000_000);
  });
});

describe("SKUs", () => {
  it("are unique in a store, and the same SKU in two stores is fine", async () => {
    const other = await buildStore(test.platform.dataSource);
    const a = await buildProduct(test.platform.dataSource, store.id, { slug: "same-sku" });
    const b = await buildProduct(test.platform.dataSource, other.id, { slug: "same-sku" });
    const [ia] = await instancesOf(a.id);
    const [ib] = await test.platform.dataSource.getRepository(ProductInstance).findBy({ storeId: other.id, productId: b.id });
    expect(ia!.sku).toBe("SAME-SKU");
    expect(ib!.sku).toBe("SAME-SKU");

    const c = await buildProduct(test.platform.dataSource, store.id);
    const [ic] = await instancesOf(c.id);
    await expect(inTx((ctx) => updateInstance(ctx, store.id, ic!.id, { sku: "SAME-SKU" }))).rejects.toBeInstanceOf(SkuTakenError);
    await expect(inTx((ctx) => updateInstance(ctx, store.id, ic!.id, { sku: "SAME-SKU" }))).rejects.toMatchObject({
      kind: "conflict",
      field: "sku",
    });
    await expect(test.platform.dataSource.query(`UPDATE product_instances SET sku = 'SAME-SKU' WHERE id = $1`, [ic!.id])).rejects.toThrow(
      /product_instances_store_sku_key/,
    );
  });

  it("are generated around SKUs a merchant already chose", async () => {
    const first = await buildProduct(test.platform.dataSource, store.id, { slug: "mug" });
    const [instance] = await instancesOf(first.id);
    await inTx((ctx) => updateInstance(ctx, store.id, instance!.id, { sku: "TEAPOT" }));
    const second = await buildProduct(test.platform.dataSource, store.id, { slug: "teapot" });
    expect((await instancesOf(second.id))[0]!.sku).toBe("TEAPOT-2");
  });
});

describe("stock", () => {
  it("never goes below zero under concurrent decrements: 20 × −1 on 10 → exactly 10 succeed", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id, { stock: 10 });
    const [instance] = await instancesOf(product.id);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => inTx((ctx) => adjustStock(ctx, store.id, instance!.id, -1))));
    const ok = results.filter((result) => result.status === "fulfilled");
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(10);
    expect(refused.every((result) => result.reason instanceof InsufficientStockError)).toBe(true);
    expect((await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: instance!.id })).stock).toBe(0);
    const [{ n }] = await test.platform.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE type = 'instance.changed' AND entity_id = $1 AND payload->>'change' = 'stock'`,
      [instance!.id],
    );
    expect(n).toBe(10);
  });

  it("moves several instances all or none, one stock event each, naming the first short one", async () => {
    const [a] = await instancesOf((await buildProduct(test.platform.dataSource, store.id, { stock: 5 })).id);
    const [b] = await instancesOf((await buildProduct(test.platform.dataSource, store.id, { stock: 1 })).id);
    const moves = (da: number, db: number) => [
      { instanceId: b!.id, delta: db },
      { instanceId: a!.id, delta: da },
    ];
    const short = await inTx((ctx) => adjustStocks(ctx, store.id, moves(-2, -2))).catch((error: unknown) => error);
    expect(short).toBeInstanceOf(InsufficientStockError);
    expect(short).toMatchObject({ instanceId: b!.id });
    expect([await stockOf(a!.id), await stockOf(b!.id)]).toEqual([5, 1]);
    const moved = await inTx((ctx) => adjustStocks(ctx, store.id, moves(-2, -1)));
    expect(Object.fromEntries(moved)).toEqual({ [a!.id]: 3, [b!.id]: 0 });
    const events = await test.platform.dataSource.query(
      `SELECT entity_id, payload FROM outbox WHERE type = 'instance.changed' AND entity_id = ANY($1::text[]) AND payload->>'change' = 'stock'`,
      [[a!.id, b!.id]],
    );
    expect(events.map((e: { entity_id: string; payload: unknown }) => [e.entity_id, e.payload]).sort()).toEqual(
      [
        [a!.id, { change: "stock", productId: (await stockRow(a!.id)).productId, delta: -2, stock: 3 }],
        [b!.id, { change: "stock", productId: (await stockRow(b!.id)).productId, delta: -1, stock: 0 }],
      ].sort(),
    );
    const missing = randomUUID();
    await expect(
      inTx((ctx) =>
        adjustStocks(ctx, store.id, [
          { instanceId: missing, delta: 1 },
          { instanceId: a!.id, delta: 1 },
        ]),
      ),
    ).rejects.toMatchObject({
      code: "instance_not_found",
      instanceId: missing,
    });
    expect(await stockOf(a!.id)).toBe(3);
  });

  it("is backed by a CHECK constraint", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id, { stock: 1 });
    const [instance] = await instancesOf(product.id);
    await expect(test.platform.dataSource.query(`UPDATE product_instances SET stock = -1 WHERE id = $1`, [instance!.id])).rejects.toThrow(
      /product_instances_stock_check/,
    );
  });

  it("takes a counted figure as a delta against the locked row", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id, { stock: 4 });
    const [instance] = await instancesOf(product.id);
    expect((await inTx((ctx) => updateInstance(ctx, store.id, instance!.id, { stock: 15 }))).stock).toBe(15);
    expect((await inTx((ctx) => updateInstance(ctx, store.id, instance!.id, { stockDelta: -5 }))).stock).toBe(10);
    await expect(inTx((ctx) => updateInstance(ctx, store.id, instance!.id, { stockDelta: -11 }))).rejects.toBeInstanceOf(
      InsufficientStockError,
    );
  });

  it("cannot be moved in another store's instance", async () => {
    const other = await buildStore(test.platform.dataSource);
    const product = await buildProduct(test.platform.dataSource, other.id, { stock: 4 });
    const [instance] = await test.platform.dataSource.getRepository(ProductInstance).findBy({ productId: product.id });
    await expect(inTx((ctx) => adjustStock(ctx, store.id, instance!.id, -1))).rejects.toMatchObject({ code: "instance_not_found" });
  });
});

describe("attribute values", () => {
  it("reach the instances' copies when renamed, and new ones can be chosen at once", async () => {
    const product = await shirt();
    const added = await inTx((ctx) => addAttributeValue(ctx, store.id, size.attribute.id, { value: "xxl", valueFa: "XXL", sortOrder: 9 }));
    await inTx((ctx) =>
      updateProduct(ctx, store.id, product.id, {
        attributes: [
          { attributeId: color.attribute.id, valueIds: ids(color, 1) },
          { attributeId: size.attribute.id, valueIds: [added.id] },
        ],
      }),
    );
    const detail = await productDetail(read(), product, { activeInstancesOnly: true });
    expect(detail.instances).toHaveLength(1);
    expect(detail.instances[0]!.attributes.map((row) => row.value)).toEqual(["قرمز", "XXL"]);
  });
});
