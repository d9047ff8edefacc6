import { ForbiddenError, UnauthorizedError } from "@mall/server/core/errors.js";
import { clientAddress, limiter } from "@mall/server/http/rate-limit.js";
import { OTP_LIMITS, PhoneOtpLimits } from "@mall/server/identity/otp-limits.js";
import { consumeOtp, OTP_TTL_SECONDS } from "@mall/server/identity/otp.service.js";
import { requirePhone } from "@mall/server/identity/phone.js";
import { identityKeys, requestSignInCode } from "@mall/server/identity/sign-in.service.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { findUserById, findUserByPhone } from "@mall/server/identity/user.service.js";
import { enqueueSms } from "@mall/server/messaging/sms.queue.js";
import type { ServiceContext } from "@mall/server/core/context.js";
import type { Platform } from "@mall/server/platform/platform.js";
import type AdminJS from "adminjs";
import express, { Router, type Request, type RequestHandler } from "express";
import type { StorePermission } from "@mall/server/identity/authorization.js";
import { permissionsOfAccess, resolveAccess, type AdminUser } from "../access.js";
import { compactDigits } from "../resources/params.js";
import { displayPhone } from "@mall/locale";

/**
 * Signing in to the back office: a mobile number, then the code texted to
 * it, through the identity service (the same codes, limits and SMS queue as
 * the API; no password table). The session is created only after the code
 * is right and the person may run a store (or is staff), with a fresh id.
 */
export function loginRoutes(platform: Platform, admin: AdminJS): Router {
  const { config, dataSource, redis, logger } = platform;
  const { rootPath, loginPath } = admin.options;
  const keys = identityKeys(config);
  const phoneLimits = new PhoneOtpLimits(redis, logger);
  const router = Router();
  const json = express.json({ limit: "4kb" });
  const anonymous = (manager: ServiceContext["manager"]): ServiceContext => ({ manager, actor: { kind: "anonymous" } });

  router.get("/login", async (req, res) => {
    if (req.session.adminUser) {
      res.redirect(rootPath);
      return;
    }
    res.send(await admin.renderLogin({ action: loginPath, errorMessage: null }));
  });

  // Step 1: a code to the phone. Limits fail closed: every SMS costs money.
  // The per-address budgets are spent once the input is valid: a mistyped phone costs nothing.
  const sendsPerIp = limiter(redis, logger, { name: "admin-otp-send-ip", ...OTP_LIMITS.sendsPerIp, failOpen: false });
  const sendsPerPlatform = limiter(redis, logger, { name: "otp-send-platform", ...OTP_LIMITS.sendsPerPlatform, failOpen: false });
  const verifiesPerIp = limiter(redis, logger, { name: "admin-otp-verify-ip", ...OTP_LIMITS.verifiesPerIp, failOpen: false });
  router.post("/login/code", json, async (req, res) => {
    const phone = requirePhone(String(req.body?.phone ?? ""));
    await sendsPerIp(clientAddress(req));
    await sendsPerPlatform("platform");
    await phoneLimits.consumeSend(phone, clientAddress(req));
    const { sms, expiresAt, challenge } = await dataSource.transaction((manager) =>
      requestSignInCode(anonymous(manager), { phone, store: null, host: config.PLATFORM_DOMAIN }, { keys, config }),
    );
    await enqueueSms(platform, sms);
    res.status(202).json({
      phone,
      expiresAt: expiresAt.toISOString(),
      expiresInSeconds: OTP_TTL_SECONDS,
      resendAfterSeconds: OTP_LIMITS.phonePerMinute.durationSeconds,
      message: `کد ورود به شمارهٔ ${displayPhone(phone)} پیامک شد.`,
      challenge,
    });
  });

  // Step 2: the code. A wrong try is counted (and committed) before the answer.
  router.post("/login", json, async (req, res) => {
    const phone = requirePhone(String(req.body?.phone ?? ""));
    const code = compactDigits(String(req.body?.code ?? ""));
    const challenge = typeof req.body?.challenge === "string" ? req.body.challenge : null;
    await verifiesPerIp(clientAddress(req));
    const outcome = await dataSource.transaction((manager) =>
      consumeOtp(anonymous(manager), { phone, storeId: null, code, challenge }, keys.otpKey),
    );
    if (!outcome.ok) throw outcome.error;
    const user = await findUserByPhone(anonymous(dataSource.manager), phone);
    const access = user ? await resolveAccess(dataSource.manager, user) : null;
    if (!user || !access || (!access.staff && access.storeIds.length === 0)) {
      throw new ForbiddenError(
        "این شماره به پیشخوان هیچ فروشگاهی دسترسی ندارد؛ اگر فروشنده هستید، از مالک فروشگاه بخواهید شما را اضافه کند.",
        "no_back_office_access",
      );
    }
    await regenerate(req);
    req.session.adminUser = adminUserOf(user, permissionsOfAccess(access));
    await save(req);
    res.json({ redirectUrl: rootPath });
  });

  const signOut: RequestHandler = async (req, res) => {
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie("mall_admin", { path: "/admin" });
    res.redirect(loginPath);
  };
  // AdminJS's menu links to it with GET; a form may POST. Either way only the caller's own session ends.
  router.get("/logout", signOut);
  router.post("/logout", signOut);
  return router;
}

/** What the session (and AdminJS's top bar) keeps of a person; markup-free, as it is written into the page. */
export function adminUserOf(user: Pick<User, "id" | "phone" | "name" | "isStaff">, permissions: StorePermission[]): AdminUser {
  const phone = displayPhone(user.phone);
  const name = user.name?.replace(/[<>&"'\\]/g, "").trim();
  return {
    id: user.id,
    email: phone,
    title: name || (user.isStaff ? "کارمند مال" : "فروشنده"),
    isStaff: user.isStaff,
    permissions,
    avatarUrl: "/admin/assets/avatar.svg",
  };
}

/** A new session id at sign-in, so an id planted before it is worth nothing after. */
function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/**
 * Lets only signed-in people past (AdminJS's static assets excepted: the
 * sign-in page needs them). A page asks to sign in; an API call gets 401.
 * The session's snapshot is refreshed from the database on each request, so
 * a deleted user is signed out and a staff flag taken away stops showing
 * the staff menus (what they may reach is decided per request regardless).
 */
export function requireAdminSession(platform: Platform, loginPath: string): RequestHandler {
  return async (req, res, next) => {
    if (req.path.startsWith("/frontend/assets/") || req.path.startsWith("/assets/")) return next();
    const current = req.session.adminUser;
    if (current) {
      const user = await findUserById(
        { manager: platform.dataSource.manager, actor: { kind: "system", name: "admin-session" } },
        current.id,
      );
      if (user) {
        // Roles change while people are signed in (an owner invites or demotes someone): menus follow on the next request.
        const access = await resolveAccess(platform.dataSource.manager, user);
        const fresh = adminUserOf(user, access ? permissionsOfAccess(access) : []);
        if (JSON.stringify(fresh) !== JSON.stringify(current)) req.session.adminUser = fresh;
        return next();
      }
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    }
    if (req.path.startsWith("/api/") || req.method !== "GET") return next(new UnauthorizedError());
    res.redirect(loginPath);
  };
}
