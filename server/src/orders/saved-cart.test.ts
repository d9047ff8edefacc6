import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { updateProduct } from "../catalog/product.service.js";
import { systemContext } from "../core/context.js";
import { createApp } from "../main/app.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { SavedCartItem } from "./saved-cart-item.entity.js";

/**
 * A signed-in shopper's cart kept on the server (issue 23 #4) through the
 * API: per store and shopper, quantities within stock, gone variants dropped,
 * the browser's cart summed in at sign-in; bad input names its field and
 * changes nothing.
 */
const test = useTestPlatform();
let server: TestServer;
let shop: Store;
let other: Store;
const instance: Record<string, string> = {};

const host = (store: Store) => `${store.slug}.mall.localhost`;
const as = (store: Store, token: string | null, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, {
    host: host(store),
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { body }),
  });
type Cart = { items: Array<{ instanceId: string; quantity: number; stock: number; name: string; unitPrice: number }> };
const quantities = (cart: Cart) => Object.fromEntries(cart.items.map((item) => [item.instanceId, item.quantity]));

beforeAll(async () => {
  const { dataSource } = test.platform;
  shop = await buildStore(dataSource, { name: "ظروف سنتی" });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر" });
  for (const [store, slug, stock] of [
    [shop, "teapot", 3],
    [shop, "cups", 10],
    [shop, "tray", 5],
    [other, "hat", 3],
  ] as const) {
    const product = await buildProduct(dataSource, store.id, { nameFa: slug, slug, basePrice: 1_000_000, stock });
    instance[slug] = (await dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: store.id, productId: product.id })).id;
  }
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

describe("the saved cart", () => {
  it("needs a signed-in shopper; bad input is a 400 naming the field and changes nothing", async () => {
    expect((await as(shop, null, "GET", "/me/cart")).status).toBe(401);
    expect((await as(shop, null, "PUT", "/me/cart", { items: [] })).status).toBe(401);
    const { accessToken } = await signInThroughApi(server, test.platform, { host: host(shop), storeId: shop.id });
    await as(shop, accessToken, "PUT", "/me/cart", { items: [{ instanceId: instance.cups, quantity: 2 }] });
    for (const [body, field] of [
      [{ items: [{ instanceId: "cups", quantity: 1 }] }, "items.0.instanceId"],
      [{ items: [{ instanceId: instance.cups, quantity: 0 }] }, "items.0.quantity"],
      [{ items: [{ instanceId: instance.cups, quantity: 100 }] }, "items.0.quantity"],
      [{ items: [{ instanceId: instance.cups, quantity: 1.5 }] }, "items.0.quantity"],
      [
        {
          items: [
            { instanceId: instance.cups, quantity: 1 },
            { instanceId: instance.cups, quantity: 1 },
          ],
        },
        "items.1.instanceId",
      ],
      [{ items: "all" }, "items"],
      [{ items: [], extra: 1 }, ""],
    ] as const) {
      for (const path of ["/me/cart", "/me/cart/merge"]) {
        const res = await as(shop, accessToken, path === "/me/cart" ? "PUT" : "POST", path, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        if (field) expect((res.body as { error: { field?: string } }).error.field, JSON.stringify(body)).toBe(field);
      }
    }
    expect(quantities((await as(shop, accessToken, "GET", "/me/cart")).body as Cart)).toEqual({ [instance.cups!]: 2 });
  });

  it("keeps each shopper's cart per store, within stock, without another store's variants", async () => {
    const { accessToken, user } = await signInThroughApi(server, test.platform, { host: host(shop), storeId: shop.id });
    const saved = await as(shop, accessToken, "PUT", "/me/cart", {
      items: [
        { instanceId: instance.teapot, quantity: 9 },
        { instanceId: instance.hat, quantity: 1 },
        { instanceId: instance.cups, quantity: 2 },
      ],
    });
    expect(saved.status).toBe(200);
    // Another store's variant is not this store's to keep; the teapot only has three.
    expect((saved.body as Cart).items.map((item) => [item.name, item.quantity, item.stock])).toEqual([
      ["teapot", 3, 3],
      ["cups", 2, 10],
    ]);
    // Another device, the same number: the same cart.
    const second = await signInThroughApi(server, test.platform, { host: host(shop), storeId: shop.id, phone: user.phone });
    expect(quantities((await as(shop, second.accessToken, "GET", "/me/cart")).body as Cart)).toEqual({
      [instance.teapot!]: 3,
      [instance.cups!]: 2,
    });
    // Another shopper, and the same shopper at another store, have carts of their own.
    const stranger = await signInThroughApi(server, test.platform, { host: host(shop), storeId: shop.id });
    expect(((await as(shop, stranger.accessToken, "GET", "/me/cart")).body as Cart).items).toEqual([]);
    const elsewhere = await signInThroughApi(server, test.platform, { host: host(other), storeId: other.id, phone: user.phone });
    expect(((await as(other, elsewhere.accessToken, "GET", "/me/cart")).body as Cart).items).toEqual([]);
    // A token of this store is refused at the other.
    expect((await as(other, accessToken, "GET", "/me/cart")).status).toBe(401);
  });

  it("merges the browser's cart at sign-in: quantities summed within stock, gone products dropped", async () => {
    const { accessToken, user } = await signInThroughApi(server, test.platform, { host: host(shop), storeId: shop.id });
    await as(shop, accessToken, "PUT", "/me/cart", {
      items: [
        { instanceId: instance.teapot, quantity: 2 },
        { instanceId: instance.cups, quantity: 4 },
      ],
    });
    const merged = await as(shop, accessToken, "POST", "/me/cart/merge", {
      items: [
        { instanceId: instance.teapot, quantity: 2 },
        { instanceId: instance.tray, quantity: 1 },
        { instanceId: instance.cups, quantity: 1 },
      ],
    });
    expect(merged.status).toBe(200);
    expect((merged.body as Cart).items.map((item) => [item.name, item.quantity])).toEqual([
      ["teapot", 3],
      ["cups", 5],
      ["tray", 1],
    ]);
    // The tray is taken off sale: the saved cart no longer offers it, and the next save drops its row.
    const tray = await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: instance.tray });
    await test.platform.dataSource.transaction((m) =>
      updateProduct(systemContext(m, "test"), shop.id, tray.productId, { isActive: false }),
    );
    expect(quantities((await as(shop, accessToken, "GET", "/me/cart")).body as Cart)).toEqual({
      [instance.teapot!]: 3,
      [instance.cups!]: 5,
    });
    await as(shop, accessToken, "POST", "/me/cart/merge", { items: [] });
    expect(await test.platform.dataSource.getRepository(SavedCartItem).countBy({ storeId: shop.id, userId: user.id })).toBe(2);
  });
});
