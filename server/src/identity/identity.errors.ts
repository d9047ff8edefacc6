import { UnauthorizedError, ValidationError, type DomainError } from "../core/errors.js";
import { formatNumber } from "@mall/locale";

/** Something is wrong with the sign-in code a person typed; the message says what to do next. */
export class OtpError extends ValidationError {
  constructor(message: string, code: string) {
    super("code", message, code);
  }
}

export class OtpInvalidError extends OtpError {
  constructor(triesLeft: number) {
    super(
      triesLeft > 0
        ? `کد واردشده درست نیست؛ ${formatNumber(triesLeft)} بار دیگر می‌توانید امتحان کنید.`
        : "کد واردشده درست نیست و این کد دیگر پذیرفته نمی‌شود؛ لطفاً کد جدید بگیرید.",
      "otp_invalid",
    );
  }
}

export class OtpExpiredError extends OtpError {
  constructor() {
    super("مهلت این کد تمام شده است؛ لطفاً کد جدید بگیرید.", "otp_expired");
  }
}

export class OtpLockedError extends OtpError {
  constructor() {
    super("این کد چند بار اشتباه وارد شده و دیگر پذیرفته نمی‌شود؛ لطفاً کد جدید بگیرید.", "otp_locked");
  }
}

export class OtpUsedError extends OtpError {
  constructor() {
    super("این کد قبلاً استفاده شده است؛ برای ورود دوباره کد جدید بگیرید.", "otp_used");
  }
}

export class OtpNotFoundError extends OtpError {
  constructor() {
    super("برای این شماره کدی فرستاده نشده است؛ لطفاً ابتدا کد ورود بگیرید.", "otp_not_found");
  }
}

export class RefreshTokenInvalidError extends UnauthorizedError {
  constructor() {
    super("نشست شما معتبر نیست؛ لطفاً دوباره وارد شوید.", "refresh_token_invalid");
  }
}

export class RefreshTokenExpiredError extends UnauthorizedError {
  constructor() {
    super("نشست شما به پایان رسیده است؛ لطفاً دوباره وارد شوید.", "refresh_token_expired");
  }
}

/** A used refresh token came back: someone holds a copy, so the whole sign-in has been revoked. */
export class RefreshTokenReusedError extends UnauthorizedError {
  constructor() {
    super("برای امنیت حساب، این نشست بسته شد؛ لطفاً دوباره وارد شوید.", "refresh_token_reused");
  }
}

/** A refresh token brought to another store (or the platform) than the one it was issued for. */
export class RefreshTokenWrongStoreError extends UnauthorizedError {
  constructor() {
    super("این نشست برای فروشگاه دیگری است؛ لطفاً در همین فروشگاه وارد شوید.", "refresh_token_wrong_store");
  }
}

/** An access token used at another store than its own, or a store's token where only the platform's works. */
export class TokenWrongAudienceError extends UnauthorizedError {
  constructor() {
    super("این نشست برای اینجا نیست؛ لطفاً در همین‌جا وارد شوید.", "token_wrong_audience");
  }
}

export class AccessTokenExpiredError extends UnauthorizedError {
  constructor() {
    super("نشست شما تمام شده است؛ لطفاً دوباره وارد شوید.", "token_expired");
  }
}

/** What a service returns when it wrote something (a counted attempt, a revoked family) that must commit although the request fails. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DomainError };
