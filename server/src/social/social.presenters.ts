import type { z } from "../platform/zod.js";
import type { InstagramAccount } from "./instagram.entity.js";
import type { instagramAccountSchema, telegramChannelSchema } from "./social.schemas.js";
import type { TelegramChannel } from "./telegram-channel.entity.js";

export function presentTelegramChannel(channel: TelegramChannel): z.input<typeof telegramChannelSchema> {
  return {
    chatId: channel.chatId,
    username: channel.username,
    title: channel.title,
    onRemoved: channel.onRemoved,
    status: channel.status,
    lastError: channel.lastError,
    connectedAt: channel.connectedAt.toISOString(),
  };
}

/** The account without its access token, which never leaves the server. */
export function presentInstagramAccount(account: InstagramAccount): z.input<typeof instagramAccountSchema> {
  return {
    igUserId: account.igUserId,
    username: account.username,
    status: account.status,
    lastError: account.lastError,
    connectedAt: account.connectedAt.toISOString(),
  };
}
