import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import type { Config } from "../config/config.js";
import { createApp } from "../main/app.js";
import { createPlatform, type ProcessPlatform } from "../main/platform.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { buildShippingMethod, tehranAddress } from "../test/order-fixtures.js";
import { startReplicatedPostgres, type ReplicatedPostgres } from "../test/postgres-replica.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { createTestConfig, destroyTestConfig } from "../test/test-platform.js";
import { createDataSource } from "./data-source.js";

/**
 * A streaming read replica (DATABASE_REPLICA_URLS) held behind on purpose:
 * the storefront's catalog reads may lag and come from it; the merchant's
 * product after saving and the shopper's order after placing it must not,
 * and come from the primary.
 */
let cluster: ReplicatedPostgres;
let base: Config;
let platform: ProcessPlatform;
let server: TestServer;

beforeAll(async () => {
  base = await createTestConfig();
  cluster = await startReplicatedPostgres("mall_replica_test");
  const migrating = createDataSource({ url: cluster.primaryUrl, applicationName: "mall-replica-test-migrate" });
  await migrating.initialize();
  await migrating.runMigrations({ transaction: "each" });
  await migrating.destroy();
  const config: Config = { ...base, DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: [cluster.replicaUrl] };
  platform = await createPlatform(config, "test");
  server = await startTestServer(createApp(platform));
}, 180_000);

afterAll(async () => {
  await server?.close();
  await platform?.close();
  await cluster?.stop();
  if (base) await destroyTestConfig(base);
});

describe("a read replica held behind", { timeout: 120_000 }, () => {
  it("shows the shopper the old price until it catches up, the merchant and the shopper their own writes at once", async () => {
    const { dataSource } = platform;
    const owner = await buildUser(dataSource);
    const shopper = await buildUser(dataSource);
    const store = await buildStore(dataSource, { ownerPhone: owner.phone });
    const product = await buildProduct(dataSource, store.id, { nameFa: "زعفران قائنات", basePrice: 4_000_000, stock: 5 });
    const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
    const post = await buildShippingMethod(dataSource, store.id);
    const host = `${store.slug}.${base.PLATFORM_DOMAIN}`;
    const priceFrom = async (path: string, options: { host?: string; headers?: Record<string, string> }) => {
      const answer = await server.request("GET", path, options);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.basePrice as number;
    };
    const shopperPrice = () => priceFrom(`/api/v1/products/${product.id}`, { host });
    const merchantPrice = () => priceFrom(`/api/v1/stores/${store.id}/products/${product.id}`, { headers: bearer(platform.config, owner) });
    await cluster.caughtUp();
    expect(await shopperPrice()).toBe(4_000_000);

    await cluster.pauseReplay();
    const saved = await server.request("PATCH", `/api/v1/stores/${store.id}/products/${product.id}`, {
      headers: bearer(platform.config, owner),
      body: { basePrice: 4_500_000 },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.basePrice).toBe(4_500_000);
    // The merchant reopens the product they just saved: the new price (primary).
    expect(await merchantPrice()).toBe(4_500_000);
    // A shopper's product page may lag: the replica has not applied the change.
    expect(await shopperPrice()).toBe(4_000_000);
    // The shopper places an order and opens it at once: it is there (primary), though the replica has not seen it.
    const placed = await server.request("POST", "/api/v1/orders", {
      host,
      headers: bearer(platform.config, shopper),
      body: { items: [{ instanceId: instance.id, quantity: 1 }], address: tehranAddress(), shippingMethodId: post.id },
    });
    expect(placed.status).toBe(201);
    const orderId: string = placed.body.id;
    const opened = await server.request("GET", `/api/v1/orders/${orderId}`, { host, headers: bearer(platform.config, shopper) });
    expect(opened.status).toBe(200);
    expect(opened.body.id).toBe(orderId);
    // The order was priced on the primary, at the new price, whatever the shopper's page showed.
    expect(opened.body.lines.map((line: { unitPrice: number }) => line.unitPrice)).toEqual([4_500_000]);

    await cluster.resumeReplay();
    await cluster.caughtUp();
    expect(await shopperPrice()).toBe(4_500_000);
    expect(await merchantPrice()).toBe(4_500_000);
  });
});
