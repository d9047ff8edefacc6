import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startKavenegarFake, type KavenegarFake } from "../test/fakes/kavenegar-server.js";
import { KavenegarSmsProvider } from "./kavenegar-sms.js";
import { SmsProviderError } from "./sms-provider.js";

let fake: KavenegarFake;
beforeAll(async () => {
  fake = await startKavenegarFake({ apiKey: "key-123", templates: ["mall-otp"], senders: ["10004346"] });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.credit = 1_000_000;
});

const client = (overrides: Partial<ConstructorParameters<typeof KavenegarSmsProvider>[0]> = {}) =>
  new KavenegarSmsProvider({ apiKey: "key-123", baseUrl: fake.url, otpTemplate: "mall-otp", sender: "10004346", ...overrides });

async function failureOf(promise: Promise<unknown>): Promise<SmsProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsProviderError);
  return error as SmsProviderError;
}

const otp = { to: "+989121234567", code: "123456", text: "کد ورود شما: 123456\n\n@mall.localhost #123456", storeId: null };

describe("the Kavenegar client", () => {
  it("sends a code through verify/lookup: key in the path, form-encoded, the code as token", async () => {
    const receipt = await client().sendOtp(otp);
    const [request] = fake.requests;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/v1/key-123/verify/lookup.json");
    expect(request!.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request!.headers.accept).toBe("application/json");
    expect(request!.body).toEqual({ receptor: "09121234567", template: "mall-otp", token: "123456" });
    expect(receipt.providerMessageId).toBe(String(fake.sent[0]!.messageid));
  });

  it("sends the whole text through sms/send when no template is configured, and plain messages always", async () => {
    await client({ otpTemplate: undefined }).sendOtp(otp);
    await client().send({ to: "+989351112233", text: "سفارش شما ارسال شد." });
    expect(fake.requests.map((r) => r.path)).toEqual(["/v1/key-123/sms/send.json", "/v1/key-123/sms/send.json"]);
    expect(fake.sent.map((s) => [s.receptor, s.message, s.sender])).toEqual([
      ["09121234567", otp.text, "10004346"],
      ["09351112233", "سفارش شما ارسال شد.", "10004346"],
    ]);
  });

  it("accepts lookup entries as one object as well as an array", async () => {
    const objectFake = await startKavenegarFake({ apiKey: "key-123", templates: ["mall-otp"], lookupEntriesAsObject: true });
    try {
      const receipt = await client({ baseUrl: objectFake.url }).sendOtp(otp);
      expect(receipt.providerMessageId).toBe(String(objectFake.sent[0]!.messageid));
    } finally {
      await objectFake.close();
    }
  });

  it.each([
    ["an invalid API key", 403, { apiKey: "wrong" }],
    ["an unknown template", 424, { otpTemplate: "no-such-template" }],
    ["a line the account does not own", 412, { otpTemplate: undefined, sender: "3000" }],
  ])("fails for good on %s (return.status %s)", async (_name, status, overrides) => {
    const error = await failureOf(client(overrides).sendOtp(otp));
    expect(error.code).toBe(String(status));
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain("key-123");
  });

  it("fails for good when the credit has run out (418)", async () => {
    fake.credit = 0;
    const error = await failureOf(client().sendOtp(otp));
    expect(error).toMatchObject({ code: "418", retryable: false });
    expect(error.message).toContain("اعتبار");
  });

  it("fails for good on an invalid receptor (411)", async () => {
    const error = await failureOf(client().send({ to: "+98912", text: "سلام" }));
    expect(error).toMatchObject({ code: "411", retryable: false });
  });

  it("may retry when the gateway answers a 5xx page, or Kavenegar is busy (409)", async () => {
    fake.failNext(1, { httpStatus: 502 });
    expect(await failureOf(client().sendOtp(otp))).toMatchObject({ code: "http_502", retryable: true });
    fake.failNext(1, { status: 409 });
    expect(await failureOf(client().sendOtp(otp))).toMatchObject({ code: "409", retryable: true });
    expect((await client().sendOtp(otp)).providerMessageId).toBeTruthy();
  });

  it("may retry when the server cannot be reached, without putting the key in the error", async () => {
    const error = await failureOf(
      new KavenegarSmsProvider({ apiKey: "key-123", baseUrl: "http://127.0.0.1:1", timeoutMs: 2000 }).send({
        to: "+989121234567",
        text: "x",
      }),
    );
    expect(error).toMatchObject({ code: "network", retryable: true });
    expect(error.message).not.toContain("key-123");
  });
});
