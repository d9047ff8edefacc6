import type { RequestHandler } from "express";
import type { Platform } from "../platform/platform.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import type { StoreResolver } from "../tenancy/store-resolver.js";
import { storeOfHost } from "./comparison-webservice.js";
import { EmallsError, emallsProducts, parseEmallsRequest, verifyEmallsToken } from "./emalls.service.js";

/** The parameters of a call: the query string, and a POST's form or JSON body (the source does not say which Emalls sends). */
function paramsOf(query: Record<string, unknown>, body: unknown, contentType: string | undefined): Record<string, unknown> {
  const text = typeof body === "string" ? body.trim() : "";
  let posted: Record<string, unknown> = {};
  if (text) {
    if (/json/i.test(contentType ?? "") || text.startsWith("{")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new EmallsError(400, "invalid_input", null, "بدنهٔ درخواست JSON درستی نیست.");
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new EmallsError(400, "invalid_input", null, "بدنهٔ درخواست باید یک شیء JSON باشد.");
      posted = parsed as Record<string, unknown>;
    } else posted = Object.fromEntries(new URLSearchParams(text));
  }
  const params = { ...query, ...posted };
  // A parameter given twice (?page=1&page=2) is not one number.
  for (const [name, value] of Object.entries(params))
    if (Array.isArray(value) || (typeof value === "object" && value !== null))
      throw new EmallsError(400, "invalid_input", name, `${name} یک بار و به‌صورت یک مقدار بیاید.`);
  return params;
}

/**
 * Emalls' webservice for the store named by Host (issue 27 #5): GET (or
 * POST) with `page` and `item_per_page`, the store's token checked before
 * anything is read; refusals `{ success: false, error: { code, message,
 * field } }` with 400, 401 or 404. A store that has not turned it on, or a
 * host that is no store, is 404.
 */
export function emallsWebservice(platform: Platform & { storeResolver: StoreResolver }): RequestHandler {
  return async (req, res, next) => {
    try {
      const store = await storeOfHost(platform, req.headers.host);
      if (!store?.emallsEnabled) throw new EmallsError(404, "not_found", null, "وب‌سرویس ایمالز برای این فروشگاه روشن نیست.");
      const params = paramsOf(req.query as Record<string, unknown>, req.body, req.get("content-type"));
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "")?.[1];
      verifyEmallsToken(platform.config.EMALLS_TOKEN_SECRET, store, typeof params.token === "string" ? params.token : bearer);
      const answer = await emallsProducts(
        platform.dataSource.manager,
        store.id,
        storeOrigin(platform.config, store),
        parseEmallsRequest(params),
      );
      res.status(200).json(answer);
    } catch (error) {
      if (error instanceof EmallsError) {
        res.status(error.status).json(error.body());
        return;
      }
      next(error);
    }
  };
}
