import { z } from "../platform/zod.js";
import { STORE_ROLES } from "../tenancy/store-member.entity.js";
import { OTP_DIGITS } from "./otp.service.js";
import { formatNumber, toLatinDigits } from "@mall/locale";

/** A phone as typed; requirePhone (identity/phone.ts) normalises it or names the field. */
const phoneInput = z
  .string("شمارهٔ همراه را وارد کنید.")
  .trim()
  .min(1, "شمارهٔ همراه را وارد کنید.")
  .max(40, "شمارهٔ همراه معتبر نیست.")
  .openapi({ description: "Iranian mobile number in any usual form (09…, +98…, Persian digits)", example: "09121234567" });

/** Persian, Arabic-Indic or Latin digits, with stray spaces and direction marks from a paste. */
function codeDigits(value: string): string {
  return toLatinDigits(value).replace(/[\s\-\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
}

const codeInput = z
  .string("کد ورود را وارد کنید.")
  .min(1, "کد ورود را وارد کنید.")
  .max(40, `کد ورود ${formatNumber(OTP_DIGITS)} رقم است.`)
  .refine((value) => new RegExp(`^\\d{${OTP_DIGITS}}$`).test(codeDigits(value)), `کد ورود ${formatNumber(OTP_DIGITS)} رقم است.`)
  .transform(codeDigits)
  .openapi({ type: "string", description: "The 6-digit code from the SMS; Persian, Arabic or Latin digits", example: "۱۲۳۴۵۶" });

/** 32 random bytes, base64url. */
const refreshTokenInput = z
  .string("توکن نشست را بفرستید.")
  .regex(/^[A-Za-z0-9_-]{43}$/, "توکن نشست معتبر نیست.")
  .openapi({ description: "The refresh token from sign-in or the last refresh" });

export const sendOtpSchema = z.object({ phone: phoneInput });
export type SendOtpInput = z.output<typeof sendOtpSchema>;

export const verifyOtpSchema = z.object({
  phone: phoneInput,
  code: codeInput,
  challenge: z.uuid("شناسهٔ درخواست کد معتبر نیست؛ لطفاً کد جدید بگیرید.").optional().openapi({
    description: "The `challenge` send-otp answered: the code is checked with its own tries, which nobody else can use up (recommended)",
  }),
  refreshTokenIn: z.enum(["body", "cookie"], "refreshTokenIn یکی از body یا cookie است.").optional().openapi({
    description:
      "`cookie`: the refresh token goes into an httpOnly cookie of this host (path /api/v1/auth) instead of the body, out of page scripts' reach (the store sites ask for this); `body` (default) for API clients",
  }),
});
export type VerifyOtpInput = z.output<typeof verifyOtpSchema>;

export const refreshTokenSchema = z.object({ refreshToken: refreshTokenInput.optional() }).openapi({
  description:
    "Without refreshToken, the one in the httpOnly cookie of this host (sign-in with refreshTokenIn=cookie) is used, and the next one goes there too",
});
export type RefreshTokenInput = z.output<typeof refreshTokenSchema>;

export const otpSentSchema = z
  .object({
    phone: z.string().openapi({ example: "+989121234567" }),
    expiresInSeconds: z.number().int().openapi({ example: 120 }),
    resendAfterSeconds: z.number().int().openapi({ example: 60 }),
    message: z.string().openapi({ example: "کد ورود به شمارهٔ ۰۹۱۲۱۲۳۴۵۶۷ پیامک شد." }),
    challenge: z.uuid().openapi({ description: "Send it back with the code to verify-otp: that code, and only its asker's tries" }),
  })
  .openapi("OtpSent");

export const userSchema = z
  .object({
    id: z.uuid(),
    phone: z.string().openapi({ example: "+989121234567" }),
    name: z.string().nullable(),
    isStaff: z.boolean(),
  })
  .openapi("User");

export const tokensSchema = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string().openapi({ description: "JWT (HS256); send as `Authorization: Bearer …`" }),
    expiresIn: z.number().int().openapi({ description: "Seconds the access token lives", example: 900 }),
    refreshToken: z.string().optional().openapi({
      description:
        "Opaque; exchange at /auth/refresh-token before it expires. Each one works once. Absent when it went into the httpOnly cookie instead.",
    }),
    refreshExpiresIn: z.number().int().openapi({ example: 2592000 }),
    user: userSchema,
  })
  .openapi("Tokens");

export const signedOutSchema = z.object({ signedOut: z.literal(true) }).openapi("SignedOut");

const storeSummary = z.object({ storeId: z.uuid(), slug: z.string(), name: z.string() });

export const meSchema = z
  .object({
    user: userSchema,
    isStaff: z.boolean(),
    memberships: z
      .array(storeSummary.extend({ role: z.enum(STORE_ROLES) }))
      .openapi({ description: "Stores this user runs, with the role in each" }),
    customerOf: z.array(storeSummary).openapi({ description: "Stores this user has signed in at as a shopper" }),
  })
  .openapi("Me");

export const lastOtpQuerySchema = z.object({ phone: phoneInput });

export const lastOtpSchema = z
  .object({ phone: z.string(), code: z.string(), text: z.string(), storeId: z.uuid().nullable(), sentAt: z.string() })
  .openapi("LastOtp");
