/**
 * One server or two behind nginx (`npm run bench:scale`; options:
 * --seconds=15 --connections=16): the product API (a shopper's product read,
 * product cache off so every request reaches PostgreSQL) and checkout (a
 * placement per request, one transaction each, by a shopper of its own,
 * from a closed loop of `connections` shoppers in this process) through nginx with the
 * generated config, first with one Mall server process in the upstream, then
 * with two. Prints requests per second and latency percentiles, with the
 * machine's load average before each run: on a shared machine the figures
 * say little unless the load is low, and must be measured again on an idle
 * one. Needs a migrated database (DATABASE_URL) and Redis; the store it
 * makes is left in place (a bench database, not production).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
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
// A shopper may hold only a few unpaid orders in a store: each checkout is a shopper of its own.
const prefix = String(randomBytes(2).readUInt16BE() % 100).padStart(2, "0");
const phones = Array.from({ length: 30_000 }, (_, i) => `+98994${prefix}${String(i).padStart(5, "0")}`);
const crowd = (await platform.dataSource.query(
  `INSERT INTO users (phone) SELECT unnest($1::text[]) ON CONFLICT (phone) DO NOTHING RETURNING id, phone`,
  [phones],
)) as Array<{ id: string; phone: string }>;
const phone = crowd.pop()!.phone;
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
  TRUST_PROXY_HOPS: "2",
  PRODUCT_CACHE_SECONDS: "0",
  LOG_LEVEL: "warn",
  NODE_ENV: config.NODE_ENV,
};
const checkout = JSON.stringify({
  items: [{ instanceId: setup.instanceId, quantity: 1 }],
  address: tehranAddress(),
  shippingMethodId: setup.methodId,
});
const rows: string[] = [];
const line = (label: string, result: Omit<LoadResult, "generator">, load: string) =>
  rows.push(
    `${label.padEnd(28)} ${result.perSecond.toFixed(0).padStart(6)}/s  p50 ${result.p50Ms.toFixed(1)} ms  p99 ${result.p99Ms.toFixed(1)} ms  errors ${result.errors}${result.errorDetail ? ` [${result.errorDetail}]` : ""}  (load ${load})`,
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
    // As behind a CDN: nginx passes on the load generator's per-shopper X-Forwarded-For, so the per-address limits see many shoppers.
    trustedHops: 2,
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
    const placed = await checkoutLoad(nginx.port, host);
    line(`checkout, ${count} server${count > 1 ? "s" : ""}`, placed, before);
  } finally {
    await nginx.stop();
    for (const server of servers) await server.stop();
  }
}
/** `connections` shoppers placing orders one after another for `seconds`, each order by a shopper of its own. */
async function checkoutLoad(port: number, host: string): Promise<Omit<LoadResult, "generator">> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const started = Date.now();
  const post = (token: string) =>
    new Promise<number>((done) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          agent,
          method: "POST",
          path: "/api/v1/orders",
          headers: {
            host,
            "content-type": "application/json",
            authorization: `Bearer ${token}`,
            "idempotency-key": randomUUID(),
            "x-forwarded-for": `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0]! % 254)}`,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => done(res.statusCode ?? 0));
        },
      );
      req.on("error", () => done(0));
      req.end(checkout);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() - started < seconds * 1000 && crowd.length > 0) {
        const shopper = crowd.pop()!;
        const token = signAccessToken({ id: shopper.id, phone: shopper.phone, isStaff: false }, config.JWT_SECRET);
        const sent = process.hrtime.bigint();
        const status = await post(token);
        latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
        if (status !== 201) errors++;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    perSecond: latencies.length / ((Date.now() - started) / 1000),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
  };
}

// eslint-disable-next-line no-console
console.log(
  `${connections} connections, ${seconds} s each, through nginx; load average (1, 5, 15 min) before each run\n${rows.join("\n")}`,
);
