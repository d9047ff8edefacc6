import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { startKavenegarFake } from "../test/fakes/kavenegar-server.js";
import { startSmsIrFake } from "../test/fakes/smsir-server.js";
import { buildStore, randomPhone } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { SmsMessage } from "./sms-message.entity.js";
import { smsJob } from "./sms.job.js";
import { enqueueSms } from "./sms.queue.js";
import { recordSms } from "./sms.service.js";
import { createSmsProviders } from "./create-sms-providers.js";

// The fakes listen before the platform is configured, so its configuration can point at them.
const kavenegar = await startKavenegarFake({ apiKey: "kv-key", templates: ["mall-otp"] });
const smsir = await startSmsIrFake({ apiKey: "ir-key", templates: { 100000: ["Code"] }, lineNumbers: ["30007732000000"] });

const test = useTestPlatform({
  SMS_PROVIDER: "kavenegar",
  KAVENEGAR_API_KEY: "kv-key",
  KAVENEGAR_BASE_URL: kavenegar.url,
  KAVENEGAR_OTP_TEMPLATE: "mall-otp",
  SMSIR_API_KEY: "ir-key",
  SMSIR_BASE_URL: smsir.url,
  SMSIR_OTP_TEMPLATE_ID: "100000",
  SMSIR_LINE_NUMBER: "30007732000000",
  SMS_RETRY_ATTEMPTS: "4",
  SMS_RETRY_DELAY_MS: "20",
});

/** Log lines the worker writes, to check that a lost SMS is logged at error level. */
const logLines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
const logger = pino({ level: "info" }, { write: (line: string) => void logLines.push(JSON.parse(line)) });

let server: TestServer;
let worker: RunningWorker;
let store: Store;

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource, { name: "گل‌فروشی" });
  server = await startTestServer(createApp(test.platform));
  worker = startWorkers({ ...test.platform, logger }, { queues: ["sms"] });
});
afterAll(async () => {
  await worker.stop();
  await server.close();
  await kavenegar.close();
  await smsir.close();
});
beforeEach(async () => {
  kavenegar.reset();
  kavenegar.credit = 1_000_000;
  smsir.reset();
  logLines.length = 0;
  await clearRateLimits(test.platform);
});

const host = () => `${store.slug}.mall.localhost`;

async function sendCode(phone: string) {
  const res = await server.request("POST", "/api/v1/auth/send-otp", { host: host(), body: { phone } });
  expect(res.status).toBe(202);
}

/** The phone's SMS record, once the worker has finished with it. */
async function settled(phone: string): Promise<SmsMessage> {
  let row: SmsMessage | null = null;
  await expect
    .poll(
      async () => {
        row = await test.platform.dataSource.getRepository(SmsMessage).findOneBy({ phone });
        return row?.status;
      },
      { timeout: 10_000, interval: 50 },
    )
    .not.toBe("queued");
  return row!;
}

describe("the sms job", () => {
  it("sends a sign-in code through Kavenegar's template, and the code signs the shopper in", async () => {
    const phone = randomPhone();
    await sendCode(phone);
    const sms = await settled(phone);
    expect(sms).toMatchObject({ status: "sent", provider: "kavenegar", kind: "otp", attempts: 1, storeId: store.id, lastError: null });
    const [sent] = kavenegar.sent;
    expect(sent).toMatchObject({ method: "verify/lookup", template: "mall-otp", receptor: `0${phone.slice(3)}` });
    expect(sms.providerMessageId).toBe(String(sent!.messageid));
    expect(sms.text).not.toContain(sent!.token!);
    expect(kavenegar.keyOf(kavenegar.requests[0]!)).toBe("kv-key");
    // The job carried the code in clear; once sent it is gone from Redis.
    expect(await test.platform.queues.get("sms").getCompletedCount()).toBe(0);

    const res = await server.request("POST", "/api/v1/auth/verify-otp", { host: host(), body: { phone, code: sent!.token } });
    expect(res.status).toBe(200);
  });

  it("retries a provider that fails for a moment, and then sends", async () => {
    const phone = randomPhone();
    kavenegar.failNext(2, { httpStatus: 502 });
    await sendCode(phone);
    const sms = await settled(phone);
    expect(sms).toMatchObject({ status: "sent", attempts: 3 });
    expect(sms.lastError).toContain("http_502");
    expect(kavenegar.requests).toHaveLength(3);
    expect(kavenegar.sent).toHaveLength(1);
    expect(logLines.filter((line) => line.level === 40 && line.msg.includes("will retry"))).toHaveLength(2);
  });

  it("marks the SMS failed at once when the provider refuses for good (no credit), and logs it at error level", async () => {
    const phone = randomPhone();
    kavenegar.credit = 0;
    await sendCode(phone);
    const sms = await settled(phone);
    expect(sms).toMatchObject({ status: "failed", attempts: 1, sentAt: null });
    expect(sms.lastError).toMatch(/kavenegar 418: .*اعتبار/);
    expect(kavenegar.requests).toHaveLength(1);
    const errors = logLines.filter((line) => line.level === 50);
    expect(errors).toEqual([
      expect.objectContaining({
        msg: "sms could not be sent",
        messageId: sms.id,
        provider: "kavenegar",
        phone: `${phone.slice(0, 6)}***${phone.slice(-4)}`,
      }),
    ]);
    expect(JSON.stringify(logLines)).not.toContain(phone);
  });

  it("marks the SMS failed with the last error once every try has failed", async () => {
    const phone = randomPhone();
    kavenegar.failNext(4, { httpStatus: 503 });
    await sendCode(phone);
    const sms = await settled(phone);
    expect(sms).toMatchObject({ status: "failed", attempts: 4 });
    expect(sms.lastError).toContain("http_503");
    expect(kavenegar.requests).toHaveLength(4);
    expect(logLines.filter((line) => line.level === 50)).toHaveLength(1);
  });

  it("sends through the store's own provider when it has chosen one", async () => {
    await test.platform.dataSource.query(`UPDATE stores SET sms_provider = 'smsir' WHERE id = $1`, [store.id]);
    try {
      const phone = randomPhone();
      await sendCode(phone);
      const sms = await settled(phone);
      expect(sms).toMatchObject({ status: "sent", provider: "smsir" });
      expect(smsir.sent[0]).toMatchObject({ path: "/v1/send/verify", templateId: 100000, mobile: `0${phone.slice(3)}` });
      expect(smsir.sent[0]!.parameters![0]!.name).toBe("Code");
      expect(kavenegar.requests).toHaveLength(0);
    } finally {
      await test.platform.dataSource.query(`UPDATE stores SET sms_provider = NULL WHERE id = $1`, [store.id]);
    }
  });

  it("sends notices as text, queued the same way", async () => {
    const phone = randomPhone();
    const job = await test.platform.dataSource.transaction((manager) =>
      recordSms(systemContext(manager, "test"), { kind: "notice", to: phone, text: "سفارش شما ارسال شد.", storeId: store.id }, test.config),
    );
    await enqueueSms({ ...test.platform, logger }, job);
    const sms = await settled(phone);
    expect(sms).toMatchObject({ status: "sent", kind: "notice", text: "سفارش شما ارسال شد." });
    expect(kavenegar.sent[0]).toMatchObject({ method: "sms/send", message: "سفارش شما ارسال شد." });
  });

  it("does not send a code that expired while it waited, and records why", async () => {
    const phone = randomPhone();
    const job = await test.platform.dataSource.transaction((manager) =>
      recordSms(
        systemContext(manager, "test"),
        { kind: "otp", to: phone, text: "کد: 111111", code: "111111", storeId: null, expiresAt: new Date(Date.now() - 1000) },
        test.config,
      ),
    );
    const process = smsJob({ dataSource: test.platform.dataSource, providers: createSmsProviders(test.config, test.platform), logger });
    await process({ data: job, attemptsMade: 0, opts: { attempts: 4 } } as never);
    const sms = await test.platform.dataSource.getRepository(SmsMessage).findOneByOrFail({ id: job.messageId });
    expect(sms).toMatchObject({ status: "failed", lastError: "the code expired before it could be sent", text: "کد: ●●●●●●" });
    expect(kavenegar.requests).toHaveLength(0);
    // A replay of a settled job sends nothing.
    await process({ data: { ...job, expiresAt: undefined }, attemptsMade: 0, opts: { attempts: 4 } } as never);
    expect(kavenegar.requests).toHaveLength(0);
  });

  it("answers 503 and marks the SMS failed when the queue cannot take it", async () => {
    const phone = randomPhone();
    const job = await test.platform.dataSource.transaction((manager) =>
      recordSms(systemContext(manager, "test"), { kind: "notice", to: phone, text: "سلام", storeId: null }, test.config),
    );
    const brokenQueues = { get: () => ({ add: () => Promise.reject(new Error("Connection is closed.")) }) } as never;
    await expect(enqueueSms({ ...test.platform, queues: brokenQueues, logger }, job)).rejects.toMatchObject({
      kind: "unavailable",
      code: "sms_unavailable",
    });
    const sms = await test.platform.dataSource.getRepository(SmsMessage).findOneByOrFail({ id: job.messageId });
    expect(sms).toMatchObject({ status: "failed" });
    expect(sms.lastError).toContain("could not be queued");
  });
});
