import type { Request, Response } from "express";
import { NotFoundError, ValidationError } from "../core/errors.js";
import { clientAddress, limiter } from "../http/rate-limit.js";
import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import { readLastOtp } from "../messaging/console-sms.js";
import { enqueueSms } from "../messaging/sms.queue.js";
import { nationalMobile } from "../messaging/sms-provider.js";
import type { Platform } from "../platform/platform.js";
import type { StoreResolver } from "../tenancy/store-resolver.js";
import { authorize, requireUser } from "./authorization.js";
import { presentMe, presentSession } from "./identity.presenters.js";
import {
  lastOtpQuerySchema,
  lastOtpSchema,
  meSchema,
  otpSentSchema,
  refreshTokenSchema,
  sendOtpSchema,
  signedOutSchema,
  tokensSchema,
  verifyOtpSchema,
} from "./identity.schemas.js";
import { OTP_LIMITS, PhoneOtpLimits } from "./otp-limits.js";
import { OTP_TTL_SECONDS } from "./otp.service.js";
import { requirePhone } from "./phone.js";
import { describeUser, identityKeys, requestSignInCode, signInWithOtp } from "./sign-in.service.js";
import { RefreshTokenInvalidError } from "./identity.errors.js";
import { REFRESH_TOKEN_TTL_SECONDS, revokeRefreshToken, rotateRefreshToken } from "./token.service.js";
import { toPersianDigits } from "@mall/locale";

/**
 * The host a shopper's page is on, for the SMS's Web OTP line: the store's own
 * host when the request came through it, else the store's subdomain, else the
 * platform's domain.
 */
function pageHost(req: Request, platform: Platform & { storeResolver: StoreResolver }): string {
  const domain = platform.config.PLATFORM_DOMAIN;
  if (!req.store) return domain;
  const host = (req.headers.host ?? "").trim().toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  if (host && platform.storeResolver.keyForHost(host)) return host;
  return `${req.store.slug}.${domain}`;
}

/**
 * The refresh token's cookie: httpOnly (no page script reads it), only this
 * host (no Domain: a store's own origin), only sent to /api/v1/auth, never
 * cross-site, Secure when the platform is served over HTTPS.
 */
const REFRESH_COOKIE = "mall_refresh";
const REFRESH_COOKIE_PATH = "/api/v1/auth";

function refreshCookieOf(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === REFRESH_COOKIE) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

function setRefreshCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: "strict",
    secure,
    path: REFRESH_COOKIE_PATH,
    maxAge: REFRESH_TOKEN_TTL_SECONDS * 1000,
  });
}

function clearRefreshCookie(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, sameSite: "strict", secure, path: REFRESH_COOKIE_PATH });
}

export function identityRoutes(platform: Platform & { storeResolver: StoreResolver }): AnyRouteSpec[] {
  const { dataSource, redis, logger, config } = platform;
  const keys = identityKeys(config);
  const secureCookie = (config.PUBLIC_URL ?? "").startsWith("https:");
  /** The refresh token a request brings: the body's, else the cookie's (then the answer goes back into the cookie). */
  const presentedRefreshToken = (req: Request, fromBody: string | undefined): { token: string; inCookie: boolean } => {
    if (fromBody) return { token: fromBody, inCookie: false };
    const cookie = refreshCookieOf(req);
    if (cookie && /^[A-Za-z0-9_-]{43}$/.test(cookie)) return { token: cookie, inCookie: true };
    throw new RefreshTokenInvalidError();
  };
  const phoneLimits = new PhoneOtpLimits(redis, logger);
  // Spent in the handlers, after the input is valid: a malformed phone costs no budget meant for real sends.
  const sendsPerIp = limiter(redis, logger, { name: "otp-send-ip", ...OTP_LIMITS.sendsPerIp, failOpen: false });
  const sendsPerStore = limiter(redis, logger, { name: "otp-send-store", ...OTP_LIMITS.sendsPerStore, failOpen: false });
  const sendsPerPlatform = limiter(redis, logger, { name: "otp-send-platform", ...OTP_LIMITS.sendsPerPlatform, failOpen: false });
  const verifiesPerIp = limiter(redis, logger, { name: "otp-verify-ip", ...OTP_LIMITS.verifiesPerIp, failOpen: false });

  const routes: AnyRouteSpec[] = [
    defineRoute({
      method: "post",
      path: "/auth/send-otp",
      summary: "Text a sign-in code to a mobile number (for the store named by Host or X-Store, if any)",
      tags: ["auth"],
      store: "optional",
      body: sendOtpSchema,
      response: otpSentSchema,
      status: 202,
      errors: [429, 503],
      handler: async ({ body }, req) => {
        const phone = requirePhone(body.phone);
        await sendsPerIp(clientAddress(req));
        await (req.store ? sendsPerStore(req.store.id) : sendsPerPlatform("platform"));
        await phoneLimits.consumeSend(phone, clientAddress(req));
        const store = req.store ? { id: req.store.id, name: req.store.name } : null;
        const { sms, challenge } = await inTransaction(req, dataSource, (ctx) =>
          requestSignInCode(ctx, { phone, store, host: pageHost(req, platform) }, { keys, config }),
        );
        await enqueueSms(platform, sms);
        return {
          phone,
          expiresInSeconds: OTP_TTL_SECONDS,
          resendAfterSeconds: OTP_LIMITS.phonePerMinute.durationSeconds,
          message: `کد ورود به شمارهٔ ${toPersianDigits(nationalMobile(phone))} پیامک شد.`,
          challenge,
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/auth/verify-otp",
      summary:
        "Sign in with the code: returns an access token and a refresh token, both good only at the store the sign-in is for (or only on the platform's host); on a store, the user becomes its customer",
      tags: ["auth"],
      store: "optional",
      body: verifyOtpSchema,
      response: tokensSchema,
      errors: [429, 503],
      handler: async ({ body }, req, res) => {
        await verifiesPerIp(clientAddress(req));
        const outcome = await inTransaction(req, dataSource, (ctx) =>
          signInWithOtp(ctx, { phone: body.phone, code: body.code, storeId: req.store?.id ?? null, challenge: body.challenge }, keys),
        );
        if (!outcome.ok) throw outcome.error;
        const inCookie = body.refreshTokenIn === "cookie";
        if (inCookie) setRefreshCookie(res, outcome.value.refreshToken, secureCookie);
        return presentSession(outcome.value, { refreshInCookie: inCookie });
      },
    }),
    defineRoute({
      method: "post",
      path: "/auth/refresh-token",
      summary:
        "Exchange a refresh token (the body's or the httpOnly cookie's) for a new pair, at the store it was issued for only; each works once, and a reused one ends its sign-in",
      tags: ["auth"],
      store: "optional",
      body: refreshTokenSchema,
      response: tokensSchema,
      errors: [401],
      handler: async ({ body }, req, res) => {
        const presented = presentedRefreshToken(req, body.refreshToken);
        const outcome = await inTransaction(req, dataSource, (ctx) =>
          rotateRefreshToken(ctx, presented.token, keys.jwtSecret, req.store?.id ?? null),
        );
        if (!outcome.ok) {
          if (presented.inCookie) clearRefreshCookie(res, secureCookie);
          throw outcome.error;
        }
        if (presented.inCookie) setRefreshCookie(res, outcome.value.refreshToken, secureCookie);
        return presentSession(outcome.value, { refreshInCookie: presented.inCookie });
      },
    }),
    defineRoute({
      method: "post",
      path: "/auth/logout",
      summary:
        "Sign out: revokes the refresh token's sign-in (every token rotated from it; the body's token or the cookie's, which is cleared)",
      tags: ["auth"],
      store: "optional",
      body: refreshTokenSchema,
      response: signedOutSchema,
      handler: async ({ body }, req, res) => {
        const token = body.refreshToken ?? refreshCookieOf(req);
        if (token === undefined) throw new ValidationError("refreshToken", "توکن نشست را بفرستید.");
        clearRefreshCookie(res, secureCookie);
        if (/^[A-Za-z0-9_-]{43}$/.test(token))
          await inTransaction(req, dataSource, (ctx) => revokeRefreshToken(ctx, token, req.store?.id ?? null));
        return { signedOut: true as const };
      },
    }),
    defineRoute({
      method: "get",
      path: "/auth/me",
      summary:
        "The signed-in user, whether they are staff, the stores they run (with roles) and the stores they shop at; a store's token answers on that store only",
      tags: ["auth"],
      store: "optional",
      auth: true,
      response: meSchema,
      handler: async (_input, req) => {
        const ctx = readContext(req, dataSource);
        const { userId } = requireUser(ctx);
        await authorize(ctx, "user.read", { userId });
        return presentMe(await describeUser(ctx, userId));
      },
    }),
  ];

  // Reads codes the console driver "sent": for the laptop, tests and the demo. Never
  // in production, and only while no real provider is selected, so no real code can leak.
  if (config.NODE_ENV !== "production" && config.SMS_PROVIDER === "console") {
    routes.push(
      defineRoute({
        method: "get",
        path: "/dev/last-otp",
        summary: "Development only (console SMS driver): the last sign-in code texted to a phone",
        tags: ["dev"],
        query: lastOtpQuerySchema,
        response: lastOtpSchema,
        errors: [404],
        handler: async ({ query }) => {
          const phone = requirePhone(query.phone);
          const last = await readLastOtp(redis, phone);
          if (!last) throw new NotFoundError("هنوز کدی برای این شماره فرستاده نشده است.", "otp_not_sent");
          return { phone, ...last };
        },
      }),
    );
  }
  return routes;
}
