import { createSecretKey } from "node:crypto";
import type { RequestHandler } from "express";
import passport from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";
import type { DataSource } from "typeorm";
import { UUID_PATTERN } from "../core/ids.js";
import { UnauthorizedError } from "../core/errors.js";
import { AccessTokenExpiredError, TokenWrongAudienceError } from "../identity/identity.errors.js";
import { JWT_ALGORITHM, JWT_ISSUER, audienceOf, type AccessTokenClaims, type TokenAudience } from "../identity/token.service.js";
import { User } from "../identity/user.entity.js";

/**
 * `requireAuth`: checks the `Authorization: Bearer` access token through
 * passport's JWT strategy and sets `req.actor`. It uses its own Authenticator
 * (not passport's global one), so each app carries its own secret, and a
 * custom callback, so a failure goes down the normal error path as 401 JSON
 * (`token_expired` when the client should refresh) instead of passport's own
 * plain-text 401.
 *
 * The user is read from the database on every request: a deleted user's
 * token stops working at once, and staff status is never older than the row.
 *
 * The token's audience must fit the request (401 `token_wrong_audience`
 * otherwise): a store's token only on a route for that very store (the
 * route's store middleware ran first and set `req.store`), never on the
 * merchant API or anywhere without a store; a platform token never on a
 * store's custom domain (`isCustomDomain`), where the merchant, not the
 * platform, may control what answers.
 */
export function createAuthentication(deps: { dataSource: DataSource; jwtSecret: string; isCustomDomain: (host: string) => boolean }): {
  requireAuth: RequestHandler;
} {
  const authenticator = new passport.Passport();
  // One key object for every request: given the secret as text, jsonwebtoken makes a key of it on each check, first
  // trying it as a PEM public key (which throws): a quarter of a millisecond per request in the checkout crowd's profile.
  // (passport-jwt hands it over as it is; its types only know text and buffers.)
  const key = createSecretKey(Buffer.from(deps.jwtSecret)) as unknown as Buffer;
  authenticator.use(
    "jwt",
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: key,
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
      },
      (claims: AccessTokenClaims, done: (error: unknown, user?: { user: User; audience: TokenAudience } | false) => void) => {
        if (typeof claims.sub !== "string" || !UUID_PATTERN.test(claims.sub)) return done(null, false);
        const audience = audienceOf(claims.aud, (value) => UUID_PATTERN.test(value));
        if (!audience) return done(null, false);
        deps.dataSource
          .getRepository(User)
          .findOneBy({ id: claims.sub })
          .then((user) => done(null, user ? { user, audience } : false), done);
      },
    ),
  );

  const requireAuth: RequestHandler = (req, res, next) => {
    authenticator.authenticate(
      "jwt",
      { session: false },
      (error: unknown, found: { user: User; audience: TokenAudience } | false, info: unknown) => {
        if (error) return next(error);
        if (!found) {
          res.setHeader("WWW-Authenticate", 'Bearer realm="mall"');
          return next(info instanceof Error && info.name === "TokenExpiredError" ? new AccessTokenExpiredError() : new UnauthorizedError());
        }
        const { user, audience } = found;
        const fits = audience === "platform" ? !deps.isCustomDomain(req.headers.host ?? "") : req.store?.id === audience.storeId;
        if (!fits) {
          res.setHeader("WWW-Authenticate", 'Bearer realm="mall", error="invalid_token"');
          return next(new TokenWrongAudienceError());
        }
        req.actor = { kind: "user", userId: user.id, isStaff: user.isStaff };
        next();
      },
    )(req, res, next);
  };
  return { requireAuth };
}
