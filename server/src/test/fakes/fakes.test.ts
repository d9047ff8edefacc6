import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InstagramGraphFake, INSTAGRAM_MAX_HASHTAGS } from "./instagram-graph-server.js";
import { KavenegarFake } from "./kavenegar-server.js";
import { SmsIrFake } from "./smsir-server.js";
import { ZarinpalServer } from "./zarinpal-server.js";

/**
 * The local providers refuse what the real services refuse (PROTOCOLS.md):
 * a fake that accepts a wrong request would let a wrong client pass its
 * tests. Each refusal here is a raw HTTP request, as a broken client would
 * send it.
 */
const post = async (url: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) => {
  const response = await fetch(url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each fake answers its own JSON shape
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe("the ZarinPal fake checks the merchant on every call", () => {
  const MERCHANT = "1344b5d4-0048-11e8-94db-005056a205be";
  const OTHER = "ffffffff-0048-11e8-94db-005056a205be";
  const zarinpal = new ZarinpalServer({ merchants: [MERCHANT, OTHER] });
  const call = (path: string, body: Record<string, unknown>) => post(`${zarinpal.url}/pg/v4/payment/${path}.json`, body);
  let authority = "";
  beforeAll(async () => {
    await zarinpal.start();
    const created = await call("request", {
      merchant_id: MERCHANT,
      amount: 1_900_000,
      description: "سفارش ۱",
      callback_url: "http://shop.example/cb",
    });
    authority = created.body.data.authority;
    zarinpal.pay(authority);
  });
  afterAll(() => zarinpal.close());

  it("answers -10 to a merchant_id it has no terminal for, on every path", async () => {
    const stranger = "00000000-0000-4000-8000-000000000000";
    for (const [path, body] of [
      ["request", { merchant_id: stranger, amount: 1_900_000, description: "x", callback_url: "http://shop.example/cb" }],
      ["verify", { merchant_id: stranger, authority, amount: 1_900_000 }],
      ["inquiry", { merchant_id: stranger, authority }],
      ["reverse", { merchant_id: stranger, authority }],
      ["unVerified", { merchant_id: stranger }],
    ] as const) {
      const answer = await call(path, body);
      expect(answer.body.errors?.code, path).toBe(-10);
    }
  });

  it("answers -53 to verify, inquiry and reverse by another merchant than the payment's, and changes nothing", async () => {
    expect((await call("inquiry", { merchant_id: OTHER, authority })).body.errors.code).toBe(-53);
    expect((await call("verify", { merchant_id: OTHER, authority, amount: 1_900_000 })).body.errors.code).toBe(-53);
    expect((await call("reverse", { merchant_id: OTHER, authority })).body.errors.code).toBe(-53);
    expect(zarinpal.sessions.get(authority)!.status).toBe("PAID");
    expect((await call("unVerified", { merchant_id: OTHER })).body.data.authorities).toEqual([]);
    // The payment's own merchant is answered.
    expect((await call("inquiry", { merchant_id: MERCHANT, authority })).body.data).toMatchObject({ code: 100, status: "PAID" });
    expect((await call("verify", { merchant_id: MERCHANT, authority, amount: 1_900_000 })).body.data.code).toBe(100);
    expect((await call("reverse", { merchant_id: OTHER, authority })).body.errors.code).toBe(-53);
    expect((await call("reverse", { merchant_id: MERCHANT, authority })).body.data.code).toBe(100);
  });

  it("answers -9 to a merchant_id that is not a UUID", async () => {
    expect((await call("inquiry", { merchant_id: "12345", authority })).body.errors.code).toBe(-9);
  });
});

describe("the Kavenegar fake checks the sender and the length", () => {
  const kavenegar = new KavenegarFake({ apiKey: "k" });
  const send = (params: Record<string, string>) =>
    post(`${kavenegar.url}/v1/k/sms/send.json`, new URLSearchParams(params).toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
  beforeAll(() => kavenegar.start());
  afterAll(() => kavenegar.close());

  it("refuses a line the account does not own with 412, even when no lines were configured", async () => {
    const answer = await send({ receptor: "09121234567", message: "سلام", sender: "30001234" });
    expect([answer.status, answer.body.return.status]).toEqual([412, 412]);
    expect(kavenegar.sent).toEqual([]);
  });

  it("sends from the account's default line, and from it when named", async () => {
    expect((await send({ receptor: "09121234567", message: "سلام" })).body.entries[0].sender).toBe("10004346");
    expect((await send({ receptor: "09121234567", message: "سلام", sender: "10004346" })).status).toBe(200);
  });

  it("refuses an empty or over-long message with 413", async () => {
    expect((await send({ receptor: "09121234567", message: "" })).body.return.status).toBe(413);
    expect((await send({ receptor: "09121234567", message: "پ".repeat(901) })).body.return.status).toBe(413);
    expect((await send({ receptor: "09121234567", message: "پ".repeat(900) })).body.return.status).toBe(200);
  });
});

describe("the SMS.ir fake answers SMS.ir's documented statuses", () => {
  const smsir = new SmsIrFake({ apiKey: "s", lineNumbers: ["30007732000000"], templates: { 100000: ["Code"] } });
  const call = (path: string, body: unknown, key = "s") =>
    post(`${smsir.url}${path}`, body, { "content-type": "application/json", "x-api-key": key });
  beforeAll(() => smsir.start());
  afterAll(() => smsir.close());

  it.each([
    ["a wrong API key", 401, 10, "/v1/send/bulk", { lineNumber: 30007732000000, messageText: "سلام", mobiles: ["09121234567"] }, "x"],
    [
      "a line the account does not own",
      400,
      101,
      "/v1/send/bulk",
      { lineNumber: 3000, messageText: "سلام", mobiles: ["09121234567"] },
      "s",
    ],
    ["an empty text", 400, 103, "/v1/send/bulk", { lineNumber: 30007732000000, messageText: " ", mobiles: ["09121234567"] }, "s"],
    ["a wrong mobile", 400, 104, "/v1/send/bulk", { lineNumber: 30007732000000, messageText: "سلام", mobiles: ["0912"] }, "s"],
    [
      "more than 100 mobiles",
      400,
      105,
      "/v1/send/bulk",
      { lineNumber: 30007732000000, messageText: "سلام", mobiles: Array(101).fill("09121234567") },
      "s",
    ],
    ["an empty mobile list", 400, 107, "/v1/send/bulk", { lineNumber: 30007732000000, messageText: "سلام", mobiles: [] }, "s"],
    [
      "an unknown template",
      400,
      113,
      "/v1/send/verify",
      { mobile: "09121234567", templateId: 5, parameters: [{ name: "Code", value: "1" }] },
      "s",
    ],
    [
      "a parameter value over 25 characters",
      400,
      114,
      "/v1/send/verify",
      { mobile: "09121234567", templateId: 100000, parameters: [{ name: "Code", value: "1".repeat(26) }] },
      "s",
    ],
    [
      "a nameless parameter",
      400,
      116,
      "/v1/send/verify",
      { mobile: "09121234567", templateId: 100000, parameters: [{ name: "", value: "1" }] },
      "s",
    ],
  ] as const)("refuses %s (HTTP %s, status %s)", async (_what, http, status, path, body, key) => {
    const answer = await call(path, body, key);
    expect([answer.status, answer.body.status]).toEqual([http, status]);
    expect(answer.body.message).toMatch(/[\u0600-\u06ff]/);
    expect(smsir.sent).toEqual([]);
  });

  it("sends a right request (status 1)", async () => {
    const answer = await call("/v1/send/verify", {
      mobile: "09121234567",
      templateId: 100000,
      parameters: [{ name: "Code", value: "123456" }],
    });
    expect([answer.status, answer.body.status]).toEqual([200, 1]);
  });
});

describe("the Instagram fake enforces the hashtag limit and a rolling day's quota", () => {
  const instagram = new InstagramGraphFake();
  let clock = Date.parse("2026-12-01T10:00:00Z");
  const form = (params: Record<string, string>) =>
    [new URLSearchParams({ access_token: "t", ...params }).toString(), { "content-type": "application/x-www-form-urlencoded" }] as const;
  const container = async (caption: string) =>
    post(`${instagram.url}/v21.0/17841400000000001/media`, ...form({ image_url: "https://cdn.example/a.jpg", caption }));
  const publish = async () => {
    const made = await container("چای");
    await fetch(`${instagram.url}/v21.0/${made.body.id}?fields=status_code&access_token=t`);
    return post(`${instagram.url}/v21.0/17841400000000001/media_publish`, ...form({ creation_id: made.body.id }));
  };
  beforeAll(async () => {
    await instagram.start();
    instagram.addAccount("17841400000000001", "t");
    instagram.now = () => clock;
    instagram.publishLimit = 2;
  });
  afterAll(() => instagram.close());

  it(`refuses a caption with more than ${INSTAGRAM_MAX_HASHTAGS} hashtags, Persian ones counted too`, async () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? `#چای_${i}` : `#tea${i}`)).join(" ");
    const refused = await container(`چای لاهیجان ${tags(31)}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 100 });
    expect((await container(`چای لاهیجان ${tags(30)}`)).status).toBe(200);
  });

  it("counts the quota over the last 24 hours, not all time", async () => {
    expect((await publish()).status).toBe(200);
    clock += 60 * 60 * 1000;
    expect((await publish()).status).toBe(200);
    const capped = await publish();
    expect(capped.body.error).toMatchObject({ code: 9, error_subcode: 2207042 });
    // A day after the first post it no longer counts; the second still does.
    clock += 23 * 60 * 60 * 1000 + 1;
    const limit = (await (await fetch(`${instagram.url}/v21.0/17841400000000001/content_publishing_limit?access_token=t`)).json()) as {
      data: Array<{ quota_usage: number }>;
    };
    expect(limit.data[0]!.quota_usage).toBe(1);
    expect((await publish()).status).toBe(200);
    expect((await publish()).body.error).toMatchObject({ error_subcode: 2207042 });
  });
});
