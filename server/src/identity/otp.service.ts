import { createHmac, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import type { ServiceContext } from "../core/context.js";
import { UUID_PATTERN } from "../core/ids.js";
import { OtpCode } from "./otp-code.entity.js";
import { OtpExpiredError, OtpInvalidError, OtpLockedError, OtpNotFoundError, OtpUsedError, type Outcome } from "./identity.errors.js";
import { requirePhone } from "./phone.js";

/**
 * Sign-in codes. The limits, and why:
 * - 6 digits from crypto.randomInt: a million values against at most 5 tries a code.
 * - 2 minutes: long enough for an SMS to arrive on a slow Iranian carrier and be
 *   typed, short enough that a code read over a shoulder is soon useless.
 * - 5 tries, right or wrong, then the code is dead and a new one is needed
 *   (with 5 codes an hour per phone, a guesser gets 25 tries in a million an hour).
 * - Tries are counted by who makes them (issue 24 #9): the client that asked
 *   for a code is given its challenge (the row's id) and checks the code with
 *   it: that code, whatever was sent after it, and its own 5 tries. Tries
 *   without a challenge check the newest code and have 5 tries of their own.
 *   So someone who does not receive the SMS can neither replace the owner's
 *   code nor use up its tries: 10 tries a code in all, still 1 in 100,000.
 * - Only a keyed hash is stored, so a database dump yields no live code.
 */
export const OTP_DIGITS = 6;
export const OTP_TTL_SECONDS = 120;
export const OTP_MAX_ATTEMPTS = 5;

/** The HMAC key for codes, derived from JWT_SECRET with its own label so the two uses never share a key. */
export function otpKey(jwtSecret: string): Buffer {
  return createHmac("sha256", jwtSecret).update("mall:otp-codes:v1").digest();
}

/** The row id is the per-code salt; phone and store are bound in, so a hash is good for one sign-in only. */
function hashCode(key: Buffer, id: string, phone: string, storeId: string | null, code: string): string {
  return createHmac("sha256", key)
    .update(`${id}\n${phone}\n${storeId ?? ""}\n${code}`)
    .digest("hex");
}

export interface IssuedOtp {
  id: string;
  phone: string;
  code: string;
  expiresAt: Date;
}

/** Creates a new code for a phone (and store); it replaces any earlier one, since only the newest code is checked. */
export async function issueOtp(ctx: ServiceContext, input: { phone: string; storeId: string | null }, key: Buffer): Promise<IssuedOtp> {
  const phone = requirePhone(input.phone);
  const id = randomUUID();
  const code = String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, "0");
  const expiresAt = new Date(Date.now() + OTP_TTL_SECONDS * 1000);
  await ctx.manager
    .getRepository(OtpCode)
    .insert({ id, phone, storeId: input.storeId, codeHash: hashCode(key, id, phone, input.storeId, code), expiresAt });
  return { id, phone, code, expiresAt };
}

interface AttemptRow {
  id: string;
  code_hash: string;
  attempts: number;
  expired: boolean;
  consumed_at: Date | null;
}

/**
 * Checks a code against the newest one sent to this phone for this store and,
 * when it matches, consumes it. Every try is counted by one atomic UPDATE
 * (concurrent tries cannot both see attempt 5), and a failure is returned,
 * not thrown, so that the caller commits the counted try before answering.
 */
export async function consumeOtp(
  ctx: ServiceContext,
  input: { phone: string; storeId: string | null; code: string; challenge?: string | null | undefined },
  key: Buffer,
): Promise<Outcome<{ otpId: string; phone: string }>> {
  const phone = requirePhone(input.phone);
  const challenge = input.challenge ?? null;
  if (challenge !== null && !UUID_PATTERN.test(challenge)) return { ok: false, error: new OtpNotFoundError() };
  // For UPDATE … RETURNING, TypeORM's query() answers [rows, affected count].
  const [rows]: [AttemptRow[], number] =
    challenge === null
      ? await ctx.manager.query(
          `UPDATE otp_codes SET open_attempts = open_attempts + 1
            WHERE id = (SELECT id FROM otp_codes WHERE phone = $1 AND store_id IS NOT DISTINCT FROM $2 ORDER BY created_at DESC LIMIT 1)
            RETURNING id, code_hash, open_attempts AS attempts, expires_at <= now() AS expired, consumed_at`,
          [phone, input.storeId],
        )
      : await ctx.manager.query(
          `UPDATE otp_codes SET attempts = attempts + 1
            WHERE id = $3 AND phone = $1 AND store_id IS NOT DISTINCT FROM $2
            RETURNING id, code_hash, attempts, expires_at <= now() AS expired, consumed_at`,
          [phone, input.storeId, challenge],
        );
  const row = rows[0];
  if (!row) return { ok: false, error: new OtpNotFoundError() };
  if (row.consumed_at) return { ok: false, error: new OtpUsedError() };
  if (row.expired) return { ok: false, error: new OtpExpiredError() };
  if (row.attempts > OTP_MAX_ATTEMPTS) return { ok: false, error: new OtpLockedError() };
  const expected = Buffer.from(row.code_hash, "hex");
  const given = Buffer.from(hashCode(key, row.id, phone, input.storeId, input.code), "hex");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, error: new OtpInvalidError(OTP_MAX_ATTEMPTS - row.attempts) };
  }
  const [, consumed]: [unknown[], number] = await ctx.manager.query(
    `UPDATE otp_codes SET consumed_at = now() WHERE id = $1 AND consumed_at IS NULL`,
    [row.id],
  );
  if (consumed === 0) return { ok: false, error: new OtpUsedError() };
  return { ok: true, value: { otpId: row.id, phone } };
}

/** Forgets codes a day after they expired; they are worth nothing by then. */
export async function pruneOtpCodes(ctx: ServiceContext): Promise<number> {
  const [, count]: [unknown[], number] = await ctx.manager.query(`DELETE FROM otp_codes WHERE expires_at < now() - interval '1 day'`);
  return Number(count ?? 0);
}
