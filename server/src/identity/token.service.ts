import { createHash, randomBytes, randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import type { ServiceContext } from "../core/context.js";
import {
  RefreshTokenExpiredError,
  RefreshTokenInvalidError,
  RefreshTokenReusedError,
  RefreshTokenWrongStoreError,
  type Outcome,
} from "./identity.errors.js";
import { RefreshToken } from "./refresh-token.entity.js";
import { User } from "./user.entity.js";

/**
 * Tokens, and why these lifetimes:
 * - The access token is a JWT (HS256) that lives 15 minutes: it is checked
 *   without a database row, so its lifetime is how long a revoked sign-in can
 *   still read. Staff status is re-read from the database on every request.
 * - The refresh token is 32 random bytes that live 30 days from their last use
 *   (a shopper who comes back within a month stays signed in). It is stored as
 *   a sha256, rotates on every use, and a reused one revokes its whole family.
 * - Both are bound to where the sign-in happened (the audience): a store's
 *   shoppers get tokens for that store only (`store:{id}`), refused at every
 *   other store and by the merchant API; a sign-in on the platform's own host
 *   gets `platform` tokens, refused on stores' custom domains. A token a
 *   merchant could read on their own domain is worth nothing anywhere else.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
export const JWT_ISSUER = "mall";
export const JWT_ALGORITHM = "HS256";

/** Where a token may be used: the platform's own host, or one store. */
export type TokenAudience = "platform" | { storeId: string };

export const PLATFORM_AUDIENCE = "platform";
const STORE_AUDIENCE_PREFIX = "store:";

/** The `aud` claim of an audience. */
export function audienceClaim(audience: TokenAudience): string {
  return audience === "platform" ? PLATFORM_AUDIENCE : `${STORE_AUDIENCE_PREFIX}${audience.storeId}`;
}

/** The audience an `aud` claim names, or null for anything else (a token from before audiences, or a forged one). */
export function audienceOf(claim: unknown, isUuid: (value: string) => boolean): TokenAudience | null {
  if (claim === PLATFORM_AUDIENCE) return "platform";
  if (typeof claim === "string" && claim.startsWith(STORE_AUDIENCE_PREFIX)) {
    const storeId = claim.slice(STORE_AUDIENCE_PREFIX.length);
    return isUuid(storeId) ? { storeId } : null;
  }
  return null;
}

/** The claims of an access token: `sub` is the user id, `aud` where it may be used. */
export interface AccessTokenClaims {
  sub: string;
  aud: string;
  phone: string;
  staff: boolean;
}

export function signAccessToken(
  user: Pick<User, "id" | "phone" | "isStaff">,
  secret: string,
  audience: TokenAudience = "platform",
): string {
  return jwt.sign({ phone: user.phone, staff: user.isStaff }, secret, {
    algorithm: JWT_ALGORITHM,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    subject: user.id,
    issuer: JWT_ISSUER,
    audience: audienceClaim(audience),
  });
}

const audienceOfStore = (storeId: string | null): TokenAudience => (storeId ? { storeId } : "platform");

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new refresh token for the user: in a new family (a new sign-in) unless one is given. */
async function issueRefreshToken(
  ctx: ServiceContext,
  userId: string,
  storeId: string | null,
  familyId: string = randomUUID(),
): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const id = randomUUID();
  await ctx.manager.getRepository(RefreshToken).insert({
    id,
    userId,
    storeId,
    familyId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
  });
  return { id, token };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: User;
}

/** Signs a user in at a store (or the platform, null): an access token and the first refresh token of a new family, both for there. */
export async function startSession(ctx: ServiceContext, user: User, secret: string, storeId: string | null): Promise<Session> {
  const { token } = await issueRefreshToken(ctx, user.id, storeId);
  return { accessToken: signAccessToken(user, secret, audienceOfStore(storeId)), refreshToken: token, user };
}

interface TokenRow {
  id: string;
  user_id: string;
  store_id: string | null;
  family_id: string;
  expired: boolean;
  used_at: Date | null;
  revoked_at: Date | null;
}

/**
 * Exchanges a refresh token for a new pair. The row is locked, so of two
 * concurrent uses one wins and the other is a reuse. A reuse revokes the
 * family and is returned (not thrown) so that the revocation commits.
 * `storeId` is the store the request is for (null: the platform's host); a
 * token issued elsewhere is refused there and stays as it was.
 */
export async function rotateRefreshToken(
  ctx: ServiceContext,
  token: string,
  secret: string,
  storeId: string | null,
): Promise<Outcome<Session>> {
  const [row]: TokenRow[] = await ctx.manager.query(
    `SELECT id, user_id, store_id, family_id, expires_at <= now() AS expired, used_at, revoked_at
       FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
    [hashToken(token)],
  );
  if (!row || row.revoked_at) return { ok: false, error: new RefreshTokenInvalidError() };
  if ((row.store_id ?? null) !== storeId) return { ok: false, error: new RefreshTokenWrongStoreError() };
  if (row.used_at) {
    await revokeFamily(ctx, row.family_id);
    return { ok: false, error: new RefreshTokenReusedError() };
  }
  if (row.expired) return { ok: false, error: new RefreshTokenExpiredError() };
  const user = await ctx.manager.getRepository(User).findOneByOrFail({ id: row.user_id });
  const next = await issueRefreshToken(ctx, user.id, row.store_id, row.family_id);
  await ctx.manager.getRepository(RefreshToken).update({ id: row.id }, { usedAt: new Date(), replacedBy: next.id });
  return { ok: true, value: { accessToken: signAccessToken(user, secret, audienceOfStore(row.store_id)), refreshToken: next.token, user } };
}

/** Signs out the sign-in a refresh token belongs to (its whole family); an unknown token, or one of another store, changes nothing. */
export async function revokeRefreshToken(ctx: ServiceContext, token: string, storeId: string | null): Promise<void> {
  const row = await ctx.manager.getRepository(RefreshToken).findOneBy({ tokenHash: hashToken(token) });
  if (row && (row.storeId ?? null) === storeId) await revokeFamily(ctx, row.familyId);
}

async function revokeFamily(ctx: ServiceContext, familyId: string): Promise<void> {
  await ctx.manager.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [familyId]);
}

/** Forgets refresh tokens a week after they expired. */
export async function pruneRefreshTokens(ctx: ServiceContext): Promise<number> {
  const [, count]: [unknown[], number] = await ctx.manager.query(`DELETE FROM refresh_tokens WHERE expires_at < now() - interval '7 days'`);
  return Number(count ?? 0);
}
