import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { randomPhone } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { clearRateLimits, waitForLastOtp } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { OTP_LIMITS } from "./otp-limits.js";

/**
 * Issue 24 #9: someone who does not receive the SMS cannot keep a phone's
 * owner from signing in. Behind one proxy hop (as behind Mall's nginx), the
 * attacker and the owner come from different addresses: the attacker asks
 * for codes to the owner's phone and tries wrong codes as fast as the limits
 * let them, with and without the challenges their own sends gave them; the
 * owner asks for a code from their own address, gets it at once and signs in
 * with it.
 */
const test = useTestPlatform({ TRUST_PROXY_HOPS: "1" });
let server: TestServer;
let worker: RunningWorker;
const ATTACKER = "203.0.113.66";
const OWNER = "198.51.100.20";

beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
  worker = startWorkers(test.platform, { queues: ["sms"] });
});
afterAll(async () => {
  await worker?.stop();
  await server?.close();
});
beforeEach(() => clearRateLimits(test.platform));

const from = (address: string) => ({ "x-forwarded-for": address });
const send = (address: string, phone: string) =>
  server.request("POST", "/api/v1/auth/send-otp", { headers: from(address), body: { phone } });
const verify = (address: string, body: { phone: string; code: string; challenge?: string }) =>
  server.request("POST", "/api/v1/auth/verify-otp", { headers: from(address), body });
const wrongCodes = (count: number) => Array.from({ length: count }, (_, i) => String(100_000 + i * 7919).padStart(6, "0"));

/** What the attacker can do in a burst: ask for a code (while their budget lasts) and try wrong codes, with their own challenge and without one. */
async function attack(phone: string): Promise<void> {
  const sent = await send(ATTACKER, phone);
  expect([202, 429]).toContain(sent.status);
  const challenge = sent.status === 202 ? (sent.body.challenge as string) : undefined;
  for (const code of wrongCodes(6)) {
    expect((await verify(ATTACKER, { phone, code })).status).toBe(400);
    if (challenge) expect((await verify(ATTACKER, { phone, code, challenge })).status).toBe(400);
  }
}

describe("an attacker without the SMS cannot lock the owner out", () => {
  it("the owner signs in with a fresh code while the attacker keeps asking for codes and trying wrong ones", async () => {
    const phone = randomPhone();
    await attack(phone);
    // The owner asks from their own address within the attacker's minute: a code at once.
    const before = new Date().toISOString();
    const sent = await send(OWNER, phone);
    expect(sent.status).toBe(202);
    expect(sent.body.challenge).toMatch(/^[0-9a-f-]{36}$/);
    const { code } = await waitForLastOtp(test.platform.redis, phone, { newerThan: before });
    // While the SMS travels, the attacker goes on: another send (refused, their minute), a dozen wrong codes.
    await attack(phone);
    // Guessing with the owner's challenge would need the owner's challenge; a wrong challenge finds no code.
    expect(
      (await verify(ATTACKER, { phone, code: wrongCodes(1)[0]!, challenge: "00000000-0000-4000-8000-000000000000" })).body.error.code,
    ).toBe("otp_not_found");
    const signedIn = await verify(OWNER, { phone, code, challenge: sent.body.challenge });
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(signedIn.body.user.phone).toBe(phone);
  });

  it("spending a whole hour's sends from the attacker's address leaves the owner's own budget whole", async () => {
    const phone = randomPhone();
    for (let i = 0; i < OTP_LIMITS.phonePerHour.points; i++) {
      expect((await send(ATTACKER, phone)).status).toBe(202);
      // A minute passes for the attacker.
      await clearRateLimits(test.platform, `rl:otp-phone-minute:${phone}@*`);
    }
    const refused = await send(ATTACKER, phone);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(60);
    for (const code of wrongCodes(6)) await verify(ATTACKER, { phone, code });

    const before = new Date().toISOString();
    const sent = await send(OWNER, phone);
    expect(sent.status).toBe(202);
    const { code } = await waitForLastOtp(test.platform.redis, phone, { newerThan: before });
    expect((await verify(OWNER, { phone, code, challenge: sent.body.challenge })).status).toBe(200);
  });

  it("the owner's code, checked with its challenge, has its own five tries: a typo costs one, not the attacker's", async () => {
    const phone = randomPhone();
    const before = new Date().toISOString();
    const sent = await send(OWNER, phone);
    const { code } = await waitForLastOtp(test.platform.redis, phone, { newerThan: before });
    for (const wrong of wrongCodes(20)) await verify(ATTACKER, { phone, code: wrong });
    const typo = await verify(OWNER, { phone, code: code === "000000" ? "000001" : "000000", challenge: sent.body.challenge });
    expect(typo.body.error).toMatchObject({ code: "otp_invalid", field: "code" });
    expect(typo.body.error.message).toContain("۴ بار دیگر");
    expect((await verify(OWNER, { phone, code, challenge: sent.body.challenge })).status).toBe(200);
  });
});
