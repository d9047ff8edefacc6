import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import type { Config } from "../config/config.js";
import { buildShippingMethod, tehranAddress } from "../test/order-fixtures.js";
import { createPlatform, type ProcessPlatform } from "./platform.js";
import { TEST_BUNDLE_DIR } from "../test/admin-bundle-dir.js";
import { buildProduct, buildStore, randomPhone } from "../test/factories.js";
import { httpClient, type TestServer } from "../test/http-client.js";
import { bearer, buildUser, waitForLastOtp } from "../test/sign-in.js";
import { createTestConfig, destroyTestConfig } from "../test/test-platform.js";
import { freePort } from "../test/free-port.js";

/**
 * Two server processes and one worker process against one PostgreSQL and one
 * Redis, as docker-compose runs them: whatever a replica keeps must be found by
 * the other, so each check starts on one replica and finishes on the other.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
let config: Config;
let platform: ProcessPlatform;
const children: ChildProcess[] = [];
let a: TestServer;
let b: TestServer;

function startRole(role: "server" | "worker", port: number): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", `server/src/main/${role}.ts`], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: config.DATABASE_URL,
      REDIS_PREFIX: config.REDIS_PREFIX,
      DATA_DIR: config.DATA_DIR,
      PORT: String(port),
      ADMIN_JS_TMP_DIR: TEST_BUNDLE_DIR,
      SMS_PROVIDER: "console",
      LOG_LEVEL: "warn",
      NODE_ENV: "test",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  child.on("exit", (code) => {
    if (code && code !== 0) console.error(`${role} on ${port} exited ${code}: ${stderr}`); // eslint-disable-line no-console
  });
  children.push(child);
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  config = await createTestConfig();
  platform = await createPlatform(config, "test");
  const [portA, portB] = [await freePort(), await freePort()];
  startRole("server", portA);
  startRole("server", portB);
  startRole("worker", 0);
  a = httpClient(portA);
  b = httpClient(portB);
  for (const replica of [a, b])
    await until(
      `server on ${replica.port}`,
      async () => ((await replica.request("GET", "/readyz")).status === 200 ? true : undefined),
      90_000,
    );
}, 120_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
        }),
    ),
  );
  await platform?.close();
  if (config) await destroyTestConfig(config);
});

describe("two server replicas and a worker", { timeout: 120_000 }, () => {
  it("signs a shopper in with a code asked on one replica and entered on the other, and counts the SMS limit across both", async () => {
    const phone = randomPhone();
    const before = new Date().toISOString();
    const sent = await a.request("POST", "/api/v1/auth/send-otp", { body: { phone } });
    expect(sent.status).toBe(202);
    // One code a minute per phone: the other replica knows it was just sent.
    const again = await b.request("POST", "/api/v1/auth/send-otp", { body: { phone } });
    expect(again.status).toBe(429);
    expect(again.headers["retry-after"]).toBeDefined();

    // The worker process sent it (console driver → Redis).
    const { code } = await waitForLastOtp(platform.redis, phone, { newerThan: before, timeoutMs: 30_000 });
    const signedIn = await b.request("POST", "/api/v1/auth/verify-otp", { body: { phone, code } });
    expect(signedIn.status).toBe(200);
    const me = await a.request("GET", "/api/v1/auth/me", { headers: { Authorization: `Bearer ${signedIn.body.accessToken}` } });
    expect(me.status).toBe(200);
    expect(me.body.user?.phone ?? me.body.phone).toBe(phone);
    // The refresh token rotates once, whichever replica sees it.
    const refreshed = await a.request("POST", "/api/v1/auth/refresh-token", { body: { refreshToken: signedIn.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    const replayed = await b.request("POST", "/api/v1/auth/refresh-token", { body: { refreshToken: signedIn.body.refreshToken } });
    expect(replayed.status).toBe(401);
  });

  it("keeps a back-office session started on one replica on the other", async () => {
    const owner = await buildUser(platform.dataSource);
    await buildStore(platform.dataSource, { ownerPhone: owner.phone });
    const before = new Date().toISOString();
    expect((await a.request("POST", "/admin/login/code", { body: { phone: owner.phone } })).status).toBe(202);
    const { code } = await waitForLastOtp(platform.redis, owner.phone, { newerThan: before, timeoutMs: 30_000 });
    const login = await a.request("POST", "/admin/login", { body: { phone: owner.phone, code } });
    expect(login.status).toBe(200);
    const cookie = String(login.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
    const home = await b.request("GET", "/admin", { headers: { cookie } });
    expect(home.status).toBe(200);
    expect(home.text).toContain("window.REDUX_STATE");
    expect((await b.request("GET", "/admin", {})).status).toBe(302);
  });

  it("answers the same order for one Idempotency-Key sent to both replicas at once", async () => {
    const store = await buildStore(platform.dataSource);
    const shopper = await buildUser(platform.dataSource);
    const product = await buildProduct(platform.dataSource, store.id, { nameFa: "چای لاهیجان", basePrice: 1_500_000, stock: 10 });
    const instance = await platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
    const post = await buildShippingMethod(platform.dataSource, store.id);
    const body = { items: [{ instanceId: instance.id, quantity: 2 }], address: tehranAddress(), shippingMethodId: post.id };
    const headers = { ...bearer(config, shopper), "Idempotency-Key": randomUUID() };
    const host = `${store.slug}.${config.PLATFORM_DOMAIN}`;
    const answers = await Promise.all([a, b, a, b].map((replica) => replica.request("POST", "/api/v1/orders", { host, headers, body })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.order?.id ?? answer.body.id)).size).toBe(1);
    const [{ count }] = await platform.dataSource.query(`SELECT count(*)::int AS count FROM orders WHERE store_id = $1`, [store.id]);
    expect(count).toBe(1);
    expect((await platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: instance.id })).stock).toBe(8);
  });

  it("builds a site in the worker after a change made on one replica, and serves it from the other", async () => {
    const owner = await buildUser(platform.dataSource);
    const store = await buildStore(platform.dataSource, { ownerPhone: owner.phone });
    const product = await buildProduct(platform.dataSource, store.id, { nameFa: "قوری چینی", basePrice: 2_000_000, stock: 3 });
    const host = `${store.slug}.${config.PLATFORM_DOMAIN}`;
    await until(
      "the first build",
      async () => ((await a.request("GET", "/", { host })).text.includes("قوری چینی") ? true : undefined),
      90_000,
    );

    const renamed = await b.request("PATCH", `/api/v1/stores/${store.id}/products/${product.id}`, {
      headers: bearer(config, owner),
      body: { nameFa: "قوری چینی گل‌سرخی" },
    });
    expect(renamed.status).toBe(200);
    await until(
      "the rebuilt site",
      async () => ((await a.request("GET", "/", { host })).text.includes("قوری چینی گل‌سرخی") ? true : undefined),
      90_000,
    );
    expect((await b.request("GET", "/", { host })).text).toContain("قوری چینی گل‌سرخی");
  });
});
