import { Registry } from "prom-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { createRedis } from "../platform/redis.js";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { buildStore, randomPhone } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { OTP_LIMITS } from "./otp-limits.js";
import { formatNumber } from "@mall/locale";

const test = useTestPlatform();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());
beforeEach(() => clearRateLimits(test.platform));

const send = (phone: string) => server.request("POST", "/api/v1/auth/send-otp", { body: { phone } });
const verify = (phone: string) => server.request("POST", "/api/v1/auth/verify-otp", { body: { phone, code: "000000" } });

/** What a minute passing does to the phone's minute counters (one per address asking). */
const forgetMinute = (phone: string) => clearRateLimits(test.platform, `rl:otp-phone-minute:${phone}@*`);

describe("limits on sign-in codes", () => {
  it("sends one code a minute per phone and names the wait, in Persian and in Retry-After", async () => {
    const phone = randomPhone();
    expect((await send(phone)).status).toBe(202);
    const again = await send(`0${phone.slice(3)}`); // the same number, typed differently
    expect(again.status).toBe(429);
    const wait = Number(again.headers["retry-after"]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(again.body.error.code).toBe("otp_too_many_requests");
    expect(again.body.error.message).toContain(`${formatNumber(wait)} ثانیهٔ دیگر`);
    expect((await send(randomPhone())).status).toBe(202);
    const [{ count }] = await test.platform.dataSource.query(`SELECT count(*)::int AS count FROM sms_messages WHERE phone = $1`, [phone]);
    expect(count).toBe(1);
  });

  it("sends at most five codes an hour per phone", async () => {
    const phone = randomPhone();
    for (let i = 0; i < OTP_LIMITS.phonePerHour.points; i++) {
      expect((await send(phone)).status).toBe(202);
      await forgetMinute(phone);
    }
    const sixth = await send(phone);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers["retry-after"])).toBeGreaterThan(60);
    expect(Number(sixth.headers["retry-after"])).toBeLessThanOrEqual(3600);
  });

  it(`sends at most ${OTP_LIMITS.sendsPerIp.points} codes an hour from one address, whatever the phones (room for a carrier's shared address)`, async () => {
    for (let i = 0; i < OTP_LIMITS.sendsPerIp.points; i++) expect((await send(randomPhone())).status).toBe(202);
    const res = await send(randomPhone());
    expect(res.status).toBe(429);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(60);
  });

  it("does not spend a phone's, the address's or the store's budget on input that is not a phone", async () => {
    for (let i = 0; i < 3; i++) expect((await send("0912")).status).toBe(400);
    const keys = await test.platform.redis.keys(`${test.config.REDIS_PREFIX}:rl:otp-*`);
    expect(keys).toEqual([]);
    expect((await send(randomPhone())).status).toBe(202);
  });

  it("keeps an hourly budget of codes per store, across addresses and phones; other stores are not affected", async () => {
    const [a, b] = [await buildStore(test.platform.dataSource), await buildStore(test.platform.dataSource)];
    // The budget as many shoppers from many addresses would have left it: one code to go.
    const budget = new RateLimiterRedis({
      storeClient: test.platform.redis,
      keyPrefix: "rl:otp-send-store",
      points: OTP_LIMITS.sendsPerStore.points,
      duration: OTP_LIMITS.sendsPerStore.durationSeconds,
    });
    await budget.consume(a.id, OTP_LIMITS.sendsPerStore.points - 1);
    const sendAt = (slug: string) =>
      server.request("POST", "/api/v1/auth/send-otp", { host: `${slug}.${test.config.PLATFORM_DOMAIN}`, body: { phone: randomPhone() } });
    expect((await sendAt(a.slug)).status).toBe(202);
    const refused = await sendAt(a.slug);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(60);
    expect((await sendAt(b.slug)).status).toBe(202);
  });

  it(`takes at most ${OTP_LIMITS.verifiesPerIp.points} code tries an hour from one address`, async () => {
    for (let i = 0; i < OTP_LIMITS.verifiesPerIp.points; i++) expect((await verify(randomPhone())).status).toBe(400);
    const res = await verify(randomPhone());
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBeDefined();
    // 601 requests one after another: 13 s here on a quiet machine, past 30 s while the suite shares two cores.
  }, 120_000);

  it("sends nothing when Redis is down, because the limits fail closed (SMS costs money)", async () => {
    const deadRedis = createRedis({ REDIS_URL: "redis://127.0.0.1:1", REDIS_PREFIX: test.config.REDIS_PREFIX });
    deadRedis.on("error", () => {});
    const broken = await startTestServer(createApp({ ...test.platform, redis: deadRedis, metrics: new Registry() }));
    try {
      const phone = randomPhone();
      const res = await broken.request("POST", "/api/v1/auth/send-otp", { body: { phone } });
      expect(res.status).toBe(503);
      const [{ count }] = await test.platform.dataSource.query(`SELECT count(*)::int AS count FROM otp_codes WHERE phone = $1`, [phone]);
      expect(count).toBe(0);
    } finally {
      await broken.close();
      deadRedis.disconnect();
    }
  });
});
