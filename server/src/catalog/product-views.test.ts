import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { countView, flushViewCounts } from "./product-views.js";
import { Product } from "./product.entity.js";

const test = useTestPlatform();
let server: TestServer;
let store: Store;
let other: Store;

const views = async (id: string) => (await test.platform.dataSource.getRepository(Product).findOneByOrFail({ id })).viewCount;
const flush = () => flushViewCounts(test.platform.redis, test.platform.dataSource);

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource);
  other = await buildStore(test.platform.dataSource);
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

describe("product view counts", () => {
  it("are counted in Redis by the view route and reach PostgreSQL on a flush", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id);
    for (let i = 0; i < 3; i++) {
      expect((await server.request("POST", `/api/v1/products/${product.id}/view`, { headers: { "X-Store": store.slug } })).status).toBe(
        202,
      );
    }
    expect(await views(product.id)).toBe(0);
    expect(await flush()).toBe(3);
    expect(await views(product.id)).toBe(3);
    expect(await flush()).toBe(0);
    expect(await views(product.id)).toBe(3);
  });

  it("keep counting into a fresh hash while a flush works, and a died flush's hash is taken up by the next", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id);
    await countView(test.platform.redis, store.id, product.id);
    await countView(test.platform.redis, store.id, product.id);
    // A flush that renamed the hash and died before its UPDATE.
    await test.platform.redis.rename("catalog:views", "catalog:views:flushing");
    await countView(test.platform.redis, store.id, product.id);
    expect(await flush()).toBe(2);
    expect(await views(product.id)).toBe(2);
    expect(await flush()).toBe(1);
    expect(await views(product.id)).toBe(3);
  });

  it("add a store's views to that store's product only", async () => {
    const mine = await buildProduct(test.platform.dataSource, store.id);
    const theirs = await buildProduct(test.platform.dataSource, other.id);
    await countView(test.platform.redis, other.id, mine.id); // a forged pair: wrong store for this product
    await countView(test.platform.redis, other.id, theirs.id);
    await flush();
    expect(await views(mine.id)).toBe(0);
    expect(await views(theirs.id)).toBe(1);
  });

  it("are flushed by the view-flush queue, scheduled every minute by the worker", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id);
    let worker: RunningWorker | undefined;
    try {
      worker = startWorkers(test.platform, { queues: ["view-flush"], relayIntervalMs: 60_000 });
      const queue = test.platform.queues.get("view-flush");
      await expect
        .poll(async () => (await queue.getJobSchedulers()).map((s) => [s.key, s.every]), { timeout: 5000 })
        .toContainEqual(["view-flush", 60_000]);
      await countView(test.platform.redis, store.id, product.id);
      await queue.add("flush", {});
      await expect.poll(() => views(product.id), { timeout: 10_000, interval: 100 }).toBe(1);
    } finally {
      await worker?.stop();
    }
  });
});
