import { randomBytes } from "node:crypto";
import cors from "cors";
import type { Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import type { Config } from "../config/config.js";

/**
 * Security headers for every response. The CSP allows only our own origin
 * for scripts (store sites, the API docs and the back office ship their
 * scripts as files); inline styles are allowed because Swagger UI and
 * AdminJS set style attributes.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        // Gateways are left for from the store's pages, whose own policy lists them (sites/site-csp.ts); the sandbox's page posts to us only.
        "form-action": ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * The headers securityHeaders() sets, as name and value: they are the same on
 * every answer, so an answer sent ahead of the middleware (a site's static
 * file, sites/site-static.routes.ts) carries them from this list.
 */
export function securityHeaderList(): Array<[string, string]> {
  const headers = new Map<string, [string, string]>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), [name, String(value)]),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  securityHeaders()({} as Request, recorder as unknown as Response, () => undefined);
  return [...headers.values()];
}

/**
 * The back office's CSP, replacing the one above under /admin. AdminJS's pages
 * carry inline scripts (the initial state and the render call), so each page
 * gets a fresh nonce (`res.locals.cspNonce`, which the admin router writes
 * into its script tags); everything else is as strict as the rest of the
 * platform, and the API and store sites keep their own policy untouched.
 */
export function adminSecurityHeaders(): RequestHandler {
  const policy = helmet.contentSecurityPolicy({
    useDefaults: true,
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
      // styled-components (AdminJS's design system) writes its styles at run time.
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:"],
      "font-src": ["'self'", "data:"],
      "connect-src": ["'self'"],
      "frame-ancestors": ["'none'"],
      "form-action": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
    },
  });
  return (req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    policy(req, res, next);
  };
}

/** CORS for the origins in CORS_ORIGINS; store sites call the API on their own host and need none. */
export function corsPolicy(config: Pick<Config, "CORS_ORIGINS">): RequestHandler {
  const allowed = new Set(config.CORS_ORIGINS.map((origin) => new URL(origin).origin));
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    maxAge: 600,
  });
}
