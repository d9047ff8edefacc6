import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from "../core/errors.js";

/** The channel cannot be used: not found, not a channel, the bot not an administrator or missing a right. Names `channel`. */
export class TelegramChannelRejectedError extends ValidationError {
  constructor(message: string, code = "telegram_channel_rejected") {
    super("channel", message, code);
  }
}

export class TelegramUnavailableError extends ServiceUnavailableError {
  constructor() {
    super("اکنون به تلگرام دسترسی نداریم؛ لطفاً چند دقیقهٔ دیگر دوباره تلاش کنید.", "telegram_unavailable");
  }
}

export class TelegramNotConfiguredError extends ServiceUnavailableError {
  constructor() {
    super("ربات تلگرام این سامانه هنوز راه‌اندازی نشده است؛ لطفاً با پشتیبانی تماس بگیرید.", "telegram_not_configured");
  }
}

export class TelegramChannelNotConnectedError extends NotFoundError {
  constructor() {
    super("کانال تلگرامی به این فروشگاه وصل نیست.", "telegram_channel_not_connected");
  }
}

/** Another store holds the channel (issue 24 #3): one channel, one store. */
export class TelegramChannelTakenError extends ConflictError {
  constructor() {
    super(
      "channel",
      "این کانال به فروشگاه دیگری در مال وصل است و هر کانال فقط به یک فروشگاه وصل می‌شود. اگر کانال مال شماست، ابتدا آن را از آن فروشگاه جدا کنید.",
      "telegram_channel_taken",
    );
  }
}

/** A channel the store has not proven it controls: a code must be posted there first. */
export class TelegramProofRequiredError extends ValidationError {
  constructor() {
    super(
      "channel",
      "برای وصل کردن این کانال ابتدا کد تأیید بگیرید و آن را در کانال منتشر کنید؛ بدون آن کانال وصل نمی‌شود.",
      "telegram_proof_required",
    );
  }
}

/** «ارسال همه محصولات» while the channel cannot take posts (not proven, the bot lost it, the store suspended). */
export class TelegramChannelPausedError extends ConflictError {
  constructor() {
    super("channel", "انتشار در این کانال اکنون متوقف است؛ ابتدا کانال را دوباره وصل کنید.", "telegram_channel_paused");
  }
}

export class TelegramClaimNotFoundError extends NotFoundError {
  constructor() {
    super("کد تأییدی برای کانال تلگرام این فروشگاه صادر نشده است.", "telegram_claim_not_found");
  }
}

export class InstagramRejectedError extends ValidationError {
  constructor(field: "igUserId" | "accessToken", message: string) {
    super(field, message, "instagram_rejected");
  }
}

export class InstagramUnavailableError extends ServiceUnavailableError {
  constructor() {
    super("اکنون به اینستاگرام دسترسی نداریم؛ لطفاً چند دقیقهٔ دیگر دوباره تلاش کنید.", "instagram_unavailable");
  }
}

export class InstagramAccountNotConnectedError extends NotFoundError {
  constructor() {
    super("حساب اینستاگرامی به این فروشگاه وصل نیست.", "instagram_account_not_connected");
  }
}

export class InstagramLoginNotConfiguredError extends ServiceUnavailableError {
  constructor() {
    super("اتصال به اینستاگرام در این سامانه هنوز راه‌اندازی نشده است؛ لطفاً با پشتیبانی تماس بگیرید.", "instagram_login_not_configured");
  }
}
