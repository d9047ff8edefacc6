import { Router } from "express";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { challengeAnswer } from "./acme-issuer.js";

/** RFC 8555 tokens are base64url. */
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/);

/**
 * `GET /.well-known/acme-challenge/:token` for any Host (a custom domain's
 * store need not be routed yet, and the ACME server may reach any replica):
 * the key authorization from the database, as text/plain, or 404.
 */
export function acmeChallengeRoutes(platform: Platform): Router {
  const router = Router();
  router.get("/.well-known/acme-challenge/:token", async (req, res) => {
    const token = tokenSchema.safeParse(req.params.token);
    const answer = token.success ? await challengeAnswer(platform.dataSource, token.data) : null;
    if (answer === null) {
      res.status(404).type("text/plain").send("not found");
      return;
    }
    res.type("text/plain").set("Cache-Control", "no-store").send(answer);
  });
  return router;
}
