import { createHash, randomBytes } from "node:crypto";
import type { InstagramLoginResult } from "@mall/locale";
import type { Redis } from "ioredis";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import type { ServiceContext } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { findUserById } from "../identity/user.service.js";
import type { Logger } from "../platform/logger.js";
import { InstagramGraphError, type InstagramGraphApi } from "./instagram-graph.js";
import { INSTAGRAM_LOGIN_SCOPES, type InstagramLoginApi } from "./instagram-login.js";
import { saveInstagramConnection } from "./instagram-connection.js";
import { InstagramLoginNotConfiguredError } from "./social.errors.js";
import { canManageStore } from "./telegram-channel.service.js";

/**
 * Connecting a store's Instagram account through Instagram Login
 * (PROTOCOLS.md §8), started from the back office:
 *
 * - start: a person who may manage the store gets the authorize URL with a
 *   fresh `state` (32 random bytes), saved in Redis under its hash with the
 *   store and the person, valid INSTAGRAM_LOGIN_STATE_MINUTES;
 * - callback: the state is taken out of Redis (GETDEL: used once, whatever
 *   happens next) and must have been made for the person whose session
 *   brings the browser back, within its minutes. Without that check anyone
 *   could send a merchant an authorize link carrying a state of their own
 *   store, and the merchant's Instagram account would end up connected to
 *   it. Then the code is exchanged for a short-lived token, that for a
 *   long-lived one, the account is read (id, username) and saved with the
 *   token sealed and its expiry, and the connection is audited.
 *
 * Every way it can end is one of INSTAGRAM_LOGIN_RESULTS (@mall/locale),
 * which the back office shows in Persian; nothing here throws to the page.
 */

export const INSTAGRAM_LOGIN_STATE_MINUTES = 10;
/** An expired state is kept a little longer than it is valid, to tell the merchant it expired rather than that it is unknown. */
const STATE_KEPT_SECONDS = 24 * 3600;
const STATE_FORMAT = /^[A-Za-z0-9_-]{43}$/;

interface SavedState {
  storeId: string;
  userId: string;
  expiresAt: string;
}

const stateKey = (state: string) => `instagram-login:${createHash("sha256").update(state).digest("hex")}`;

export interface InstagramLoginDeps {
  dataSource: DataSource;
  redis: Redis;
  config: Pick<Config, "PAYMENT_SECRET_KEY">;
  logger: Logger;
  /** Null when no Instagram app is configured. */
  login: InstagramLoginApi | null;
  /** The Graph API on Instagram Login's host (INSTAGRAM_API_URL). */
  graph: InstagramGraphApi;
}

/** The authorize URL to send the person to, and until when its state is accepted. */
export async function startInstagramLogin(
  ctx: ServiceContext,
  deps: Pick<InstagramLoginDeps, "redis" | "login">,
  storeId: string,
): Promise<{ url: string; expiresAt: Date }> {
  await canManageStore(ctx, storeId);
  if (!deps.login) throw new InstagramLoginNotConfiguredError();
  if (ctx.actor.kind !== "user") throw new Error("an Instagram login is started by a signed-in person");
  const state = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INSTAGRAM_LOGIN_STATE_MINUTES * 60_000);
  const saved: SavedState = { storeId, userId: ctx.actor.userId, expiresAt: expiresAt.toISOString() };
  await deps.redis.set(stateKey(state), JSON.stringify(saved), "EX", STATE_KEPT_SECONDS);
  return { url: deps.login.authorizeUrl(state), expiresAt };
}

/** What Instagram's redirect brought back (query parameters). On a refusal, `error` and its reason (PROTOCOLS.md does not capture the names: unverified). */
export interface InstagramCallback {
  state?: string;
  code?: string;
  error?: string;
  errorReason?: string;
  errorDescription?: string;
}

export interface InstagramLoginOutcome {
  result: InstagramLoginResult;
  /** The store whose page the person goes back to; null when the state names none the person may see. */
  storeId: string | null;
  username?: string | null;
}

/** Ends a login: see the module comment. `userId` is the person whose back-office session brought the browser back. */
export async function completeInstagramLogin(
  deps: InstagramLoginDeps,
  userId: string,
  callback: InstagramCallback,
): Promise<InstagramLoginOutcome> {
  const { state } = callback;
  if (!state || !STATE_FORMAT.test(state)) return { result: "bad_state", storeId: null };
  const raw = await deps.redis.getdel(stateKey(state));
  if (!raw) return { result: "bad_state", storeId: null };
  const saved = JSON.parse(raw) as SavedState;
  // Another person's state tells this one nothing about that store.
  if (saved.userId !== userId) {
    deps.logger.warn({ storeId: saved.storeId, userId }, "instagram login: a state came back in another person's session; refused");
    return { result: "other_user", storeId: null };
  }
  const { storeId } = saved;
  if (Date.parse(saved.expiresAt) <= Date.now()) return { result: "expired_state", storeId };
  if (callback.error) {
    deps.logger.info({ storeId, error: callback.error, reason: callback.errorReason }, "instagram login: the person did not allow access");
    return { result: "denied", storeId };
  }
  if (!deps.login) return { result: "not_configured", storeId };
  if (!callback.code) return { result: "provider_error", storeId };

  const user = await findUserById({ manager: deps.dataSource.manager, actor: { kind: "system", name: "instagram-login" } }, userId);
  if (!user) return { result: "other_user", storeId: null };
  const read: ServiceContext = {
    manager: deps.dataSource.manager,
    actor: { kind: "user", userId, isStaff: user.isStaff },
    surface: "admin",
  };
  try {
    // The person may have lost the store meanwhile.
    await canManageStore(read, storeId);
  } catch (error) {
    if (error instanceof DomainError) return { result: "other_user", storeId: null };
    throw error;
  }

  let connected: { igUserId: string; username: string | null; token: string; expiresIn: number };
  try {
    const short = await deps.login.exchangeCode(callback.code);
    if (short.permissions && !short.permissions.includes(INSTAGRAM_LOGIN_SCOPES[1])) return { result: "no_publish_permission", storeId };
    const long = await deps.login.longLivedToken(short.accessToken);
    // The code exchange's user id read as the publishing calls read it (GET /{id}?fields=id,username); the id Graph answers is kept.
    const account = await deps.graph.account(short.userId, long.accessToken);
    connected = { igUserId: account.id, username: account.username ?? null, token: long.accessToken, expiresIn: long.expiresIn };
  } catch (error) {
    if (!(error instanceof InstagramGraphError)) throw error;
    deps.logger.warn({ storeId, err: error.message }, "instagram login: Instagram refused or failed a step of the connection");
    return { result: error.transient ? "unavailable" : "provider_error", storeId };
  }

  const now = new Date();
  await deps.dataSource.transaction(async (manager) => {
    const ctx: ServiceContext = { ...read, manager };
    await saveInstagramConnection(ctx, deps.config, storeId, {
      igUserId: connected.igUserId,
      username: connected.username,
      token: connected.token,
      connectedVia: "instagram_login",
      tokenIssuedAt: now,
      tokenExpiresAt: new Date(now.getTime() + connected.expiresIn * 1000),
    });
  });
  return { result: "connected", storeId, username: connected.username };
}
