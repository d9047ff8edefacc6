import type { ErrorRequestHandler } from "express";
import { reportError } from "../platform/sentry.js";
import { httpStatusOf } from "./error-middleware.js";

/**
 * Sends unexpected errors (answered 5xx) to Sentry when SENTRY_DSN is set,
 * with the request id the client was shown, then lets the error middleware
 * answer as always. Errors people cause (4xx) are not sent.
 */
export function reportUnexpectedErrors(): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (httpStatusOf(error) >= 500) reportError(error, { requestId: String(req.id), route: res.locals.routePattern, method: req.method });
    next(error);
  };
}
