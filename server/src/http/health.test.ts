import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/config.js";
import { createPlatform, type ProcessPlatform } from "../main/platform.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { TcpProxy } from "../test/tcp-proxy.js";
import { createTestConfig, destroyTestConfig } from "../test/test-platform.js";
import { createApp } from "../main/app.js";

let proxy: TcpProxy;
let platform: ProcessPlatform;
let server: TestServer;
let databaseUrl: string;

beforeAll(async () => {
  const config = await createTestConfig();
  databaseUrl = config.DATABASE_URL;
  const real = new URL(config.DATABASE_URL);
  proxy = new TcpProxy(real.hostname, Number(real.port || 5432));
  const port = await proxy.start();
  const throughProxy = new URL(config.DATABASE_URL);
  throughProxy.port = String(port);
  platform = await createPlatform(
    parseConfig({ ...process.env, DATABASE_URL: throughProxy.toString(), REDIS_PREFIX: config.REDIS_PREFIX, LOG_LEVEL: "silent" }),
    "test",
  );
  server = await startTestServer(createApp(platform));
});
afterAll(async () => {
  await server.close();
  await platform.close();
  await proxy.stop();
  await destroyTestConfig(parseConfig({ ...process.env, DATABASE_URL: databaseUrl, REDIS_PREFIX: platform.config.REDIS_PREFIX }));
});

describe("health and readiness", () => {
  it("/healthz says the process is up", async () => {
    const res = await server.request("GET", "/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("/readyz goes not-ready when PostgreSQL is unreachable, and ready again when it is back", async () => {
    const ready = await server.request("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ postgres: { ok: true }, redis: { ok: true } });

    await proxy.stop();
    const down = await server.request("GET", "/readyz");
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("not_ready");
    // Whether each answers, never why: the reason (addresses, driver messages) goes to the log only.
    expect(down.body.checks).toEqual({ postgres: { ok: false }, redis: { ok: true } });
    expect(down.text).not.toMatch(/ECONN|127\.0\.0\.1|connect|within|error/i);

    await proxy.start();
    await expect.poll(async () => (await server.request("GET", "/readyz")).status, { timeout: 10_000 }).toBe(200);
  });

  it("/metrics counts requests by route pattern and status", async () => {
    await server.request("GET", "/api/v1/products/00000000-0000-0000-0000-000000000000", { headers: { "X-Store": "nobody" } });
    const res = await server.request("GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/readyz",status="200"\} \d+/);
    expect(res.text).toContain('route="/api/v1/products/:id",status="404"');
    expect(res.text).not.toContain("00000000-0000");
  });
});
