import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser, clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildShippingMethod, tehranAddress } from "../test/order-fixtures.js";
import type { ShippingMethod } from "./shipping-method.entity.js";

/**
 * No overselling under any concurrency, through the real HTTP API: every
 * request is its own transaction on its own pooled connection, as in production.
 */
const test = useTestPlatform();
let server: TestServer;
let store: Store;
let post: ShippingMethod;
let shoppers: User[];

const host = () => `${store.slug}.mall.localhost`;
const stockOf = async (id: string) => (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id })).stock;

async function instanceWithStock(stock: number): Promise<string> {
  const product = await buildProduct(test.platform.dataSource, store.id, { basePrice: 2_000_000, stock });
  return (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id })).id;
}

function place(user: User, items: Array<{ instanceId: string; quantity: number }>) {
  return server.request("POST", "/api/v1/orders", {
    host: host(),
    headers: bearer(test.config, user),
    body: { items, address: tehranAddress(), shippingMethodId: post.id },
  });
}

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource);
  post = await buildShippingMethod(dataSource, store.id);
  shoppers = [];
  // 200 shoppers, each placing one order: a shopper may keep only a few orders waiting for payment.
  for (let batch = 0; batch < 20; batch++) shoppers.push(...(await Promise.all(Array.from({ length: 10 }, () => buildUser(dataSource)))));
  server = await startTestServer(createApp(test.platform));
}, 60_000);

afterAll(() => server?.close());

describe("placing orders at the same time", () => {
  it("200 concurrent placements against 10 units make exactly 10 orders and leave stock at 0", async () => {
    await clearRateLimits(test.platform);
    const instanceId = await instanceWithStock(10);
    const responses = await Promise.all(shoppers.map((user) => place(user, [{ instanceId, quantity: 1 }])));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(190);
    expect(new Set(responses.filter((r) => r.status === 409).map((r) => `${r.body.error.code} ${r.body.error.field}`))).toEqual(
      new Set(["insufficient_stock items.0.quantity"]),
    );
    expect(await stockOf(instanceId)).toBe(0);
    const [{ orders, units }] = await test.platform.dataSource.query(
      `SELECT count(DISTINCT o.id)::int AS orders, coalesce(sum(l.quantity), 0)::int AS units FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.instance_id = $1`,
      [instanceId],
    );
    expect({ orders, units }).toEqual({ orders: 10, units: 10 });
    const numbers = responses.filter((r) => r.status === 201).map((r) => r.body.number as number);
    expect(new Set(numbers).size).toBe(10);
  }, 60_000);

  it("mixed carts sharing instances, in any line order, never deadlock, fail only for stock, and never oversell", async () => {
    await clearRateLimits(test.platform);
    const { dataSource } = test.platform;
    // The first run's 10 winners still have an order waiting: give them a rest by cancelling theirs.
    await dataSource.query(`UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE store_id = $1`, [store.id]);
    const ids = [await instanceWithStock(10), await instanceWithStock(10), await instanceWithStock(10)];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const carts = shoppers.map(() => {
      const picked = ids.filter(() => random() < 0.6);
      const lines = (picked.length ? picked : [ids[Math.floor(random() * 3)]!]).map((instanceId) => ({
        instanceId,
        quantity: 1 + Math.floor(random() * 2),
      }));
      return lines.sort(() => random() - 0.5);
    });
    const responses = await Promise.all(shoppers.map((user, i) => place(user, carts[i]!)));
    const failures = responses.filter((r) => r.status !== 201);
    expect(failures.every((r) => r.status === 409 && r.body.error.code === "insufficient_stock")).toBe(true);
    expect(responses.filter((r) => r.status === 201).length).toBeGreaterThan(0);
    for (const id of ids) {
      const [{ units }] = await dataSource.query(
        `SELECT coalesce(sum(quantity), 0)::int AS units FROM order_lines WHERE instance_id = $1`,
        [id],
      );
      const stock = await stockOf(id);
      expect(stock).toBeGreaterThanOrEqual(0);
      expect(units + stock).toBe(10);
    }
  }, 60_000);
});
