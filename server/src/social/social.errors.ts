import { NotFoundError, ServiceUnavailableError, ValidationError } from "../core/errors.js";

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
