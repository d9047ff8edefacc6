import { escapeHtml, INSTAGRAM_LOGIN_MESSAGES, type InstagramLoginResult } from "@mall/locale";
import { DomainError } from "@mall/server/core/errors.js";
import { z } from "@mall/server/platform/zod.js";
import { InstagramGraphClient } from "@mall/server/social/instagram-graph.js";
import { createInstagramLogin, instagramLoginGraphUrl } from "@mall/server/social/instagram-login.js";
import { completeInstagramLogin, startInstagramLogin, type InstagramLoginDeps } from "@mall/server/social/instagram-login.service.js";
import { InstagramLoginNotConfiguredError } from "@mall/server/social/social.errors.js";
import { Router, type Response } from "express";
import type { AccessCache } from "./access.js";
import type { AdminPlatform } from "./admin-platform.js";

const ROOT = "/admin";
const storeIdSchema = z.uuid();

/** The store's «اینستاگرام» page, with the login's result for the page to show in Persian. */
export function instagramPageUrl(storeId: string, result?: InstagramLoginResult): string {
  return `${ROOT}/resources/stores/records/${encodeURIComponent(storeId)}/instagram${result ? `?instagram=${result}` : ""}`;
}

/**
 * Instagram Login from the back office (PROTOCOLS.md §8; the service is
 * server/src/social/instagram-login.service.ts):
 *
 * - `GET /admin/instagram/authorize?storeId=…`: for a person who may manage
 *   the store, mints the single-use state (bound to the store and to this
 *   person) and sends the browser to Instagram's authorize page;
 * - `GET /admin/instagram/callback?code=…&state=…` (the redirect URI
 *   registered on the app, INSTAGRAM_REDIRECT_URI): Instagram sends the
 *   browser back here; the session's person must be the one who started,
 *   and the page of the store named by the state shows how it ended, in
 *   Persian. A state naming no store this person may see ends on a page of
 *   its own, with the same messages. Both are behind the back-office session.
 */
export function instagramLoginRoutes(platform: AdminPlatform, accessCache: AccessCache): Router {
  const login = createInstagramLogin(platform.config);
  const deps: InstagramLoginDeps = {
    dataSource: platform.dataSource,
    redis: platform.redis,
    config: platform.config,
    logger: platform.logger,
    login,
    graph: new InstagramGraphClient({ baseUrl: instagramLoginGraphUrl(platform.config), timeoutMs: 20_000 }),
  };
  const router = Router();

  router.get("/instagram/authorize", async (req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    const access = await accessCache.of(req.session.adminUser);
    const storeId = String(req.query.storeId ?? "");
    if (!access || !storeIdSchema.safeParse(storeId).success) return notice(res, 404, "این فروشگاه پیدا نشد.");
    try {
      const { url } = await startInstagramLogin(
        { manager: platform.dataSource.manager, actor: access.actor, surface: "admin" },
        deps,
        storeId,
      );
      return res.redirect(303, url);
    } catch (error) {
      if (error instanceof InstagramLoginNotConfiguredError) return res.redirect(303, instagramPageUrl(storeId, "not_configured"));
      // Not found, or not the person's to manage: the same answer, as for every record of another store.
      if (error instanceof DomainError) return notice(res, 404, "این فروشگاه پیدا نشد.");
      throw error;
    }
  });

  router.get("/instagram/callback", async (req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    const userId = req.session.adminUser?.id;
    if (!userId) return notice(res, 401, INSTAGRAM_LOGIN_MESSAGES.other_user);
    const param = (name: string) => (typeof req.query[name] === "string" ? (req.query[name] as string) : undefined);
    const outcome = await completeInstagramLogin(deps, String(userId), {
      state: param("state"),
      code: param("code"),
      error: param("error"),
      errorReason: param("error_reason"),
      errorDescription: param("error_description"),
    });
    if (outcome.storeId) return res.redirect(303, instagramPageUrl(outcome.storeId, outcome.result));
    return notice(res, 400, INSTAGRAM_LOGIN_MESSAGES[outcome.result]);
  });

  return router;
}

/** A small Persian page for an answer that has no store page to go back to. */
function notice(res: Response, status: number, message: string): void {
  res
    .status(status)
    .type("text/html; charset=utf-8")
    .send(
      `<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>اتصال به اینستاگرام</title><link rel="stylesheet" href="${ROOT}/assets/admin.css"></head>` +
        `<body class="mall-notice-page"><main><h1>اتصال به اینستاگرام</h1><p data-testid="instagram-notice">${escapeHtml(message)}</p>` +
        `<p><a href="${ROOT}">بازگشت به پیشخوان</a></p></main></body></html>`,
    );
}
