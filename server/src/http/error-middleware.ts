import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import type { Logger } from "../platform/logger.js";
import { AppError, NotFoundError, TooManyRequestsError } from "./errors.js";
import { validationErrorFrom } from "./validation.js";

export interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string };
}

/** Errors body-parser raises, by its `type`, as the error each means to the client. */
function fromBodyParser(error: { type?: string; status?: number }): AppError | undefined {
  switch (error.type) {
    case "entity.parse.failed":
      return new AppError(400, "invalid_json", "بدنهٔ درخواست JSON معتبر نیست.", "body");
    case "entity.too.large":
      return new AppError(413, "payload_too_large", "حجم درخواست بیش از حد مجاز است.", "body");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new AppError(415, "unsupported_encoding", "کدگذاری درخواست پشتیبانی نمی‌شود.", "body");
    default:
      return undefined;
  }
}

/**
 * The one error path: domain errors and validation failures become their own
 * 4xx JSON; anything else becomes a 500 carrying only the request id, and the
 * details go to the log.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    let known: AppError | undefined;
    if (error instanceof AppError) known = error;
    else if (error instanceof ZodError) known = validationErrorFrom(error);
    else if (error && typeof error === "object" && "type" in error) known = fromBodyParser(error as { type?: string });
    // The router could not percent-decode a path segment (`%ED%A0%80`): a bad address, not a server fault.
    else if (error instanceof URIError) known = new AppError(400, "invalid_path", "نشانی درخواست معتبر نیست.", "path");

    const requestId = String(req.id ?? "");
    if (known) {
      if (known instanceof TooManyRequestsError) res.setHeader("Retry-After", String(known.retryAfterSeconds));
      const body: ErrorBody = { error: { code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}), requestId } };
      res.status(known.status).json(body);
      return;
    }
    (req.log ?? logger).error({ err: error, requestId }, "unexpected error");
    const body: ErrorBody = {
      error: { code: "internal_error", message: "خطای غیرمنتظره‌ای رخ داد؛ لطفاً دوباره تلاش کنید. اگر مشکل ادامه داشت، شناسهٔ درخواست را به پشتیبانی بدهید.", requestId },
    };
    res.status(500).json(body);
  };
}

/** Any path no route matched. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError("این نشانی وجود ندارد.", "route_not_found"));
};
