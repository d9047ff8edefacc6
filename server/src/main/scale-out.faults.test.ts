import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import type { Config } from "../config/config.js";
import type { User } from "../identity/user.entity.js";
import { renderNginxConfig } from "../sites/nginx-config.js";
import type { Store } from "../tenancy/store.entity.js";
import { TEST_BUNDLE_DIR } from "../test/admin-bundle-dir.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { freePort } from "../test/free-port.js";
import { httpClient, type TestResponse, type TestServer } from "../test/http-client.js";
import { startNginx, type NginxServer } from "../test/nginx-server.js";
import { buildShippingMethod, tehranAddress } from "../test/order-fixtures.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { createTestConfig, destroyTestConfig } from "../test/test-platform.js";
import { createPlatform, type ProcessPlatform } from "./platform.js";

/**
 * Two server processes and two worker processes behind Debian's nginx with
 * the generated config (an upstream of both servers). Shoppers check out and
 * merchants rename products through nginx, on loopback, for a bounded time;
 * in the middle one server and one worker are killed (SIGKILL to their
 * process groups, as a lost machine). No checkout is lost or doubled, a
 * shopper repeats a request at most once (with the same Idempotency-Key),
 * no catalog event is lost, builds of a store never overlap, every build is
 * done once (one finished build per build job) and the sites end up showing
 * the last names.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const LOAD_MS = 20_000;
const KILL_AT_MS = 7_000;
const SHOPPERS = 4;

let config: Config;
let platform: ProcessPlatform;
let nginx: NginxServer;
let edge: TestServer;
const children: ChildProcess[] = [];
let servers: ChildProcess[];
let workers: ChildProcess[];

interface Shop {
  store: Store;
  owner: User;
  productId: string;
  instanceId: string;
  shippingMethodId: string;
}
const shops: Shop[] = [];

function startRole(role: "server" | "worker", port: number): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", `server/src/main/${role}.ts`], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: config.DATABASE_URL,
      REDIS_PREFIX: config.REDIS_PREFIX,
      DATA_DIR: config.DATA_DIR,
      PORT: String(port),
      WORKER_METRICS_PORT: "0",
      PRODUCT_CACHE_SECONDS: "0",
      ADMIN_JS_TMP_DIR: TEST_BUNDLE_DIR,
      SMS_PROVIDER: "console",
      LOG_LEVEL: "silent",
      NODE_ENV: "test",
    },
    stdio: "ignore",
  });
  children.push(child);
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once("exit", () => done());
    process.kill(-child.pid!, "SIGKILL");
  });
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 500));
  }
}

const hostOf = (store: Store) => `${store.slug}.${config.PLATFORM_DOMAIN}`;

beforeAll(async () => {
  config = await createTestConfig();
  platform = await createPlatform(config, "test");
  const { dataSource } = platform;
  for (const name of ["چای‌فروشی", "ادویه‌فروشی"]) {
    const owner = await buildUser(dataSource);
    const store = await buildStore(dataSource, { name, ownerPhone: owner.phone });
    const product = await buildProduct(dataSource, store.id, { nameFa: "کالای ۰", basePrice: 1_000_000, stock: 10_000 });
    const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
    const shippingMethodId = (await buildShippingMethod(dataSource, store.id)).id;
    shops.push({ store, owner, productId: product.id, instanceId: instance.id, shippingMethodId });
  }
  const ports = [await freePort(), await freePort()];
  servers = ports.map((port) => startRole("server", port));
  workers = [startRole("worker", 0), startRole("worker", 0)];
  for (const port of ports)
    await until(`server on ${port}`, async () => (await httpClient(port).request("GET", "/readyz")).status === 200, 120_000);
  const nginxPort = await freePort();
  nginx = await startNginx(
    renderNginxConfig({
      upstreams: ports.map((port) => `127.0.0.1:${port}`),
      sitesDir: config.SITES_DIR,
      listen: `127.0.0.1:${nginxPort}`,
    }),
    nginxPort,
  );
  edge = httpClient(nginxPort);
  // The workers build each store's first site (the products' creation events).
  for (const shop of shops)
    await until(
      "the first site",
      async () => (await edge.request("GET", "/", { host: hostOf(shop.store) })).text.includes("کالای ۰"),
      150_000,
    );
}, 300_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(children.map(kill));
  await platform?.close();
  if (config) await destroyTestConfig(config);
});

/** A request through nginx; a refused or dropped connection is an answer of status 0. */
async function send(method: string, path: string, options: { host?: string; headers?: Record<string, string>; body?: unknown }) {
  return edge.request(method, path, options).catch((): TestResponse => ({ status: 0, headers: {}, text: "", body: undefined }));
}

/** Sends until answered with a 2xx or a 4xx (a 5xx or a dropped connection is tried again, at most 5 times). */
async function withRetries(attempt: () => Promise<TestResponse>): Promise<{ answer: TestResponse; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    const answer = await attempt();
    if ((answer.status > 0 && answer.status < 500) || attempts === 5) return { answer, attempts };
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

describe("two servers and two workers behind nginx, one of each killed under load", { timeout: 600_000 }, () => {
  it("loses and doubles no checkout, retries at most once, loses no catalog event, and builds every store's last change", async () => {
    const { dataSource } = platform;
    // A shopper may hold only a few unpaid orders in a store: each checkout is a shopper of its own (a loop stops rather
    // than send a shopper-less request if the crowd is ever used up).
    const phones = Array.from(
      { length: 2_000 },
      (_, i) => `+98993${String(process.pid % 100).padStart(2, "0")}${String(i).padStart(5, "0")}`,
    );
    const crowd = (await dataSource.query(`INSERT INTO users (phone) SELECT unnest($1::text[]) RETURNING id, phone`, [phones])) as Array<{
      id: string;
      phone: string;
    }>;
    const nextShopper = () => ({ ...crowd.pop()!, isStaff: false });
    const stockBefore = new Map<string, number>();
    for (const shop of shops)
      stockBefore.set(shop.instanceId, (await dataSource.getRepository(ProductInstance).findOneByOrFail({ id: shop.instanceId })).stock);
    const checkouts: {
      key: string;
      shop: Shop;
      quantity: number;
      status: number;
      error: string | undefined;
      attempts: number;
      orderId: string | undefined;
    }[] = [];
    const renames: { shop: Shop; name: string; status: number; attempts: number }[] = [];
    const started = Date.now();
    const running = () => Date.now() - started < LOAD_MS;

    const shopperLoop = async (index: number) => {
      for (let n = 0; running() && crowd.length > 0; n++) {
        const shop = shops[(index + n) % shops.length]!;
        const key = randomUUID();
        const quantity = 1 + (n % 2);
        const body = {
          items: [{ instanceId: shop.instanceId, quantity }],
          address: tehranAddress(),
          shippingMethodId: shop.shippingMethodId,
        };
        const headers = { ...bearer(config, nextShopper()), "Idempotency-Key": key };
        const { answer, attempts } = await withRetries(() => send("POST", "/api/v1/orders", { host: hostOf(shop.store), headers, body }));
        checkouts.push({
          key,
          shop,
          quantity,
          status: answer.status,
          error: answer.body?.error?.message,
          attempts,
          orderId: answer.body?.id,
        });
        // Paced: every request comes from this one loopback address, and the API's budget is 600 a minute per address.
        // Unpaced, an idle machine placed over 2,000 checkouts in the 20 s and met 429s (fresh-clone CI); four loops at
        // one checkout per 250 ms stay well under the budget whatever the machine's speed.
        await new Promise((wake) => setTimeout(wake, 250));
      }
    };
    const merchantLoop = async (shop: Shop) => {
      for (let n = 1; running(); n++) {
        const name = `کالای ${n.toLocaleString("fa-IR", { useGrouping: false })}`;
        const { answer, attempts } = await withRetries(() =>
          send("PATCH", `/api/v1/stores/${shop.store.id}/products/${shop.productId}`, {
            host: config.PLATFORM_DOMAIN,
            headers: bearer(config, shop.owner),
            body: { nameFa: name },
          }),
        );
        renames.push({ shop, name, status: answer.status, attempts });
        // Long enough between edits that the debounced builds run during the load.
        await new Promise((wake) => setTimeout(wake, 2_500));
      }
    };
    const killing = (async () => {
      await new Promise((wake) => setTimeout(wake, KILL_AT_MS));
      await Promise.all([kill(servers[0]!), kill(workers[0]!)]);
    })();
    await Promise.all([...Array.from({ length: SHOPPERS }, (_, i) => shopperLoop(i)), ...shops.map(merchantLoop), killing]);

    // Every checkout answered (201, or 200 for a repeat the first attempt had placed), after at most one retry.
    expect(checkouts.length).toBeGreaterThan(10);
    expect(checkouts.filter((c) => c.status !== 201 && c.status !== 200).map(({ key, status, error }) => ({ key, status, error }))).toEqual(
      [],
    );
    expect(Math.max(...checkouts.map((c) => c.attempts))).toBeLessThanOrEqual(2);
    // One order per checkout: none lost, none doubled.
    for (const shop of shops) {
      const mine = checkouts.filter((c) => c.shop === shop);
      const orders = await dataSource.query<Array<{ id: string }>>(`SELECT id FROM orders WHERE store_id = $1`, [shop.store.id]);
      expect(orders.map((o) => o.id).sort()).toEqual(mine.map((c) => c.orderId).sort());
      const stock = (await dataSource.getRepository(ProductInstance).findOneByOrFail({ id: shop.instanceId })).stock;
      expect(stock).toBe(stockBefore.get(shop.instanceId)! - mine.reduce((sum, c) => sum + c.quantity, 0));
    }

    // Every rename answered after at most one retry, and each is an event the relay passed on.
    expect(renames.filter((r) => r.status !== 200).map(({ name, status }) => ({ name, status }))).toEqual([]);
    expect(Math.max(...renames.map((r) => r.attempts))).toBeLessThanOrEqual(2);
    for (const shop of shops) {
      const mine = renames.filter((r) => r.shop === shop);
      const changed = `SELECT count(*)::int AS n FROM outbox WHERE store_id = $1 AND type = 'product.changed' AND entity_id = $2 AND payload->>'change' = 'updated'`;
      const [{ n }] = await dataSource.query(changed, [shop.store.id, shop.productId]);
      expect(n).toBeGreaterThanOrEqual(mine.length);
    }
    await until(
      "the outbox relayed",
      async () => (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`))[0].n === 0,
      120_000,
    );

    // The surviving worker builds each store's last name.
    for (const shop of shops) {
      const last = renames.filter((r) => r.shop === shop).at(-1)!.name;
      await until(
        `${shop.store.slug} showing ${last}`,
        async () => (await send("GET", "/", { host: hostOf(shop.store) })).text.includes(last),
        180_000,
      );
    }
    // Once the builds the last events asked for are done (a checkout's stock move asks only for a catch-up build,
    // minutes later by design: not waited for):
    // none is left running, builds of one store never overlapped, and every site build was done once: each finished
    // build is the answer of one build job, no job answered twice, and the only builds that did not finish are the
    // one the killed worker was running (recorded as interrupted).
    const buildQueue = platform.queues.get("site-build");
    await until(
      "the site builds asked for by the last events done",
      async () =>
        (await buildQueue.getJobs(["active", "waiting", "delayed", "prioritized"])).every((job) => job.name === "catch-up") &&
        (await dataSource.query(`SELECT count(*)::int AS n FROM site_builds WHERE status = 'building'`))[0].n === 0,
      180_000,
    );
    for (const shop of shops) {
      const builds = await dataSource.query<Array<{ status: string; created_at: Date; finished_at: Date | null }>>(
        `SELECT status, created_at, finished_at FROM site_builds WHERE store_id = $1 ORDER BY created_at`,
        [shop.store.id],
      );
      expect(builds.filter((b) => b.status === "building")).toEqual([]);
      for (let i = 1; i < builds.length; i++)
        expect(builds[i]!.created_at.getTime()).toBeGreaterThanOrEqual(builds[i - 1]!.finished_at!.getTime());
    }
    const jobs = (await buildQueue.getJobs(["completed"])).filter(
      (job) => "storeId" in job.data && (job.returnvalue as { buildId?: string } | null)?.buildId !== undefined,
    );
    const answered = jobs.map((job) => (job.returnvalue as { buildId: string }).buildId);
    expect(new Set(answered).size).toBe(answered.length);
    for (const shop of shops) {
      const rows = await dataSource.query<Array<{ id: string; status: string; error: string | null }>>(
        `SELECT id, status, error FROM site_builds WHERE store_id = $1`,
        [shop.store.id],
      );
      const mine = jobs.filter((job) => job.data.storeId === shop.store.id).map((job) => (job.returnvalue as { buildId: string }).buildId);
      expect(
        rows
          .filter((b) => b.status === "succeeded")
          .map((b) => b.id)
          .sort(),
      ).toEqual(mine.sort());
      expect(rows.filter((b) => b.status !== "succeeded").map((b) => `${b.status}: ${b.error?.split(":")[0]}`)).toEqual(
        rows.filter((b) => b.status !== "succeeded").map(() => "failed: interrupted"),
      );
    }
    expect(answered.length).toBeGreaterThan(shops.length);
  });
});
