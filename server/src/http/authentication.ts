import type { RequestHandler } from "express";
import passport from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";
import type { DataSource } from "typeorm";
import { UUID_PATTERN } from "../core/ids.js";
import { UnauthorizedError } from "../core/errors.js";
import { AccessTokenExpiredError } from "../identity/identity.errors.js";
import { JWT_ALGORITHM, JWT_ISSUER, type AccessTokenClaims } from "../identity/token.service.js";
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
 */
export function createAuthentication(deps: { dataSource: DataSource; jwtSecret: string }): { requireAuth: RequestHandler } {
  const authenticator = new passport.Passport();
  authenticator.use(
    "jwt",
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: deps.jwtSecret,
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
      },
      (claims: AccessTokenClaims, done: (error: unknown, user?: User | false) => void) => {
        if (typeof claims.sub !== "string" || !UUID_PATTERN.test(claims.sub)) return done(null, false);
        deps.dataSource
          .getRepository(User)
          .findOneBy({ id: claims.sub })
          .then((user) => done(null, user ?? false), done);
      },
    ),
  );

  const requireAuth: RequestHandler = (req, res, next) => {
    authenticator.authenticate("jwt", { session: false }, (error: unknown, user: User | false, info: unknown) => {
      if (error) return next(error);
      if (!user) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="mall"');
        return next(info instanceof Error && info.name === "TokenExpiredError" ? new AccessTokenExpiredError() : new UnauthorizedError());
      }
      req.actor = { kind: "user", userId: user.id, isStaff: user.isStaff };
      next();
    })(req, res, next);
  };
  return { requireAuth };
}
