import type { Config } from "@mall/server/config/config.js";
import { RedisStore } from "connect-redis";
import type { RequestHandler } from "express";
import session from "express-session";
import type { Redis } from "ioredis";
import type { AdminUser } from "../access.js";

declare module "express-session" {
  interface SessionData {
    adminUser?: AdminUser;
  }
}

/** A signed-in back-office session lasts this long without use; every request extends it. */
export const SESSION_TTL_SECONDS = 12 * 3600;

/** Where sessions live in Redis, under the platform's key prefix. */
export const SESSION_KEY_PREFIX = "admin-session:";

/**
 * connect-redis 9 talks to node-redis; the platform has one ioredis client
 * (with its key prefix). This is the small part of node-redis's API the
 * store uses, on top of that client, so any replica reads any session.
 */
export function redisClientForSessions(redis: Redis) {
  const keyPrefix = String(redis.options.keyPrefix ?? "");
  return {
    get: (key: string) => redis.get(key),
    set: (key: string, value: string, options?: { expiration?: { type: "EX"; value: number } }) =>
      options?.expiration ? redis.set(key, value, "EX", options.expiration.value) : redis.set(key, value),
    expire: (key: string, seconds: number) => redis.expire(key, seconds),
    del: (keys: string | string[]) => redis.del(...(Array.isArray(keys) ? keys : [keys])),
    mGet: (keys: string[]) => redis.mget(...keys),
    // SCAN patterns are not prefixed by ioredis, while the keys it returns must go back without the prefix.
    async *scanIterator({ MATCH, COUNT }: { MATCH: string; COUNT: number }) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${keyPrefix}${MATCH}`, "COUNT", COUNT);
        cursor = next;
        yield keys.map((key) => key.slice(keyPrefix.length));
      } while (cursor !== "0");
    },
  };
}

/**
 * The back office's session: kept in Redis, a cookie that scripts cannot
 * read, sent only to /admin, same-site (lax: a form on another site cannot
 * post with it), and secure whenever the platform is served over https.
 */
export function adminSession(config: Pick<Config, "SESSION_SECRET" | "PUBLIC_URL">, redis: Redis): RequestHandler {
  return session({
    name: "mall_admin",
    secret: config.SESSION_SECRET,
    store: new RedisStore({ client: redisClientForSessions(redis), prefix: SESSION_KEY_PREFIX, ttl: SESSION_TTL_SECONDS }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: "destroy",
    cookie: {
      httpOnly: true,
      sameSite: "lax",
      secure: new URL(config.PUBLIC_URL).protocol === "https:",
      path: "/admin",
      maxAge: SESSION_TTL_SECONDS * 1000,
    },
  });
}
