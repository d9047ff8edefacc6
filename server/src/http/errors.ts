/**
 * The one error hierarchy. Every error a user can cause is an AppError with an
 * HTTP status, a stable snake_case code, a Persian message and, where one
 * input is to blame, the field that names it. The error middleware turns them
 * into `{ "error": { "code", "message", "field" } }`; anything else is a 500.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(field: string, message: string, code = "invalid_input") {
    super(400, code, message, field);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "لطفاً ابتدا وارد حساب کاربری خود شوید.", code = "unauthorized") {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "شما اجازهٔ این کار را ندارید.", code = "forbidden") {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = "موردی پیدا نشد.", code = "not_found", field?: string) {
    super(404, code, message, field);
  }
}

export class ConflictError extends AppError {
  constructor(field: string, message: string, code = "conflict") {
    super(409, code, message, field);
  }
}

export class GoneError extends AppError {
  constructor(message: string, code = "gone") {
    super(410, code, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(readonly retryAfterSeconds: number, code = "too_many_requests") {
    super(429, code, `تعداد درخواست‌ها زیاد است؛ لطفاً ${toPersianDigits(retryAfterSeconds)} ثانیهٔ دیگر دوباره تلاش کنید.`);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = "سرویس موقتاً در دسترس نیست؛ لطفاً کمی بعد دوباره تلاش کنید.", code = "service_unavailable") {
    super(503, code, message);
  }
}

function toPersianDigits(value: number): string {
  return value.toLocaleString("fa-IR", { useGrouping: false });
}
