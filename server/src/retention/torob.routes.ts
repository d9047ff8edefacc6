import type { RequestHandler } from "express";
import type { Platform } from "../platform/platform.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import type { StoreResolver } from "../tenancy/store-resolver.js";
import { storeOfHost } from "./comparison-webservice.js";
import { parseTorobRequest, TorobError, torobProducts, torobPublicKey, verifyTorobToken } from "./torob.service.js";

/**
 * Torob's v3 webservice for the store named by Host (issue 27 #5): POST,
 * JSON in and out, Torob's token checked before anything is read; refusals
 * as the guide documents them, `{"error": "…"}` with 400, 401 or 404. A
 * store that has not turned it on, or a host that is no store, is 404.
 * The body arrives as text (express.text), so a body that is not JSON is
 * Torob's 400 too, not the API's error shape.
 */
export function torobWebservice(platform: Platform & { storeResolver: StoreResolver }): RequestHandler {
  const publicKey = platform.config.TOROB_PUBLIC_KEY ? torobPublicKey(platform.config.TOROB_PUBLIC_KEY) : null;
  return async (req, res, next) => {
    try {
      const host = req.headers.host;
      const store = await storeOfHost(platform, host);
      if (!store?.torobEnabled) throw new TorobError(404, "Torob's webservice is not turned on for this store");
      verifyTorobToken({
        token: req.get("x-torob-token"),
        version: req.get("x-torob-token-version") ?? req.get("c-torob-token-version"),
        publicKey,
        audience: host!.trim().toLowerCase(),
      });
      let body: unknown;
      try {
        body = JSON.parse(typeof req.body === "string" ? req.body : "");
      } catch {
        throw new TorobError(400, "the body must be JSON");
      }
      const answer = await torobProducts(
        platform.dataSource.manager,
        store.id,
        storeOrigin(platform.config, store),
        parseTorobRequest(body),
      );
      res.status(200).json(answer);
    } catch (error) {
      if (error instanceof TorobError) {
        res.status(error.status).json({ error: error.message });
        return;
      }
      next(error);
    }
  };
}
