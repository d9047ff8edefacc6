import type { Request } from "express";
import { NotFoundError } from "../core/errors.js";
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
import { revokeRefreshToken, rotateRefreshToken } from "./token.service.js";
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

export function identityRoutes(platform: Platform & { storeResolver: StoreResolver }): AnyRouteSpec[] {
  const { dataSource, redis, logger, config } = platform;
  const keys = identityKeys(config);
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
        const { sms, challenge } = await inTransaction(req, dataSource, (ctx) => requestSignInCode(ctx, { phone, store, host: pageHost(req, platform) }, { keys, config }));
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
      summary: "Sign in with the code: returns an access token and a refresh token; on a store, the user becomes its customer",
      tags: ["auth"],
      store: "optional",
      body: verifyOtpSchema,
      response: tokensSchema,
      errors: [429, 503],
      handler: async ({ body }, req) => {
        await verifiesPerIp(clientAddress(req));
        const outcome = await inTransaction(req, dataSource, (ctx) => signInWithOtp(ctx, { phone: body.phone, code: body.code, storeId: req.store?.id ?? null, challenge: body.challenge }, keys));
        if (!outcome.ok) throw outcome.error;
        return presentSession(outcome.value);
      },
    }),
    defineRoute({
      method: "post",
      path: "/auth/refresh-token",
      summary: "Exchange a refresh token for a new pair; each refresh token works once, and a reused one ends its sign-in",
      tags: ["auth"],
      body: refreshTokenSchema,
      response: tokensSchema,
      errors: [401],
      handler: async ({ body }, req) => {
        const outcome = await inTransaction(req, dataSource, (ctx) => rotateRefreshToken(ctx, body.refreshToken, keys.jwtSecret));
        if (!outcome.ok) throw outcome.error;
        return presentSession(outcome.value);
      },
    }),
    defineRoute({
      method: "post",
      path: "/auth/logout",
      summary: "Sign out: revokes the refresh token's sign-in (every token rotated from it)",
      tags: ["auth"],
      body: refreshTokenSchema,
      response: signedOutSchema,
      handler: async ({ body }, req) => {
        await inTransaction(req, dataSource, (ctx) => revokeRefreshToken(ctx, body.refreshToken));
        return { signedOut: true as const };
      },
    }),
    defineRoute({
      method: "get",
      path: "/auth/me",
      summary: "The signed-in user, whether they are staff, the stores they run (with roles) and the stores they shop at",
      tags: ["auth"],
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
