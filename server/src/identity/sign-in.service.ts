import type { Config } from "../config/config.js";
import { recordSms, type SmsJobData } from "../messaging/sms.service.js";
import type { ServiceContext } from "../core/context.js";
import { StoreMember } from "../tenancy/store-member.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { findOrCreateUser } from "../tenancy/tenancy.service.js";
import type { Outcome } from "./identity.errors.js";
import { consumeOtp, issueOtp, OTP_TTL_SECONDS, otpKey, pruneOtpCodes } from "./otp.service.js";
import { StoreCustomer } from "./store-customer.entity.js";
import { pruneRefreshTokens, startSession, type Session } from "./token.service.js";
import { User } from "./user.entity.js";
import { formatNumber } from "@mall/locale";

/** The secrets sign-in needs, derived once from the configuration. */
export interface IdentityKeys {
  jwtSecret: string;
  otpKey: Buffer;
}

export function identityKeys(config: Pick<Config, "JWT_SECRET">): IdentityKeys {
  return { jwtSecret: config.JWT_SECRET, otpKey: otpKey(config.JWT_SECRET) };
}

/**
 * The sign-in SMS. Persian, naming the store (or «مال»), with the code in
 * Latin digits (what phones' code autofill and Web OTP read), and ending with
 * the Web OTP line `@host #code` so a browser on that host can fill it in.
 */
export function signInMessage(input: { code: string; storeName: string | null; host: string }): string {
  const where = input.storeName ? `فروشگاه «${input.storeName}»` : "«مال»";
  const minutes = formatNumber(OTP_TTL_SECONDS / 60);
  return [
    `کد ورود شما به ${where}: ${input.code}`,
    `این کد تا ${minutes} دقیقه معتبر است؛ آن را به کسی ندهید.`,
    "",
    `@${input.host} #${input.code}`,
  ].join("\n");
}

export interface SignInCodeRequest {
  phone: string;
  /** The store the sign-in is for, when the request came through its Host or X-Store. */
  store: { id: string; name: string } | null;
  /** The host the shopper's page is on, for the Web OTP line. */
  host: string;
}

/**
 * Issues a sign-in code and records its SMS in the caller's transaction.
 * Returns the SMS job; the caller enqueues it after the commit.
 */
export async function requestSignInCode(
  ctx: ServiceContext,
  input: SignInCodeRequest,
  deps: { keys: IdentityKeys; config: Pick<Config, "SMS_PROVIDER"> },
): Promise<{ phone: string; expiresAt: Date; challenge: string; sms: SmsJobData }> {
  const otp = await issueOtp(ctx, { phone: input.phone, storeId: input.store?.id ?? null }, deps.keys.otpKey);
  const text = signInMessage({ code: otp.code, storeName: input.store?.name ?? null, host: input.host });
  const sms = await recordSms(
    ctx,
    { kind: "otp", to: otp.phone, text, code: otp.code, storeId: input.store?.id ?? null, expiresAt: otp.expiresAt },
    deps.config,
  );
  // The challenge goes only to whoever asked for the code: the code's own tries are theirs (otp.service.ts).
  return { phone: otp.phone, expiresAt: otp.expiresAt, challenge: otp.id, sms };
}

/**
 * Signs a person in with the code they received: consumes the code, finds or
 * creates their user, makes them a customer of the store the sign-in is for,
 * and starts a session. A wrong code comes back as a failed Outcome so that
 * the counted try commits.
 */
export async function signInWithOtp(
  ctx: ServiceContext,
  input: { phone: string; code: string; storeId: string | null; challenge?: string | undefined },
  keys: IdentityKeys,
): Promise<Outcome<Session>> {
  const check = await consumeOtp(ctx, input, keys.otpKey);
  if (!check.ok) return check;
  const user = await findOrCreateUser(ctx, check.value.phone);
  if (input.storeId) {
    await ctx.manager
      .getRepository(StoreCustomer)
      .createQueryBuilder()
      .insert()
      .values({ storeId: input.storeId, userId: user.id })
      .orIgnore()
      .execute();
  }
  return { ok: true, value: await startSession(ctx, user, keys.jwtSecret, input.storeId) };
}

export interface UserOverview {
  user: User;
  memberships: Array<{ store: Store; role: StoreMember["role"] }>;
  customerOf: Store[];
}

/** A user with the stores they run and the stores they shop at. */
export async function describeUser(ctx: ServiceContext, userId: string): Promise<UserOverview> {
  const user = await ctx.manager.getRepository(User).findOneByOrFail({ id: userId });
  const members = await ctx.manager
    .getRepository(StoreMember)
    .find({ where: { userId }, relations: { store: true }, order: { createdAt: "ASC" } });
  const customers = await ctx.manager
    .getRepository(StoreCustomer)
    .find({ where: { userId }, relations: { store: true }, order: { createdAt: "ASC" } });
  return {
    user,
    memberships: members.map((member) => ({ store: member.store!, role: member.role })),
    customerOf: customers.map((customer) => customer.store!),
  };
}

/** Deletes dead codes and long-expired refresh tokens (run hourly by the worker). */
export async function pruneSignIns(ctx: ServiceContext): Promise<{ codes: number; refreshTokens: number }> {
  return { codes: await pruneOtpCodes(ctx), refreshTokens: await pruneRefreshTokens(ctx) };
}
