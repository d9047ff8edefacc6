import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../config/config.js";
import { createApp } from "../main/app.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { formatToman } from "@mall/locale";
import { createPlatform, type ProcessPlatform } from "../main/platform.js";
import { buildSite } from "../sites/site-build.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer } from "../test/sign-in.js";
import { TcpProxy } from "../test/tcp-proxy.js";
import { createTestConfig, destroyTestConfig } from "../test/test-platform.js";
import type { Product } from "./product.entity.js";

/**
 * Redis goes away while a merchant edits the catalog: the edits are saved
 * (their events wait in the outbox, in PostgreSQL), the live site keeps
 * serving, and once Redis is back the relay delivers every event and the site
 * shows every edit (and the product cache forgets the old price). Redis is cut for real: the server, the relay and the
 * workers all reach it through a proxy this test stops.
 */
const redisUrl = new URL(parseConfig(process.env).REDIS_URL);
const proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
let config: Config;
let platform: ProcessPlatform;
let server: TestServer;
let worker: RunningWorker;
let store: Store;
let vase: Product;
let cup: Product;
let owner: Record<string, string>;

beforeAll(async () => {
  const port = await proxy.start();
  config = await createTestConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, PRODUCT_CACHE_SECONDS: "60" });
  platform = await createPlatform(config, "test");
  store = await buildStore(platform.dataSource, { name: "فروشگاه بی‌ردیس" });
  vase = await buildProduct(platform.dataSource, store.id, { nameFa: "گلدان سفالی", slug: "vase", basePrice: 2_000_000, stock: 3 });
  cup = await buildProduct(platform.dataSource, store.id, { nameFa: "فنجان ساده", slug: "cup", basePrice: 500_000, stock: 9 });
  expect((await buildSite(platform, store.id, "test")).status).toBe("succeeded");
  const [user] = await platform.dataSource.query(
    `SELECT u.id, u.phone, u.is_staff AS "isStaff" FROM users u JOIN stores s ON s.owner_id = u.id WHERE s.id = $1`,
    [store.id],
  );
  owner = bearer(config, user);
  server = await startTestServer(createApp(platform));
  worker = startWorkers(platform, { relayIntervalMs: 200, queues: ["site-rebuild", "site-build", "product-cache"] });
});

afterAll(async () => {
  await proxy.start().catch(() => {});
  await worker?.stop();
  await server?.close();
  await platform?.close();
  if (config) await destroyTestConfig(config);
  await proxy.stop();
});

const host = () => `${store.slug}.${config.PLATFORM_DOMAIN}`;
const page = (slug: string) => server.request("GET", `/p/${slug}/`, { host: host() });
const unrelayed = async () =>
  (
    (await platform.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE store_id = $1 AND relayed_at IS NULL`, [store.id])) as [
      { n: number },
    ]
  )[0].n;

describe("Redis stopped while the merchant edits the catalog", () => {
  it("saves the edits, keeps the site up, and shows every edit once Redis is back", async () => {
    expect((await page("vase")).text).toContain(formatToman(2_000_000));
    const api = async () => (await server.request("GET", "/api/v1/products/vase", { host: host() })).body.basePrice as number;
    await expect.poll(api, { timeout: 10_000 }).toBe(2_000_000); // now in the product cache too
    await proxy.stop();

    // The merchant's edits go through as usual.
    const price = await server.request("PATCH", `/api/v1/stores/${store.id}/products/${vase.id}`, {
      headers: owner,
      body: { basePrice: 2_500_000 },
    });
    expect(price.status, price.text).toBe(200);
    const rename = await server.request("PATCH", `/api/v1/stores/${store.id}/products/${cup.id}`, {
      headers: owner,
      body: { nameFa: "فنجان لعابی" },
    });
    expect(rename.status, rename.text).toBe(200);
    const hide = await server.request("DELETE", `/api/v1/stores/${store.id}/products/${vase.id}`, { headers: owner });
    expect(hide.status, hide.text).toBe(200);
    const show = await server.request("PATCH", `/api/v1/stores/${store.id}/products/${vase.id}`, {
      headers: owner,
      body: { isActive: true },
    });
    expect(show.status, show.text).toBe(200);

    // Nothing can be delivered yet: the events wait in PostgreSQL, and shoppers still get the last good site.
    await new Promise((wait) => setTimeout(wait, 2000));
    expect(await unrelayed()).toBeGreaterThanOrEqual(4);
    const during = await page("vase");
    expect(during.status).toBe(200);
    expect(during.text).toContain(formatToman(2_000_000));
    expect(await api()).toBe(2_500_000); // the islands' live price: PostgreSQL answers while the cache is out of reach

    await proxy.start();
    await expect.poll(async () => (await page("vase")).text, { timeout: 120_000, interval: 500 }).toContain(formatToman(2_500_000));
    await expect.poll(async () => (await page("cup")).text, { timeout: 30_000, interval: 500 }).toContain("فنجان لعابی");
    // The cached old price was forgotten by its event, relayed late but not lost.
    await expect.poll(api, { timeout: 30_000, interval: 500 }).toBe(2_500_000);
    expect(await unrelayed()).toBe(0);
  });
});
