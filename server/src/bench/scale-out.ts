/**
 * One server or two behind nginx (`npm run bench:scale`; options:
 * --seconds=15 --connections=16): the product API (a shopper's product read,
 * product cache off so every request reaches PostgreSQL) and checkout (a
 * placement per request, one transaction each) through nginx with the
 * generated config, first with one Mall server process in the upstream, then
 * with two. Prints requests per second and latency percentiles, with the
 * machine's load average before each run: on a shared machine the figures
 * say little unless the load is low, and must be measured again on an idle
 * one. Needs a migrated database (DATABASE_URL) and Redis; the store it
 * makes is left in place (a bench database, not production).
 */
import { randomBytes } from "node:crypto";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { configOrExit, parseConfig } from "../config/config.js";
import { systemContext } from "../core/context.js";
import { createCategory } from "../catalog/category.service.js";
import { createProduct } from "../catalog/product.service.js";
import { signAccessToken } from "../identity/token.service.js";
import { createPlatform } from "../main/platform.js";
import { createShippingMethod } from "../orders/shipping.service.js";
import { createStore, createTenant } from "../tenancy/tenancy.service.js";
import { tehranAddress } from "../test/order-fixtures.js";
import { runLoad, type LoadResult } from "./load.js";
import { startMallServer, startNginx, type Running } from "./processes.js";

function arg(name: string, fallback: string): string {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}
const seconds = Number(arg("seconds", "15"));
const connections = Number(arg("connections", "16"));
const base = configOrExit();
const config = parseConfig({
  ...process.env,
  REDIS_PREFIX: `${base.REDIS_PREFIX}-bench-scale-${process.pid}`,
  TRUST_PROXY_HOPS: "1",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
});
const platform = await createPlatform(config, "bench");
const tag = randomBytes(3).toString("hex");
const phone = `+98990${String(randomBytes(3).readUIntBE(0, 3) % 10_000_000).padStart(7, "0")}`;
const [shopper] = (await platform.dataSource.query(`INSERT INTO users (phone) VALUES ($1) RETURNING id, phone`, [phone])) as Array<{
  id: string;
  phone: string;
}>;
const setup = await platform.dataSource.transaction(async (manager) => {
  const ctx = systemContext(manager, "bench");
  const tenant = await createTenant(ctx, { name: "Scale bench", slug: `bench-scale-${tag}` });
  const store = await createStore(ctx, { tenant: tenant.id, name: "فروشگاه آزمون مقیاس", slug: `bench-scale-${tag}`, ownerPhone: phone });
  const category = await createCategory(ctx, store.id, { name: "Bench", nameFa: "آزمون", slug: `bench-${tag}` });
  const product = await createProduct(ctx, store.id, {
    categoryId: category.id,
    name: "Tea",
    nameFa: "چای",
    slug: `tea-${tag}`,
    basePrice: 1_500_000,
    stock: 10_000_000,
  });
  const [instance] = (await manager.query(`SELECT id FROM product_instances WHERE product_id = $1 AND store_id = $2`, [
    product.id,
    store.id,
  ])) as Array<{ id: string }>;
  const method = await createShippingMethod(ctx, store.id, { kind: "post_pishtaz", price: 450_000 });
  return { store, productId: product.id, instanceId: instance!.id, methodId: method.id };
});
await platform.close();

const env = {
  DATABASE_URL: config.DATABASE_URL,
  REDIS_PREFIX: config.REDIS_PREFIX,
  TRUST_PROXY_HOPS: "1",
  PRODUCT_CACHE_SECONDS: "0",
  LOG_LEVEL: "warn",
  NODE_ENV: config.NODE_ENV,
};
const token = signAccessToken({ id: shopper!.id, phone, isStaff: false }, config.JWT_SECRET);
const checkout = JSON.stringify({
  items: [{ instanceId: setup.instanceId, quantity: 1 }],
  address: tehranAddress(),
  shippingMethodId: setup.methodId,
});
const rows: string[] = [];
const line = (label: string, result: LoadResult, load: string) =>
  rows.push(
    `${label.padEnd(28)} ${result.perSecond.toFixed(0).padStart(6)}/s  p50 ${result.p50Ms.toFixed(1)} ms  p99 ${result.p99Ms.toFixed(1)} ms  errors ${result.errors}  (load ${load})`,
  );
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");

for (const count of [1, 2]) {
  const servers: Running[] = [];
  for (let i = 0; i < count; i++) servers.push(await startMallServer(env));
  const nginx = await startNginx({
    prefix: mkdtempSync(join(tmpdir(), "mall-bench-scale-nginx-")),
    sitesDir: config.SITES_DIR,
    upstreams: servers.map((s) => s.port),
    plainDir: tmpdir(),
  });
  const host = `${setup.store.slug}.${config.PLATFORM_DOMAIN}`;
  try {
    let before = load();
    const product = await runLoad({
      url: `http://127.0.0.1:${nginx.port}/api/v1/products/${setup.productId}`,
      connections,
      seconds,
      headers: { host },
      spreadClients: true,
    });
    line(`product API, ${count} server${count > 1 ? "s" : ""}`, product, before);
    before = load();
    const placed = await runLoad({
      url: `http://127.0.0.1:${nginx.port}/api/v1/orders`,
      connections,
      seconds,
      headers: { host, authorization: `Bearer ${token}` },
      post: checkout,
      spreadClients: true,
    });
    line(`checkout, ${count} server${count > 1 ? "s" : ""}`, placed, before);
  } finally {
    await nginx.stop();
    for (const server of servers) await server.stop();
  }
}
// eslint-disable-next-line no-console
console.log(
  `${connections} connections, ${seconds} s each, through nginx; load average (1, 5, 15 min) before each run\n${rows.join("\n")}`,
);
