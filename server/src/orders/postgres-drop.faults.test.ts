import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import type { Config } from "../config/config.js";
import { createDataSource } from "../db/data-source.js";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { createPlatform, type ProcessPlatform } from "../main/platform.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestResponse, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { TcpProxy } from "../test/tcp-proxy.js";
import { createTestConfig, destroyTestConfig } from "../test/test-platform.js";
import { buildShippingMethod, tehranAddress } from "../test/order-fixtures.js";

/**
 * PostgreSQL connections drop while shoppers are in the middle of checking
 * out: the server reaches PostgreSQL through a proxy, every placement is
 * held inside its transaction (this test holds the model's row lock, so each
 * one has claimed its Idempotency-Key and is waiting to take the stock),
 * and then the proxy cuts every connection. No order is left half made, no
 * unit is lost, each shopper gets a clean error, and the same checkouts
 * retried once PostgreSQL is reachable again are placed exactly up to the
 * stock.
 */
const STOCK = 5;
const SHOPPERS = 8;
let config: Config;
let platform: ProcessPlatform;
let proxy: TcpProxy;
let direct: ReturnType<typeof createDataSource>;
let server: TestServer;
let store: Store;
let instanceId: string;
let shippingMethodId: string;
let shoppers: User[];

beforeAll(async () => {
  config = await createTestConfig();
  direct = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-faults-direct" });
  await direct.initialize();
  const url = new URL(config.DATABASE_URL);
  proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
  url.port = String(await proxy.start());
  platform = await createPlatform({ ...config, DATABASE_URL: url.toString() }, "test");

  store = await buildStore(direct, { name: "فروشگاه قطعی" });
  const product = await buildProduct(direct, store.id, { nameFa: "کتری لعابی", basePrice: 2_000_000, stock: STOCK });
  instanceId = (await direct.getRepository(ProductInstance).findOneByOrFail({ productId: product.id })).id;
  shippingMethodId = (await buildShippingMethod(direct, store.id, { price: 300_000 })).id;
  shoppers = await Promise.all(Array.from({ length: SHOPPERS }, () => buildUser(direct)));
  server = await startTestServer(createApp(platform));
});

afterAll(async () => {
  await server?.close();
  await platform?.close().catch(() => {});
  await proxy?.stop();
  await direct?.destroy();
  if (config) await destroyTestConfig(config);
});

const keys = Array.from({ length: SHOPPERS }, () => randomUUID());
function checkout(index: number): Promise<TestResponse> {
  return server.request("POST", "/api/v1/orders", {
    host: `${store.slug}.${config.PLATFORM_DOMAIN}`,
    headers: { ...bearer(config, shoppers[index]!), "idempotency-key": keys[index]! },
    body: { items: [{ instanceId, quantity: 1 }], address: tehranAddress(), shippingMethodId },
  });
}

async function shelf() {
  const [row] = await direct.query(
    `SELECT i.stock,
            (SELECT count(*)::int FROM orders o WHERE o.store_id = $1) AS orders,
            (SELECT count(*)::int FROM orders o WHERE o.store_id = $1 AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)) AS "ordersWithoutLines",
            (SELECT coalesce(sum(l.quantity), 0)::int FROM order_lines l WHERE l.store_id = $1) AS "unitsOrdered"
       FROM product_instances i WHERE i.id = $2`,
    [store.id, instanceId],
  );
  return row as { stock: number; orders: number; ordersWithoutLines: number; unitsOrdered: number };
}

describe("PostgreSQL connections dropped during checkout", () => {
  it("leaves no half order and no lost stock; the retried checkouts place exactly the stock", async () => {
    // Hold the model's row so that every placement stops inside its transaction, just before taking the stock.
    const holder = direct.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT id FROM product_instances WHERE id = $1 FOR UPDATE`, [instanceId]);
    const answers = Promise.all(shoppers.map((_, index) => checkout(index)));
    await expect
      .poll(
        async () =>
          (
            (await direct.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )) as [{ n: number }]
          )[0].n,
        { timeout: 30_000, interval: 100 },
      )
      .toBe(SHOPPERS);

    await proxy.stop(); // every connection of the server to PostgreSQL is gone, mid-transaction
    await holder.commitTransaction();
    await holder.release();

    const failed = await answers;
    for (const res of failed) {
      expect(res.status, res.text).toBeGreaterThanOrEqual(500);
      expect(res.body.error.message).toMatch(/[\u0600-\u06ff]/);
      expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
    }
    // The transactions died with their connections: nothing of them is left.
    await expect
      .poll(
        async () =>
          (
            await direct.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mall-test'`,
            )
          )[0].n,
        { timeout: 30_000 },
      )
      .toBe(0);
    expect(await shelf()).toEqual({ stock: STOCK, orders: 0, ordersWithoutLines: 0, unitsOrdered: 0 });

    // PostgreSQL is reachable again; the shoppers press the button again (same Idempotency-Keys).
    await proxy.start();
    const retried = await Promise.all(shoppers.map((_, index) => checkout(index)));
    const statuses = retried.map((res) => res.status).sort();
    expect(statuses, retried.map((r) => r.text).join("\n")).toEqual([...Array(STOCK).fill(201), ...Array(SHOPPERS - STOCK).fill(409)]);
    expect(await shelf()).toEqual({ stock: 0, orders: STOCK, ordersWithoutLines: 0, unitsOrdered: STOCK });
  });
});
