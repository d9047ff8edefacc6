import type { ErrorRequestHandler } from "express";
import { reportError } from "../platform/sentry.js";

/**
 * Sends unexpected errors (5xx, or anything without a status) to Sentry when
 * SENTRY_DSN is set, with the request id the client was shown, then lets the
 * error middleware answer as always. Errors people cause (4xx) are not sent.
 */
export function reportUnexpectedErrors(): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
    if (!(typeof status === "number" && status < 500)) reportError(error, { requestId: String(req.id), route: res.locals.routePattern, method: req.method });
    next(error);
  };
}
