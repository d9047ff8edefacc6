import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildAttribute, buildCategory, buildProduct, buildShirtCategory, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { ProductNotFoundError } from "./catalog.errors.js";
import { presentProduct } from "./catalog.presenters.js";
import type { Product } from "./product.entity.js";
import { findProduct, productDetail, shopperProductDetail } from "./product.service.js";

/**
 * The shoppers' product read without the cache (tests run with it off): one
 * query (shopperProductDetail) answering exactly what the product's detail
 * read table by table answers, and one database round trip per request.
 */
const test = useTestPlatform();
let server: TestServer;
let store: Store;
let other: Store;
let shirt: Product;
let hidden: Product;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource);
  other = await buildStore(dataSource);
  // An attribute inherited from the parent category (free text), and the shirt category's own two categorizers.
  const clothes = await buildCategory(dataSource, store.id, { name: "Clothes", nameFa: "پوشاک", slug: "clothes" });
  const material = await buildAttribute(dataSource, store.id, clothes.id, { name: "material", nameFa: "جنس", type: "description" });
  const shirts = await buildShirtCategory(dataSource, store.id, { parentId: clothes.id });
  shirt = await buildProduct(dataSource, store.id, {
    categoryId: shirts.category.id,
    name: "Linen shirt",
    nameFa: "پیراهن کتان",
    slug: "linen-shirt",
    basePrice: 2_500_000,
    stock: 3,
    attributes: [...shirts.allValues, { attributeId: material.attribute.id, text: "کتان" }],
  });
  // One model on its own price, one off sale (a shopper never sees it), one sold out.
  const models = (await dataSource.query(`SELECT id FROM product_instances WHERE product_id = $1 ORDER BY sku`, [shirt.id])) as Array<{
    id: string;
  }>;
  await dataSource.query(`UPDATE product_instances SET price = 2700000 WHERE id = $1`, [models[0]!.id]);
  await dataSource.query(`UPDATE product_instances SET is_active = false WHERE id = $1`, [models[1]!.id]);
  await dataSource.query(`UPDATE product_instances SET stock = 0 WHERE id = $1`, [models[2]!.id]);
  hidden = await buildProduct(dataSource, store.id, { categoryId: clothes.id, nameFa: "پنهان", slug: "hidden", isActive: false });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

/** The value ids a product chose are a set: order them so two reads compare. */
function comparable(detail: ReturnType<typeof presentProduct>) {
  return { ...detail, attributes: detail.attributes.map((a) => ({ ...a, chosenValueIds: [...a.chosenValueIds].sort() })) };
}

describe("the shoppers' product read in one query", () => {
  it("answers what the detail read table by table answers, by slug and by id", async () => {
    const ctx = systemContext(test.platform.dataSource.manager, "test");
    const product = await findProduct(ctx, store.id, "linen-shirt", { activeOnly: true });
    const expected = comparable(presentProduct(await productDetail(ctx, product, { activeInstancesOnly: true })));
    expect(expected.attributes.map((a) => a.name)).toEqual(["material", "color", "size"]);
    expect(expected.instances).toHaveLength(3);
    expect(comparable(presentProduct(await shopperProductDetail(ctx, store.id, "linen-shirt")))).toEqual(expected);
    expect(comparable(presentProduct(await shopperProductDetail(ctx, store.id, " Linen-Shirt ")))).toEqual(expected);
    expect(comparable(presentProduct(await shopperProductDetail(ctx, store.id, shirt.id)))).toEqual(expected);
  });

  it("finds no inactive product, and none of another store", async () => {
    const ctx = systemContext(test.platform.dataSource.manager, "test");
    await expect(shopperProductDetail(ctx, store.id, "hidden")).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(shopperProductDetail(ctx, store.id, hidden.id)).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(shopperProductDetail(ctx, other.id, "linen-shirt")).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(shopperProductDetail(ctx, other.id, shirt.id)).rejects.toBeInstanceOf(ProductNotFoundError);
    expect((await server.request("GET", "/api/v1/products/linen-shirt", { headers: { "x-store": other.slug } })).status).toBe(404);
  });

  it("is one database round trip per request (the store's lookup cached)", async () => {
    const read = (path: string) => server.request("GET", path, { headers: { "x-store": store.slug } });
    expect((await read("/api/v1/products/linen-shirt")).status).toBe(200); // the store's lookup is cached from here on
    const query = pg.Client.prototype.query;
    let queries = 0;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      queries++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      for (const path of ["/api/v1/products/linen-shirt", `/api/v1/products/${shirt.id}`]) {
        queries = 0;
        const res = await read(path);
        expect(res.status).toBe(200);
        expect(res.body.instances).toHaveLength(3);
        expect(queries).toBe(1);
      }
    } finally {
      pg.Client.prototype.query = query;
    }
  });
});
