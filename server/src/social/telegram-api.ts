/**
 * What the social domain needs of the Telegram Bot API (PROTOCOLS.md §7),
 * as an interface: the grammY client that implements it lives in bots/
 * (bots/src/telegram-client.ts), and the processes that use it (server,
 * worker, bot) pass it in. The domain never imports the surface.
 *
 * Captions are always sent in HTML parse mode (caption.ts escapes them).
 */

/** A photo to send: bytes to upload, a URL Telegram fetches, or the file_id of a photo it already has. */
export type TelegramPhoto = { upload: Buffer; filename: string } | { url: string } | { fileId: string };

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

export interface TelegramChat {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
  title?: string;
  username?: string;
}

/** The fields of a ChatMember that decide whether the bot may post (the rights are present on administrators only). */
export interface TelegramChatMember {
  status: "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";
  user: TelegramUser;
  can_post_messages?: boolean;
  can_edit_messages?: boolean;
  can_delete_messages?: boolean;
}

export interface TelegramMessage {
  message_id: number;
  date: number;
  media_group_id?: string;
  photo?: Array<{ file_id: string; file_unique_id: string; width: number; height: number }>;
  caption?: string;
}

export interface TelegramChannelApi {
  getMe(): Promise<TelegramUser>;
  getChat(chatId: string | number): Promise<TelegramChat>;
  getChatMember(chatId: string | number, userId: number): Promise<TelegramChatMember>;
  sendPhoto(chatId: string | number, photo: TelegramPhoto, caption: string): Promise<TelegramMessage>;
  /** An album of 2–10 photos; the caption goes on the first, which is how clients show an album's caption. */
  sendMediaGroup(chatId: string | number, photos: TelegramPhoto[], caption: string): Promise<TelegramMessage[]>;
  editMessageCaption(chatId: string | number, messageId: number, caption: string): Promise<void>;
  deleteMessage(chatId: string | number, messageId: number): Promise<void>;
}

/** Telegram answered, with `ok: false`: nothing was done. */
export class TelegramApiError extends Error {
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`Telegram ${method}: ${errorCode} ${description}`);
    this.name = "TelegramApiError";
  }

  /** An edit with the content the message already has: the edit is done. */
  get notModified(): boolean {
    return this.errorCode === 400 && /message is not modified/i.test(this.description);
  }

  get messageMissing(): boolean {
    return this.errorCode === 400 && /message to (edit|delete) not found/i.test(this.description);
  }

  get cannotDelete(): boolean {
    return this.errorCode === 400 && /message can't be deleted/i.test(this.description);
  }

  /** The bot lost the channel: it was removed, demoted, or the channel is gone. Retrying will not help. */
  get channelLost(): boolean {
    return (
      this.errorCode === 403 ||
      (this.errorCode === 400 &&
        /chat not found|have no rights|not enough rights|need administrator rights|CHAT_ADMIN_REQUIRED|CHANNEL_PRIVATE/i.test(
          this.description,
        ))
    );
  }

  /** Worth another try later: flood control and Telegram's own failures. */
  get transient(): boolean {
    return this.errorCode === 429 || this.errorCode >= 500;
  }
}

/**
 * Telegram could not be reached or did not answer. `sent` says whether the
 * request may have reached Telegram: "no" when the connection was never made
 * (refused, unknown host), "unknown" when it failed after the request went
 * out (timeout, reset, a relay's error page). A send whose outcome is
 * unknown may have posted.
 */
export class TelegramUnreachableError extends Error {
  constructor(
    readonly method: string,
    message: string,
    readonly sent: "no" | "unknown",
  ) {
    super(`Telegram ${method}: ${message}`);
    this.name = "TelegramUnreachableError";
  }
}
