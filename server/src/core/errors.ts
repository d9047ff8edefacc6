/**
 * The one error hierarchy. Every error a user can cause is a DomainError: a
 * kind saying what went wrong in the domain's terms (the input is invalid,
 * the thing is not there, a rule refuses it…), a stable snake_case code, a
 * Persian message and, where one input is to blame, the field that names it.
 * Domains throw them without knowing who asked; each surface turns them into
 * its own answer (http/error-middleware.ts picks the HTTP status and writes
 * `{ "error": { "code", "message", "field" } }`, the CLI prints one line,
 * the back office shows the message beside the field).
 */
export type ErrorKind =
  /** The input is malformed or out of range. */
  | "invalid"
  /** Nobody (or nobody valid) is signed in. */
  | "unauthenticated"
  /** Signed in, but not allowed to do this. */
  | "forbidden"
  /** The thing is not there (or not yours: the same answer). */
  | "not_found"
  /** It clashes with what is already there (a taken slug, a state that just changed). */
  | "conflict"
  /** It was there and is gone for good (a deleted store, a used link). */
  | "gone"
  /** A file or body bigger than allowed. */
  | "too_large"
  /** A kind of file or content we do not take. */
  | "unsupported"
  /** Well-formed, but a business rule refuses it (a state that cannot move, stock that is not sold). */
  | "refused"
  /** Asked too often; try again after a while. */
  | "rate_limited"
  /** An outside service we depend on answered with a failure (ACME, nginx, a gateway). */
  | "upstream_failed"
  /** Something we depend on is down for now; try again shortly. */
  | "unavailable";

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(field: string, message: string, code = "invalid_input") {
    super("invalid", code, message, field);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = "لطفاً ابتدا وارد حساب کاربری خود شوید.", code = "unauthorized") {
    super("unauthenticated", code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "شما اجازهٔ این کار را ندارید.", code = "forbidden") {
    super("forbidden", code, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "موردی پیدا نشد.", code = "not_found", field?: string) {
    super("not_found", code, message, field);
  }
}

export class ConflictError extends DomainError {
  constructor(field: string, message: string, code = "conflict") {
    super("conflict", code, message, field);
  }
}

export class GoneError extends DomainError {
  constructor(message: string, code = "gone") {
    super("gone", code, message);
  }
}

/** A rate limit: the message (@mall/locale's tooManyRequestsMessage) says how long to wait; the HTTP answer carries Retry-After. */
export class TooManyRequestsError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
    code = "too_many_requests",
  ) {
    super("rate_limited", code, message);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(message = "سرویس موقتاً در دسترس نیست؛ لطفاً کمی بعد دوباره تلاش کنید.", code = "service_unavailable") {
    super("unavailable", code, message);
  }
}
