import type { Config } from "@mall/server/config/config.js";
import type { RequestHandler } from "express";
import session, { Store, type SessionData } from "express-session";
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
 * express-session's store on the platform's one ioredis client (with its key
 * prefix): each session is a JSON string that expires with the cookie, so any
 * replica reads any session and Redis forgets the ones nobody uses.
 */
export class IoredisSessionStore extends Store {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds = SESSION_TTL_SECONDS,
  ) {
    super();
  }

  private key(sid: string): string {
    return `${SESSION_KEY_PREFIX}${sid}`;
  }

  /** The cookie's remaining life when it has one, else the store's TTL; at least one second. */
  private ttl(data: SessionData): number {
    const expires = data.cookie?.expires ? new Date(data.cookie.expires).getTime() - Date.now() : NaN;
    return Number.isFinite(expires) ? Math.max(1, Math.ceil(expires / 1000)) : this.ttlSeconds;
  }

  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    this.redis.get(this.key(sid)).then(
      (text) => callback(null, text ? (JSON.parse(text) as SessionData) : null),
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, data: SessionData, callback?: (error?: unknown) => void): void {
    this.redis.set(this.key(sid), JSON.stringify(data), "EX", this.ttl(data)).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    this.redis.expire(this.key(sid), this.ttl(data)).then(
      () => callback?.(),
      // express-session's touch callback takes no error: a failed touch only shortens the session.
      () => callback?.(),
    );
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.redis.del(this.key(sid)).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }
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
    store: new IoredisSessionStore(redis),
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
