import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../config/config.js";
import { ConfigError } from "../config/config.js";
import { createLogger } from "../platform/logger.js";
import { createRedis } from "../platform/redis.js";
import { startSmsIrFake, type SmsIrFake } from "../test/fakes/smsir-server.js";
import { createSmsProviders } from "./create-sms-providers.js";
import { SmsProviderError } from "./sms-provider.js";
import { SmsIrSmsProvider } from "./smsir-sms.js";

let fake: SmsIrFake;
beforeAll(async () => {
  fake = await startSmsIrFake({ apiKey: "smsir-key", templates: { 100000: ["Code"] }, lineNumbers: ["30007732000000"] });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.credit = 1_000_000;
});

const client = (overrides: Partial<ConstructorParameters<typeof SmsIrSmsProvider>[0]> = {}) =>
  new SmsIrSmsProvider({ apiKey: "smsir-key", baseUrl: fake.url, otpTemplateId: 100000, lineNumber: "30007732000000", ...overrides });

async function failureOf(promise: Promise<unknown>): Promise<SmsProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsProviderError);
  return error as SmsProviderError;
}

const otp = { to: "+989121234567", code: "654321", text: "کد ورود شما: 654321\n\n@mall.localhost #654321", storeId: null };

describe("the SMS.ir client", () => {
  it("sends a code to /v1/send/verify with the template and a Code parameter, key in X-API-KEY", async () => {
    const receipt = await client().sendOtp(otp);
    const [request] = fake.requests;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/v1/send/verify");
    expect(request!.headers["x-api-key"]).toBe("smsir-key");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.body).toEqual({ mobile: "09121234567", templateId: 100000, parameters: [{ name: "Code", value: "654321" }] });
    expect(receipt.providerMessageId).toBe(String(fake.sent[0]!.messageId));
  });

  it("sends text through /v1/send/bulk from the configured line", async () => {
    const receipt = await client().send({ to: "+989351112233", text: "سفارش شما ارسال شد." });
    expect(fake.requests[0]!.body).toEqual({
      lineNumber: 30007732000000,
      messageText: "سفارش شما ارسال شد.",
      mobiles: ["09351112233"],
      sendDateTime: null,
    });
    expect(receipt.providerMessageId).toBe(String(fake.sent[0]!.messageId));
  });

  it("sends the whole text by bulk when no template is configured", async () => {
    await client({ otpTemplateId: undefined }).sendOtp(otp);
    expect(fake.sent[0]).toMatchObject({ path: "/v1/send/bulk", messageText: otp.text });
  });

  it("fails for good on an invalid key (HTTP 401)", async () => {
    const error = await failureOf(client({ apiKey: "wrong" }).sendOtp(otp));
    expect(error).toMatchObject({ code: "http_401", retryable: false });
  });

  it("fails for good on insufficient credit (status 102), with SMS.ir's message", async () => {
    fake.credit = 0;
    const error = await failureOf(client().sendOtp(otp));
    expect(error).toMatchObject({ code: "102", retryable: false });
    expect(error.message).toContain("اعتبار");
  });

  it.each([
    ["an unknown template", { otpTemplateId: 999 }, "113"],
    ["an invalid line", { otpTemplateId: undefined, lineNumber: "3000" }, "101"],
  ])("fails for good on %s", async (_name, overrides, code) => {
    expect(await failureOf(client(overrides).sendOtp(otp))).toMatchObject({ code, retryable: false });
  });

  it("may retry on a 5xx or a server-side status 0", async () => {
    fake.failNext(1, { httpStatus: 503 });
    expect(await failureOf(client().sendOtp(otp))).toMatchObject({ code: "http_503", retryable: true });
    fake.failNext(1, { status: 0 });
    expect(await failureOf(client().sendOtp(otp))).toMatchObject({ code: "http_500", retryable: true });
    expect((await client().sendOtp(otp)).providerMessageId).toBeTruthy();
  });

  it("cannot send text without a line number", async () => {
    expect(await failureOf(client({ lineNumber: undefined }).send({ to: "+989121234567", text: "x" }))).toMatchObject({
      code: "not_configured",
      retryable: false,
    });
  });
});

describe("choosing a provider", () => {
  it("is a ConfigError naming the key when a provider without credentials is asked for (e.g. by a store's own choice)", () => {
    const redis = createRedis({ REDIS_URL: "redis://127.0.0.1:1", REDIS_PREFIX: "unused" });
    redis.on("error", () => {});
    try {
      const providers = createSmsProviders(parseConfig({ NODE_ENV: "test" }), {
        redis,
        logger: createLogger({ LOG_LEVEL: "silent" }, "test"),
      });
      expect(providers.get("console").name).toBe("console");
      expect(() => providers.get("smsir")).toThrow(ConfigError);
      expect(() => providers.get("smsir")).toThrow(/SMSIR_API_KEY/);
      expect(() => providers.get("kavenegar")).toThrow(/KAVENEGAR_API_KEY/);
    } finally {
      redis.disconnect();
    }
  });
});
