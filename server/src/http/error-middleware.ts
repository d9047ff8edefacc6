import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import { DomainError, NotFoundError, TooManyRequestsError, type ErrorKind } from "../core/errors.js";
import { validationErrorFrom } from "../core/validation.js";
import { isPoolExhausted } from "../db/errors.js";
import type { Logger } from "../platform/logger.js";

export interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string };
}

/** The HTTP status of each kind of domain error: the one place that decides it. */
const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
  refused: 422,
  rate_limited: 429,
  upstream_failed: 502,
  unavailable: 503,
};

/** What the client is told: a status and the error body's parts. */
interface Answer {
  status: number;
  code: string;
  message: string;
  field?: string | undefined;
  retryAfterSeconds?: number;
}

function answerOf(error: DomainError): Answer {
  return {
    status: STATUS_OF_KIND[error.kind],
    code: error.code,
    message: error.message,
    field: error.field,
    ...(error instanceof TooManyRequestsError ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  };
}

/** Errors body-parser raises, by its `type`, as the answer each means to the client. */
function fromBodyParser(error: { type?: string; status?: number }): Answer | undefined {
  switch (error.type) {
    case "entity.parse.failed":
      return { status: 400, code: "invalid_json", message: "بدنهٔ درخواست JSON معتبر نیست.", field: "body" };
    case "entity.too.large":
      return { status: 413, code: "payload_too_large", message: "حجم درخواست بیش از حد مجاز است.", field: "body" };
    case "encoding.unsupported":
    case "charset.unsupported":
      return { status: 415, code: "unsupported_encoding", message: "کدگذاری درخواست پشتیبانی نمی‌شود.", field: "body" };
    default:
      return undefined;
  }
}

/** The answer for an error a client caused, or undefined for anything else (a bug, an outage: a 500). */
function knownAnswer(error: unknown): Answer | undefined {
  if (error instanceof DomainError) return answerOf(error);
  if (error instanceof ZodError) return answerOf(validationErrorFrom(error));
  if (error && typeof error === "object" && "type" in error) return fromBodyParser(error as { type?: string });
  // The router could not percent-decode a path segment (`%ED%A0%80`): a bad address, not a server fault.
  if (error instanceof URIError) return { status: 400, code: "invalid_path", message: "نشانی درخواست معتبر نیست.", field: "path" };
  // Every database connection stayed busy for the pool's whole wait (a crowd at a sale), in whichever step of the
  // request (the store's lookup, the sign-in's, the handler's): overloaded, not broken; the client may try again.
  if (isPoolExhausted(error))
    return {
      status: 503,
      code: "busy",
      message: "سرور همین حالا بسیار شلوغ است؛ لطفاً چند لحظهٔ دیگر دوباره تلاش کنید.",
      retryAfterSeconds: 1,
    };
  return undefined;
}

/**
 * The HTTP status an error will be answered with: a domain error's by its
 * kind, an Express or body-parser error's own, 500 for anything else.
 */
export function httpStatusOf(error: unknown): number {
  const known = knownAnswer(error);
  if (known) return known.status;
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" ? status : 500;
}

/**
 * The one error path: domain errors and validation failures become their own
 * 4xx JSON; anything else becomes a 500 carrying only the request id, and the
 * details go to the log.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = knownAnswer(error);
    const requestId = String(req.id ?? "");
    if (known) {
      if (known.retryAfterSeconds !== undefined) res.setHeader("Retry-After", String(known.retryAfterSeconds));
      const body: ErrorBody = {
        error: { code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}), requestId },
      };
      res.status(known.status).json(body);
      return;
    }
    (req.log ?? logger).error({ err: error, requestId }, "unexpected error");
    const body: ErrorBody = {
      error: {
        code: "internal_error",
        message: "خطای غیرمنتظره‌ای رخ داد؛ لطفاً دوباره تلاش کنید. اگر مشکل ادامه داشت، شناسهٔ درخواست را به پشتیبانی بدهید.",
        requestId,
      },
    };
    res.status(500).json(body);
  };
}

/** Any path no route matched. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError("این نشانی وجود ندارد.", "route_not_found"));
};
