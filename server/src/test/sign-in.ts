import type { Redis } from "ioredis";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import { issueOtp, otpKey } from "../identity/otp.service.js";
import { signAccessToken, type TokenAudience } from "../identity/token.service.js";
import { User } from "../identity/user.entity.js";
import { readLastOtp, type LastOtp } from "../messaging/console-sms.js";
import { systemContext } from "../core/context.js";
import type { Platform } from "../platform/platform.js";
import { findOrCreateUser } from "../tenancy/tenancy.service.js";
import { randomPhone } from "./factories.js";
import type { TestServer } from "./http-client.js";

/** A user (random phone unless given), optionally platform staff. */
export async function buildUser(dataSource: DataSource, overrides: { phone?: string; isStaff?: boolean } = {}): Promise<User> {
  const user = await dataSource.transaction((manager) =>
    findOrCreateUser(systemContext(manager, "test"), overrides.phone ?? randomPhone()),
  );
  if (overrides.isStaff) {
    await dataSource.getRepository(User).update({ id: user.id }, { isStaff: true });
    user.isStaff = true;
  }
  return user;
}

/**
 * An `Authorization` header for a user, without going through SMS (for tests about something else): a platform
 * token unless `audience` names the store it was issued at (as a store site's sign-in does).
 */
export function bearer(
  config: Pick<Config, "JWT_SECRET">,
  user: Pick<User, "id" | "phone" | "isStaff">,
  audience: TokenAudience = "platform",
): Record<string, string> {
  return { Authorization: `Bearer ${signAccessToken(user, config.JWT_SECRET, audience)}` };
}

/**
 * Signs in through the real verify-otp route with a code issued straight into
 * the database (no SMS, no worker). `host`/`storeId` name the store the
 * sign-in is for; they must agree, as they do when a shopper uses the store's host.
 */
export async function signInThroughApi(
  server: TestServer,
  platform: Pick<Platform, "dataSource" | "config">,
  options: { phone?: string; host?: string; storeId?: string } = {},
) {
  const phone = options.phone ?? randomPhone();
  const { code } = await platform.dataSource.transaction((manager) =>
    issueOtp(systemContext(manager, "test"), { phone, storeId: options.storeId ?? null }, otpKey(platform.config.JWT_SECRET)),
  );
  const res = await server.request("POST", "/api/v1/auth/verify-otp", {
    ...(options.host ? { host: options.host } : {}),
    body: { phone, code },
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  return { phone, ...(res.body as { accessToken: string; refreshToken: string; user: { id: string; phone: string } }) };
}

/** Waits for the console SMS driver to have "sent" a code to the phone (the worker sends it from the queue). */
export async function waitForLastOtp(
  redis: Redis,
  phone: string,
  options: { newerThan?: string; timeoutMs?: number } = {},
): Promise<LastOtp> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const last = await readLastOtp(redis, phone);
    if (last && (!options.newerThan || last.sentAt > options.newerThan)) return last;
    if (Date.now() > deadline) throw new Error(`no code reached ${phone}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Forgets every rate-limit counter of this test file, so tests do not spend each other's limits. */
export async function clearRateLimits(platform: Pick<Platform, "redis" | "config">, pattern = "rl:*"): Promise<void> {
  const prefix = `${platform.config.REDIS_PREFIX}:`;
  let cursor = "0";
  do {
    // SCAN's pattern is not prefixed by ioredis, DEL's keys are: strip the prefix before deleting.
    const [next, keys] = await platform.redis.scan(cursor, "MATCH", `${prefix}${pattern}`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await platform.redis.del(...keys.map((key) => key.slice(prefix.length)));
  } while (cursor !== "0");
}
