import { digitsEnToAr } from "@persian-tools/persian-tools";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildStore, randomPhone } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { clearRateLimits, signInThroughApi, waitForLastOtp } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { toPersianDigits } from "@mall/locale";

const test = useTestPlatform();
let server: TestServer;
let worker: RunningWorker;
let shop: Store;
let otherShop: Store;

beforeAll(async () => {
  shop = await buildStore(test.platform.dataSource, { name: "زعفران‌سرا" });
  otherShop = await buildStore(test.platform.dataSource, { name: "چای‌فروشی" });
  server = await startTestServer(createApp(test.platform));
  worker = startWorkers(test.platform, { queues: ["sms"] });
});
afterAll(async () => {
  await worker.stop();
  await server.close();
});
beforeEach(() => clearRateLimits(test.platform));

const hostOf = (store: Store) => `${store.slug}.mall.localhost`;
const national = (phone: string) => `0${phone.slice(3)}`;

async function sendCode(phone: string, host?: string) {
  const res = await server.request("POST", "/api/v1/auth/send-otp", { ...(host ? { host } : {}), body: { phone } });
  expect(res.status).toBe(202);
  return res;
}

async function verify(phone: string, code: string, host?: string) {
  return server.request("POST", "/api/v1/auth/verify-otp", { ...(host ? { host } : {}), body: { phone, code } });
}

/** A code sent through the API and "delivered" by the console driver. */
async function codeFor(phone: string, host?: string): Promise<string> {
  const before = new Date().toISOString();
  await sendCode(phone, host);
  return (await waitForLastOtp(test.platform.redis, phone, { newerThan: before })).code;
}

describe("signing in with an SMS code", () => {
  it("signs a shopper in on a store's host, end to end, and makes them a customer of that store", async () => {
    const phone = randomPhone();
    // Typed the way people type it: 09… in Persian digits.
    const sent = await sendCode(toPersianDigits(national(phone)), `${hostOf(shop)}:3000`);
    expect(sent.body).toMatchObject({ phone, expiresInSeconds: 120, resendAfterSeconds: 60 });
    expect(sent.body.message).toContain(toPersianDigits(national(phone)));

    // The console driver keeps the code; the dev route shows it as the demo would read it.
    await waitForLastOtp(test.platform.redis, phone);
    const last = await server.request("GET", `/api/v1/dev/last-otp?phone=${encodeURIComponent(national(phone))}`);
    expect(last.status).toBe(200);
    const { code, text } = last.body as { code: string; text: string };
    expect(code).toMatch(/^\d{6}$/);
    expect(text).toContain("«زعفران‌سرا»");
    expect(text).toContain("۲ دقیقه");
    expect(text.split("\n").at(-1)).toBe(`@${hostOf(shop)} #${code}`);

    // What was recorded of the SMS: sent, and without the code.
    const [sms] = await test.platform.dataSource.query(
      `SELECT status, kind, provider, store_id, text, attempts FROM sms_messages WHERE phone = $1`,
      [phone],
    );
    expect(sms).toMatchObject({ status: "sent", kind: "otp", provider: "console", store_id: shop.id, attempts: 1 });
    expect(sms.text).not.toContain(code);
    expect(sms.text).toContain("●●●●●●");

    const signedIn = await verify(phone, toPersianDigits(code), hostOf(shop));
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 900,
      refreshExpiresIn: 30 * 24 * 3600,
      user: { phone, isStaff: false },
    });
    expect(signedIn.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const claims = jwt.decode(signedIn.body.accessToken, { complete: true })!;
    expect(claims.header.alg).toBe("HS256");
    // Good at this store only.
    expect(claims.payload).toMatchObject({ sub: signedIn.body.user.id, phone, staff: false, iss: "mall", aud: `store:${shop.id}` });

    const me = await server.request("GET", "/api/v1/auth/me", {
      host: hostOf(shop),
      headers: { Authorization: `Bearer ${signedIn.body.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: signedIn.body.user.id, phone }, isStaff: false, memberships: [] });
    expect(me.body.customerOf).toEqual([{ storeId: shop.id, slug: shop.slug, name: "زعفران‌سرا" }]);

    const customers = await test.platform.dataSource.query(`SELECT store_id FROM store_customers WHERE user_id = $1`, [
      signedIn.body.user.id,
    ]);
    expect(customers).toEqual([{ store_id: shop.id }]);
    const [otp] = await test.platform.dataSource.query(`SELECT code_hash FROM otp_codes WHERE phone = $1`, [phone]);
    expect(otp.code_hash).not.toContain(code);
  });

  it("names «مال» and the platform's domain on the platform's own host, and makes nobody a customer", async () => {
    const phone = randomPhone();
    await sendCode(phone, "mall.localhost");
    const { code, text } = await waitForLastOtp(test.platform.redis, phone);
    expect(text).toContain("«مال»");
    expect(text.split("\n").at(-1)).toBe(`@mall.localhost #${code}`);
    const res = await verify(phone, code, "mall.localhost");
    expect(res.status).toBe(200);
    expect(jwt.decode(res.body.accessToken)).toMatchObject({ aud: "platform" });
    const me = await server.request("GET", "/api/v1/auth/me", {
      host: "mall.localhost",
      headers: { Authorization: `Bearer ${res.body.accessToken}` },
    });
    expect(me.body.customerOf).toEqual([]);
  });

  it("accepts Arabic-Indic digits and a pasted code with spaces", async () => {
    const phone = randomPhone();
    const code = await codeFor(phone, hostOf(shop));
    const res = await verify(phone, ` ${digitsEnToAr(code.slice(0, 3))} ${code.slice(3)} `, hostOf(shop));
    expect(res.status).toBe(200);
  });

  it("signs the same person in again as the same user", async () => {
    const phone = randomPhone();
    const first = await verify(phone, await codeFor(phone, hostOf(shop)), hostOf(shop));
    await clearRateLimits(test.platform);
    const second = await verify(phone, await codeFor(phone, hostOf(otherShop)), hostOf(otherShop));
    expect(second.body.user.id).toBe(first.body.user.id);
    const me = await server.request("GET", "/api/v1/auth/me", {
      host: hostOf(otherShop),
      headers: { Authorization: `Bearer ${second.body.accessToken}` },
    });
    expect(me.body.customerOf.map((s: { storeId: string }) => s.storeId).sort()).toEqual([shop.id, otherShop.id].sort());
  });

  it("never accepts a code twice", async () => {
    const phone = randomPhone();
    const code = await codeFor(phone);
    expect((await verify(phone, code)).status).toBe(200);
    const again = await verify(phone, code);
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: "otp_used", field: "code" });
    expect(again.body.error.message).toContain("کد جدید");
  });

  it("refuses an expired code and says a new one is needed", async () => {
    const phone = randomPhone();
    const code = await codeFor(phone);
    await test.platform.dataSource.query(`UPDATE otp_codes SET expires_at = now() - interval '1 second' WHERE phone = $1`, [phone]);
    const res = await verify(phone, code);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "otp_expired", field: "code" });
    expect(res.body.error.message).toMatch(/مهلت.*کد جدید/);
  });

  it("kills a code after 5 wrong tries, even if the right one comes next", async () => {
    const phone = randomPhone();
    const code = await codeFor(phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const left: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await verify(phone, wrong);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "otp_invalid", field: "code" });
      left.push(res.body.error.message);
    }
    expect(left[0]).toContain("۴ بار دیگر");
    expect(left[3]).toContain("۱ بار دیگر");
    expect(left[4]).toContain("کد جدید");
    const locked = await verify(phone, code);
    expect(locked.status).toBe(400);
    expect(locked.body.error).toMatchObject({ code: "otp_locked", field: "code" });
    expect(locked.body.error.message).toContain("کد جدید");
  });

  it("counts concurrent tries atomically: of 8 wrong tries at once, exactly 5 are judged and 3 find the code dead", async () => {
    const phone = randomPhone();
    const code = await codeFor(phone);
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, "0");
    const results = await Promise.all(Array.from({ length: 8 }, () => verify(phone, wrong)));
    const codes = results.map((res) => res.body.error.code).sort();
    expect(codes).toEqual([...Array(5).fill("otp_invalid"), ...Array(3).fill("otp_locked")]);
  });

  it("takes only the newest code for the phone", async () => {
    const phone = randomPhone();
    const first = await codeFor(phone);
    let second = first;
    // Codes are random: ask again until the newest differs from the first (one chance in a million that it does not).
    while (second === first) {
      await clearRateLimits(test.platform);
      second = await codeFor(phone);
    }
    expect((await verify(phone, first)).body.error?.code).toBe("otp_invalid");
    expect((await verify(phone, second)).status).toBe(200);
  });

  it("does not take a code sent for one store at another store", async () => {
    const phone = randomPhone();
    const code = await codeFor(phone, hostOf(shop));
    const res = await verify(phone, code, hostOf(otherShop));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "otp_not_found", field: "code" });
  });

  it.each([
    [{ phone: "12345" }, "phone", "invalid_phone"],
    [{}, "phone", "invalid_input"],
    [{ phone: 9121234567 }, "phone", "invalid_input"],
  ])("answers bad send input %j with 400 naming %s", async (body, field, code) => {
    const res = await server.request("POST", "/api/v1/auth/send-otp", { body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ field, code });
    expect(res.body.error.message).toMatch(/[\u0600-\u06FF]/);
  });

  it.each([
    [{ phone: "09121234567", code: "12ab56" }, "code"],
    [{ phone: "09121234567", code: "12345" }, "code"],
    [{ phone: "09121234567" }, "code"],
    [{ phone: "not a phone", code: "123456" }, "phone"],
  ])("answers bad verify input %j with 400 naming %s", async (body, field) => {
    const res = await server.request("POST", "/api/v1/auth/verify-otp", { body });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it("answers a code asked for at an unknown store with 404, and sends nothing", async () => {
    const phone = randomPhone();
    const res = await server.request("POST", "/api/v1/auth/send-otp", { host: "no-such-store.mall.localhost", body: { phone } });
    expect(res.status).toBe(404);
    const [{ count }] = await test.platform.dataSource.query(`SELECT count(*)::int AS count FROM sms_messages WHERE phone = $1`, [phone]);
    expect(count).toBe(0);
  });
});

describe("access tokens", () => {
  it("answers /auth/me without a token with 401 JSON, not passport's own page", async () => {
    const res = await server.request("GET", "/api/v1/auth/me");
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(res.headers["www-authenticate"]).toContain("Bearer");
    expect(res.body.error).toMatchObject({ code: "unauthorized" });
  });

  it("tells an expired token apart, so the client knows to refresh", async () => {
    const { user } = await signInThroughApi(server, test.platform);
    const expired = jwt.sign({ phone: user.phone, staff: false }, test.config.JWT_SECRET, {
      algorithm: "HS256",
      subject: user.id,
      issuer: "mall",
      expiresIn: -10,
    });
    const res = await server.request("GET", "/api/v1/auth/me", { headers: { Authorization: `Bearer ${expired}` } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("token_expired");
  });

  it.each([
    [
      "signed with another secret",
      () =>
        jwt.sign({ phone: "+989120000000", staff: true }, "x".repeat(40), {
          algorithm: "HS256",
          subject: "00000000-0000-4000-8000-000000000000",
          issuer: "mall",
        }),
    ],
    [
      "unsigned (alg none)",
      () =>
        jwt.sign({ phone: "+989120000000", staff: true }, "", {
          algorithm: "none",
          subject: "00000000-0000-4000-8000-000000000000",
          issuer: "mall",
        }),
    ],
    ["not a JWT", () => "garbage"],
  ])("refuses a token %s", async (_name, token) => {
    const res = await server.request("GET", "/api/v1/auth/me", { headers: { Authorization: `Bearer ${token()}` } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("refuses a valid token of a user who no longer exists", async () => {
    const { accessToken, user } = await signInThroughApi(server, test.platform);
    await test.platform.dataSource.query(`DELETE FROM users WHERE id = $1`, [user.id]);
    const res = await server.request("GET", "/api/v1/auth/me", { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(401);
  });
});
