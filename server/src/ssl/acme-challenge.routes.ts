import { Router } from "express";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import type { DataSource } from "typeorm";
import { AcmeChallenge } from "./ssl.entity.js";

/**
 * The key authorization for a token, or null. Here rather than in
 * acme-issuer.ts: every server answers challenges, only the process that
 * orders a certificate loads acme-client.
 */
async function challengeAnswer(dataSource: DataSource, token: string): Promise<string | null> {
  const row = await dataSource.getRepository(AcmeChallenge).findOneBy({ token });
  return row?.keyAuthorization ?? null;
}

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
