import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateInstance } from "../catalog/instance.service.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import type { Product } from "../catalog/product.entity.js";
import { updateProduct } from "../catalog/product.service.js";
import { systemContext } from "../core/context.js";
import { createApp } from "../main/app.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { WishlistItem } from "./wishlist-item.entity.js";

/**
 * The wishlist (issue 27 #4) through the API: kept on the server per shopper
 * and store, so a second device signed in with the same number sees it;
 * saving twice keeps the first price, a lower price later is marked; another
 * store's products and lists stay apart; bad input names its field.
 */
const test = useTestPlatform();
let server: TestServer;
let shop: Store;
let other: Store;
let teapot: Product;
let cups: Product;
let otherProduct: Product;

const host = (store: Store) => `${store.slug}.mall.localhost`;
const as = (store: Store, token: string | null, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, {
    host: host(store),
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { body }),
  });
const sys = <T>(work: (ctx: ReturnType<typeof systemContext>) => Promise<T>) =>
  test.platform.dataSource.transaction((manager) => work(systemContext(manager, "test")));

beforeAll(async () => {
  const { dataSource } = test.platform;
  shop = await buildStore(dataSource, { name: "ظروف سنتی" });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر" });
  teapot = await buildProduct(dataSource, shop.id, { nameFa: "قوری چینی", slug: "teapot", basePrice: 3_000_000, stock: 4 });
  cups = await buildProduct(dataSource, shop.id, { nameFa: "استکان کمرباریک", slug: "cups", basePrice: 900_000, stock: 0 });
  otherProduct = await buildProduct(dataSource, other.id, { nameFa: "کلاه", slug: "hat", basePrice: 500_000, stock: 3 });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

describe("the wishlist", () => {
  it("needs a signed-in shopper and refuses what is not this store's product, naming the field", async () => {
    expect((await as(shop, null, "GET", "/me/wishlist")).status).toBe(401);
    expect((await as(shop, null, "POST", "/me/wishlist", { productId: teapot.id })).status).toBe(401);
    const { accessToken } = await signInThroughApi(server, test.platform, { host: host(shop), storeId: shop.id });
    const bad = await as(shop, accessToken, "POST", "/me/wishlist", { productId: "teapot" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("productId");
    expect((await as(shop, accessToken, "POST", "/me/wishlist", { productId: otherProduct.id })).status).toBe(404);
    expect(await test.platform.dataSource.getRepository(WishlistItem).count()).toBe(0);
  });

  it("follows the shopper to a second device, marks a lower price and what is sold out, and forgets a removed product everywhere", async () => {
    const phone = "+989121110022";
    const laptop = await signInThroughApi(server, test.platform, { phone, host: host(shop), storeId: shop.id });
    const saved = await as(shop, laptop.accessToken, "POST", "/me/wishlist", { productId: teapot.id });
    expect(saved.status).toBe(200);
    await as(shop, laptop.accessToken, "POST", "/me/wishlist", { productId: cups.id });
    // Saved twice: still once, at the first price.
    await as(shop, laptop.accessToken, "POST", "/me/wishlist", { productId: teapot.id });

    // The merchant lowers the teapot's price.
    await sys((ctx) => updateProduct(ctx, shop.id, teapot.id, { basePrice: 2_400_000 }));

    const phoneDevice = await signInThroughApi(server, test.platform, { phone, host: host(shop), storeId: shop.id });
    const list = await as(shop, phoneDevice.accessToken, "GET", "/me/wishlist");
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { slug: string }) => item.slug)).toEqual(["cups", "teapot"]);
    expect(list.body.items[1]).toMatchObject({
      productId: teapot.id,
      name: "قوری چینی",
      price: 2_400_000,
      savedPrice: 3_000_000,
      priceDropped: true,
      inStock: true,
    });
    expect(list.body.items[0]).toMatchObject({
      productId: cups.id,
      price: 900_000,
      savedPrice: 900_000,
      priceDropped: false,
      inStock: false,
    });

    // Back in stock shows.
    const cupVariant = await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: cups.id });
    await sys((ctx) => updateInstance(ctx, shop.id, cupVariant.id, { stock: 5 }));
    expect((await as(shop, laptop.accessToken, "GET", "/me/wishlist")).body.items[0].inStock).toBe(true);

    const removed = await as(shop, phoneDevice.accessToken, "DELETE", `/me/wishlist/${cups.id}`);
    expect(removed.body.items.map((item: { slug: string }) => item.slug)).toEqual(["teapot"]);
    expect((await as(shop, laptop.accessToken, "GET", "/me/wishlist")).body.items.map((item: { slug: string }) => item.slug)).toEqual([
      "teapot",
    ]);

    // Another shopper's list and another store's list are their own.
    const someoneElse = await signInThroughApi(server, test.platform, { host: host(shop), storeId: shop.id });
    expect((await as(shop, someoneElse.accessToken, "GET", "/me/wishlist")).body.items).toEqual([]);
    const elsewhere = await signInThroughApi(server, test.platform, { phone, host: host(other), storeId: other.id });
    expect((await as(other, elsewhere.accessToken, "GET", "/me/wishlist")).body.items).toEqual([]);
  });
});
