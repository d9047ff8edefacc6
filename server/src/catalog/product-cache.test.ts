import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { buildShippingMethod, placeAs, tehranAddress } from "../test/order-fixtures.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { ProductCache } from "./product-cache.js";
import { ProductInstance } from "./product-instance.entity.js";
import { updateProduct } from "./product.service.js";

/**
 * The shoppers' product read is served from Redis, and the product-cache
 * listener forgets it from the outbox: a price change or an order's stock
 * reservation shows at once the event is relayed (the worker runs here).
 */
const test = useTestPlatform({ PRODUCT_CACHE_SECONDS: "60" });
let server: TestServer;
let worker: RunningWorker;
let store: Store;
let productId: string;
let instanceId: string;

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource);
  productId = (await buildProduct(test.platform.dataSource, store.id, { nameFa: "ماگ سفالی", slug: "mug", basePrice: 900_000, stock: 6 }))
    .id;
  instanceId = (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ productId })).id;
  server = await startTestServer(createApp(test.platform));
  worker = startWorkers(test.platform, { relayIntervalMs: 100, queues: ["product-cache"] });
  // The setup's own events (store, product created) are delivered before the tests read anything.
  for (let tries = 0; ; tries++) {
    const [{ n }] = (await test.platform.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`)) as [
      { n: number },
    ];
    const counts = await test.platform.queues.get("product-cache").getJobCounts("waiting", "active", "delayed");
    if (n === 0 && Object.values(counts).every((count) => count === 0)) break;
    if (tries > 100) throw new Error("the setup's events were not delivered");
    await new Promise((wait) => setTimeout(wait, 100));
  }
});
afterAll(async () => {
  await worker?.stop();
  await server?.close();
});

const read = async () =>
  (await server.request("GET", "/api/v1/products/mug", { headers: { "x-store": store.slug } })).body as {
    basePrice: number;
    instances: Array<{ stock: number }>;
  };

describe("the product read cache", () => {
  it("answers from Redis: a write that records no event is not seen", async () => {
    expect((await read()).basePrice).toBe(900_000);
    await test.platform.dataSource.query(`UPDATE products SET base_price = 1 WHERE id = $1`, [productId]);
    expect((await read()).basePrice).toBe(900_000);
    await test.platform.dataSource.query(`UPDATE products SET base_price = 900000 WHERE id = $1`, [productId]);
  });

  it("shows a price change as soon as its event is relayed", async () => {
    await test.platform.dataSource.transaction((m) =>
      updateProduct(systemContext(m, "test"), store.id, productId, { basePrice: 1_100_000 }),
    );
    await expect.poll(async () => (await read()).basePrice, { timeout: 10_000, interval: 100 }).toBe(1_100_000);
  });

  it("answers a hit with the miss's bytes, headers and ETag, spending the API's limit once", async () => {
    const get = (headers: Record<string, string> = {}) =>
      server.request("GET", "/api/v1/products/mug", { headers: { "x-store": store.slug, ...headers } });
    const spent = async () => Number((await test.platform.redis.get("rl:api:127.0.0.1")) ?? 0);
    // Forgotten (as the listener forgets it): the next read is a miss through the router, which fills the cache.
    await new ProductCache(test.platform.redis, 60, test.platform.logger).invalidate(store.id);
    let before = await spent();
    const miss = await get();
    expect(await spent()).toBe(before + 1);
    before = await spent();
    const hit = await get();
    expect(await spent()).toBe(before + 1);
    expect(hit.status).toBe(200);
    expect(hit.text).toBe(miss.text);
    for (const name of ["content-type", "etag", "content-security-policy", "x-content-type-options", "vary"])
      expect([name, hit.headers[name]]).toEqual([name, miss.headers[name]]);
    expect(hit.headers["x-request-id"]).toBeTruthy();
    expect(hit.headers["etag"]).toMatch(/^W\/"/);
    const unchanged = await get({ "if-none-match": String(hit.headers["etag"]) });
    expect([unchanged.status, unchanged.text]).toEqual([304, ""]);
    // An unknown store is refused, naming the header.
    const unknown = await server.request("GET", "/api/v1/products/mug", { headers: { "x-store": "no-such-store" } });
    expect([unknown.status, unknown.body.error.field]).toEqual([404, "X-Store"]);
  });

  it("loads once for a crowd asking for the same product at once", async () => {
    const cache = new ProductCache(test.platform.redis, 60, test.platform.logger);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((wait) => setTimeout(wait, 50));
      return { loads };
    };
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.read(store.id, "crowd", load)));
    expect(loads).toBe(1);
    expect(answers.every((answer) => answer.value<{ loads: number }>().loads === 1)).toBe(true);
  });

  it("shows the stock an order reserved", async () => {
    expect((await read()).instances[0]!.stock).toBe(6);
    const shopper = await buildUser(test.platform.dataSource);
    const method = await buildShippingMethod(test.platform.dataSource, store.id);
    await placeAs(test.platform.dataSource, store.id, shopper, {
      items: [{ instanceId, quantity: 2 }],
      address: tehranAddress(),
      shippingMethodId: method.id,
    });
    await expect.poll(async () => (await read()).instances[0]!.stock, { timeout: 10_000, interval: 100 }).toBe(4);
  });
});
