/**
 * Checkout under a crowd: N shoppers press «ثبت سفارش» at the same moment
 * for one model with only a few units (`npm run bench:checkout`; options:
 * --checkouts=1000 --stock=10 --pool=10 --concurrency=1000 --keep, and the
 * run's bounds below: --sockets=1000 --deadline=600). Each shopper is a user of
 * their own with a Bearer token and their own client address (the API's
 * per-IP limit is not what is measured), and every request goes over
 * loopback HTTP to the real Express app in this process: routing,
 * validation, authentication, one transaction per placement, PostgreSQL.
 *
 * Prints how many orders were placed, how many units were oversold (must be
 * 0: the CHECK on stock and the conditional UPDATE make it impossible), the
 * answers per second, and latency percentiles. A checkout that waits longer
 * than the pool's connection timeout is turned away with 503 «busy» (safe to
 * retry with its Idempotency-Key): a crowd larger than the server takes in
 * that time gets some of those, which the run counts and accepts; any other
 * failure, or stock that does not add up, fails it.
 *
 * The run is bounded. Every checkout is sent at once, over at most --sockets
 * connections, as a proxy in front keeps a pool of them (and both ends live
 * in this process, two open files a connection under the 20,000 allowed;
 * 2,000 connections at once already had some reset here); the rest wait for
 * a free connection in the client, and their latency counts that wait. A
 * checkout not answered within --deadline seconds of the start is abandoned
 * and counted as «no answer», so 10,000 attempts end in a known time; a
 * connection that fails is counted by its error and fails the run.
 *
 * Needs a migrated database
 * (DATABASE_URL) and Redis; everything it creates is deleted afterwards
 * unless --keep.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { createProduct } from "../catalog/product.service.js";
import { configOrExit, parseConfig } from "../config/config.js";
import { createApp } from "../main/app.js";
import { signAccessToken } from "../identity/token.service.js";
import { systemContext } from "../core/context.js";
import { createPlatform } from "../main/platform.js";
import { createCategory } from "../catalog/category.service.js";
import { createStore, createTenant } from "../tenancy/tenancy.service.js";
import { tehranAddress } from "../test/order-fixtures.js";
import { createShippingMethod } from "../orders/shipping.service.js";

function arg(name: string, fallback: string): string {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

const checkouts = Number(arg("checkouts", "1000"));
const stock = Number(arg("stock", "10"));
const keep = process.argv.includes("--keep");
const base = configOrExit();
const config = parseConfig({
  ...process.env,
  // A Redis prefix of its own (rate-limit counters start at zero), client addresses from X-Forwarded-For.
  REDIS_PREFIX: `${base.REDIS_PREFIX}-bench-${process.pid}`,
  TRUST_PROXY_HOPS: "1",
  DATABASE_POOL_SIZE: arg("pool", String(base.DATABASE_POOL_SIZE)),
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
});
const platform = await createPlatform(config, "bench");
const { dataSource } = platform;
const tag = randomBytes(3).toString("hex");

// The crowd first: users of their own (only rows this run inserted are used, and deleted afterwards).
const prefix = String(randomBytes(2).readUInt16BE() % 100).padStart(2, "0");
const phones = Array.from({ length: checkouts + 1 }, (_, i) => `+98991${prefix}${String(i).padStart(5, "0")}`);
const users = (await dataSource.query(
  `INSERT INTO users (phone) SELECT unnest($1::text[]) ON CONFLICT (phone) DO NOTHING RETURNING id, phone, is_staff`,
  [phones],
)) as Array<{
  id: string;
  phone: string;
  is_staff: boolean;
}>;
const owner = users.pop()!;

// The shop, its one model with `stock` units, and a shipping method.
const setup = await dataSource.transaction(async (manager) => {
  const ctx = systemContext(manager, "bench");
  const tenant = await createTenant(ctx, { name: "Checkout bench", slug: `bench-co-${tag}` });
  const store = await createStore(ctx, { tenant: tenant.id, name: "فروشگاه آزمون بار", slug: `bench-co-${tag}`, ownerPhone: owner.phone });
  const category = await createCategory(ctx, store.id, { name: "Bench", nameFa: "آزمون", slug: `bench-${tag}` });
  const product = await createProduct(ctx, store.id, {
    categoryId: category.id,
    name: "Limited tee",
    nameFa: "تی‌شرت محدود",
    slug: `limited-${tag}`,
    basePrice: 4_500_000,
    stock,
  });
  const [instance] = (await manager.query(`SELECT id FROM product_instances WHERE store_id = $1 AND product_id = $2`, [
    store.id,
    product.id,
  ])) as Array<{ id: string }>;
  const method = await createShippingMethod(ctx, store.id, { kind: "post_pishtaz", price: 450_000 });
  return { tenantId: tenant.id, store, instanceId: instance!.id, methodId: method.id };
});

const server = createServer(createApp(platform)).listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const port = (server.address() as AddressInfo).port;
const agent = new Agent({ keepAlive: true, maxSockets: Number(arg("sockets", "1000")) });
const deadline = AbortSignal.timeout(Number(arg("deadline", "600")) * 1000);

// Signed before the crowd starts: the shoppers' browsers sign nothing, and signing here would take the server's CPU.
const tokens = users.map((user) => signAccessToken({ id: user.id, phone: user.phone, isStaff: user.is_staff }, config.JWT_SECRET));

function place(index: number): Promise<{ status: number; ms: number; code: string | undefined }> {
  const body = JSON.stringify({
    items: [{ instanceId: setup.instanceId, quantity: 1 }],
    address: tehranAddress(),
    shippingMethodId: setup.methodId,
  });
  const token = tokens[index]!;
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        agent,
        signal: deadline,
        method: "POST",
        path: "/api/v1/orders",
        headers: {
          "content-type": "application/json",
          "x-store": setup.store.slug,
          authorization: `Bearer ${token}`,
          "idempotency-key": randomUUID(),
          "x-forwarded-for": `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { error?: { code: string } };
          resolve({ status: res.statusCode ?? 0, ms, code: parsed.error?.code });
        });
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve({
        status: 0,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        code: deadline.aborted ? "no answer" : (error.code ?? error.message),
      }),
    );
    req.end(body);
  });
}

// All at once by default; --concurrency=N keeps N in flight (1 measures one request's own latency).
const concurrency = Number(arg("concurrency", String(users.length)));
const results: Array<Awaited<ReturnType<typeof place>>> = [];
const started = process.hrtime.bigint();
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(concurrency, users.length) }, async () => {
    while (next < users.length) {
      const index = next++;
      results.push(await place(index));
    }
  }),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const [{ units, orders }] = (await dataSource.query(
  `SELECT coalesce(sum(l.quantity), 0)::int AS units, count(DISTINCT l.order_id)::int AS orders FROM order_lines l WHERE l.store_id = $1 AND l.instance_id = $2`,
  [setup.store.id, setup.instanceId],
)) as [{ units: number; orders: number }];
const [{ stock: left }] = (await dataSource.query(`SELECT stock FROM product_instances WHERE id = $1`, [setup.instanceId])) as [
  { stock: number },
];

if (!keep) {
  await dataSource.query(`DELETE FROM stores WHERE id = $1`, [setup.store.id]);
  await dataSource.query(`DELETE FROM tenants WHERE id = $1`, [setup.tenantId]);
  await dataSource.query(`DELETE FROM users WHERE id = ANY($1::uuid[])`, [[...users.map((u) => u.id), owner.id]]);
}
agent.destroy();
server.close();
server.closeAllConnections();
await platform.close();

const times = results.map((r) => r.ms).sort((a, b) => a - b);
const percentile = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
const byOutcome = new Map<string, number>();
for (const r of results)
  byOutcome.set(`${r.status}${r.code ? ` ${r.code}` : ""}`, (byOutcome.get(`${r.status}${r.code ? ` ${r.code}` : ""}`) ?? 0) + 1);
const placed = results.filter((r) => r.status === 201).length;
const unanswered = results.filter((r) => r.status === 0 && r.code === "no answer").length;
const busy = results.filter((r) => r.status === 503 && r.code === "busy").length;
const failed = results.filter((r) => (r.status === 0 && r.code !== "no answer") || (r.status >= 500 && r.code !== "busy")).length;
const oversold = Math.max(0, units - stock);
process.stdout.write(
  [
    `${users.length} concurrent checkouts of one model with ${stock} units, over loopback HTTP to the in-process app (DB pool ${config.DATABASE_POOL_SIZE}, at most ${agent.maxSockets} connections).`,
    `placed:    ${placed} orders (${orders} in the database, ${units} units; stock left ${left})`,
    `oversold:  ${oversold}`,
    `answers:   ${[...byOutcome].map(([outcome, n]) => `${outcome} × ${n}`).join(", ")}`,
    `no answer: ${unanswered} within the deadline`,
    `wall:      ${seconds.toFixed(2)} s → ${((users.length - unanswered) / seconds).toFixed(0)} checkouts answered/s, ${(placed / seconds).toFixed(1)} orders placed/s`,
    `latency:   p50 ${percentile(50).toFixed(0)} ms, p95 ${percentile(95).toFixed(0)} ms, p99 ${percentile(99).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms`,
    "",
  ].join("\n"),
);
// Every unit sold is an answered order and left the stock; every shopper placed, was refused for stock, or was told busy.
// Past the deadline the app may still place an abandoned checkout after the counts were read: then only overselling is checked.
const consistent = units === placed && orders === placed && left === stock - placed && failed === 0;
const everyoneServed = placed === Math.min(stock, users.length) || busy > 0;
if (oversold > 0 || failed > 0 || (unanswered === 0 && !(consistent && everyoneServed))) process.exitCode = 1;
