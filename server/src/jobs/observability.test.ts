import { Writable } from "node:stream";
import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../config/config.js";
import { createApp } from "../main/app.js";
import { createSmsProviders } from "../messaging/create-sms-providers.js";
import { GatewayUnavailableError, type PaymentGateway } from "../payments/gateway.js";
import { instrumentGateways } from "../payments/gateway-metrics.js";
import { createLogger } from "../platform/logger.js";
import { createPlatform, type ProcessPlatform } from "../main/platform.js";
import { TelegramApiError, type TelegramChannelApi } from "../social/telegram-api.js";
import { instrumentTelegram } from "../social/telegram-metrics.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { createTestConfig, destroyTestConfig } from "../test/test-platform.js";
import { serveWorkerMetrics } from "../main/metrics-server.js";
import { observedProcessor } from "./observed-processor.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";

/**
 * Platform observability: the metric names and labels Prometheus and the
 * Grafana dashboard (deploy/) rely on, after some real activity; and one
 * request id followed from an HTTP request through the outbox into the
 * worker's log lines.
 */
let config: Config;
let platform: ProcessPlatform;
let server: TestServer;
let store: Store;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  config = await createTestConfig({ LOG_LEVEL: "debug" });
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  platform = await createPlatform(config, "test", { logger: createLogger(config, "test", capture) });
  server = await startTestServer(createApp(platform));
  const owner = await buildUser(platform.dataSource);
  store = await buildStore(platform.dataSource, { ownerPhone: owner.phone });
});

afterAll(async () => {
  await server?.close();
  await platform?.close();
  if (config) await destroyTestConfig(config);
});

const scrape = async () => (await server.request("GET", "/metrics")).text;
/** The value of one series in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.indexOf("}"));
    const found = Object.fromEntries(
      body
        .split(",")
        .map((pair) => pair.split("=") as [string, string])
        .map(([k, v]) => [k, v.replace(/^"|"$/g, "")]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("Prometheus metrics", () => {
  it("times jobs by queue and outcome, counts failures and site-build outcomes", async () => {
    const job = (data: object) => ({ id: "1", data, attemptsMade: 0, opts: { attempts: 3 } }) as unknown as Job;
    const built = observedProcessor("site-build", async () => ({ buildId: "b", status: "succeeded" }), platform);
    const broken = observedProcessor(
      "site-build",
      async () => {
        throw new Error("astro fell over");
      },
      platform,
    );
    await built(job({ storeId: store.id, trigger: "test" }));
    await expect(broken(job({ landing: true, trigger: "test" }))).rejects.toThrow("astro fell over");
    const text = await scrape();
    expect(sample(text, "mall_job_duration_seconds_count", { queue: "site-build", outcome: "completed" })).toBe(1);
    expect(sample(text, "mall_job_duration_seconds_count", { queue: "site-build", outcome: "failed" })).toBe(1);
    expect(sample(text, "mall_job_failures_total", { queue: "site-build" })).toBe(1);
    expect(sample(text, "mall_site_builds_total", { kind: "store", outcome: "succeeded" })).toBe(1);
    expect(sample(text, "mall_site_builds_total", { kind: "landing", outcome: "error" })).toBe(1);
    expect(sample(text, "mall_site_build_duration_seconds_count", { kind: "store", outcome: "succeeded" })).toBe(1);
  });

  it("reads queue depth from Redis at scrape time", async () => {
    await platform.queues.get("sms").add("later", { messageId: "x" }, { delay: 3_600_000, jobId: "depth-probe" });
    const text = await scrape();
    expect(sample(text, "mall_queue_jobs", { queue: "sms", state: "delayed" })).toBe(1);
    expect(sample(text, "mall_queue_jobs", { queue: "analytics", state: "waiting" })).toBe(0);
    await (await platform.queues.get("sms").getJob("depth-probe"))?.remove();
  });

  it("counts payment gateway calls by gateway, operation and outcome", async () => {
    const fake = {
      name: "zarinpal",
      verify: async () => ({ status: "paid", amount: 10, reference: "r", cardPan: null, code: "100" }),
      settle: async () => {
        throw new GatewayUnavailableError("zarinpal", "timeout");
      },
      reverse: async () => ({ ok: false, code: "-9", message: "no" }),
    } as unknown as PaymentGateway;
    const drivers = instrumentGateways({ zarinpal: fake }, platform.metrics);
    const payment = { id: "p", gatewayOrderId: "1", amount: 10, authority: "A", reference: null, credentials: {} };
    await drivers.zarinpal!.verify(payment, { authority: "A", paid: true, cancelled: false, code: "OK", reference: null }, () => {});
    await expect(drivers.zarinpal!.settle(payment, () => {})).rejects.toThrow();
    await drivers.zarinpal!.reverse(payment, () => {});
    const text = await scrape();
    expect(sample(text, "mall_payment_gateway_calls_total", { gateway: "zarinpal", operation: "verify", outcome: "paid" })).toBe(1);
    expect(sample(text, "mall_payment_gateway_calls_total", { gateway: "zarinpal", operation: "settle", outcome: "unavailable" })).toBe(1);
    expect(sample(text, "mall_payment_gateway_calls_total", { gateway: "zarinpal", operation: "reverse", outcome: "refused" })).toBe(1);
    expect(sample(text, "mall_payment_gateway_call_duration_seconds_count", { gateway: "zarinpal", operation: "verify" })).toBe(1);
  });

  it("counts SMS sends and Telegram calls by outcome", async () => {
    const providers = createSmsProviders(config, platform);
    await providers.get("console").send({ to: "+989121234567", text: "سلام" });
    const telegram = instrumentTelegram(
      {
        getMe: async () => ({ id: 1, is_bot: true, first_name: "bot" }),
        sendPhoto: async () => {
          throw new TelegramApiError("sendPhoto", 429, "Too Many Requests", 5);
        },
      } as unknown as TelegramChannelApi,
      platform.metrics,
    )!;
    await telegram.getMe();
    await expect(telegram.sendPhoto("@c", { url: "http://x/y.jpg" }, "")).rejects.toThrow();
    const text = await scrape();
    expect(sample(text, "mall_sms_sends_total", { provider: "console", kind: "text", outcome: "sent" })).toBe(1);
    expect(sample(text, "mall_telegram_calls_total", { method: "getMe", outcome: "ok" })).toBe(1);
    expect(sample(text, "mall_telegram_calls_total", { method: "sendPhoto", outcome: "flood_wait" })).toBe(1);
  });

  it("times HTTP requests by route pattern and status", async () => {
    const owner = await buildUser(platform.dataSource);
    const mine = await buildStore(platform.dataSource, { ownerPhone: owner.phone });
    expect((await server.request("GET", `/api/v1/stores/${mine.id}/analytics`, { headers: bearer(config, owner) })).status).toBe(200);
    expect(
      sample(await scrape(), "http_request_duration_seconds_count", {
        method: "GET",
        route: "/api/v1/stores/:storeId/analytics",
        status: "200",
      }),
    ).toBe(1);
  });

  it("serves the worker's metrics on its own port", async () => {
    const workerMetrics = await serveWorkerMetrics(platform, 0);
    try {
      const { port } = workerMetrics.address() as { port: number };
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain("mall_job_duration_seconds_bucket");
      expect(text).toContain("mall_queue_jobs");
    } finally {
      workerMetrics.close();
    }
  });
});

describe("request id", () => {
  let worker: RunningWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  it("follows a request through the outbox into the job's log lines", async () => {
    const { dataSource } = platform;
    const owner = await buildUser(dataSource);
    const shop = await buildStore(dataSource, { ownerPhone: owner.phone });
    const [order] = (await dataSource.query(
      `INSERT INTO orders (store_id, number, user_id, customer_phone, state, subtotal, shipping_total, total, item_count, shipping_kind, shipping_name, shipping_address)
       VALUES ($1, 1, $2, $3, 'paid', 1000, 0, 1000, 1, 'pickup', 'تحویل حضوری', '{}'::jsonb) RETURNING id`,
      [shop.id, owner.id, owner.phone],
    )) as Array<{ id: string }>;
    const requestId = "req-observability-0001";
    const res = await server.request("POST", `/api/v1/stores/${shop.id}/orders/${order!.id}/transitions`, {
      headers: { ...bearer(config, owner), "x-request-id": requestId },
      body: { to: "processing" },
    });
    expect(res.status).toBe(200);
    expect(res.headers["x-request-id"]).toBe(requestId);
    const [event] = (await dataSource.query(`SELECT request_id FROM outbox WHERE entity_id = $1 AND type = 'order.changed'`, [
      order!.id,
    ])) as Array<{ request_id: string }>;
    expect(event?.request_id).toBe(requestId);

    worker = startWorkers(platform, { queues: ["analytics"], relayIntervalMs: 50 });
    await expect
      .poll(() => lines.find((line) => line.msg === "job done" && line.queue === "analytics"), { timeout: 15_000 })
      .toMatchObject({ requestId, role: "test" });
    // The job did its work under that id: the day's row counts the order as processing.
    const [row] = (await dataSource.query(`SELECT orders FROM store_daily_sales WHERE store_id = $1 AND state = 'processing'`, [
      shop.id,
    ])) as Array<{ orders: number }>;
    expect(row?.orders).toBe(1);
  });
});
