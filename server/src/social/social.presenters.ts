import type { z } from "../platform/zod.js";
import type { InstagramAccount } from "./instagram.entity.js";
import type { instagramAccountSchema, telegramChannelSchema, telegramClaimSchema } from "./social.schemas.js";
import type { TelegramChannelClaim } from "./telegram-channel-claim.entity.js";
import type { TelegramChannel } from "./telegram-channel.entity.js";
import { claimSteps } from "./telegram-channel.service.js";

export function presentTelegramChannel(channel: TelegramChannel): z.input<typeof telegramChannelSchema> {
  return {
    chatId: channel.chatId,
    username: channel.username,
    title: channel.title,
    onRemoved: channel.onRemoved,
    status: channel.status,
    lastError: channel.lastError,
    connectedAt: channel.connectedAt.toISOString(),
    provenAt: channel.provenAt?.toISOString() ?? null,
  };
}

export function presentTelegramClaim(
  claim: TelegramChannelClaim,
  botUsername: string | null,
  now = new Date(),
): z.input<typeof telegramClaimSchema> {
  return {
    chatId: claim.chatId,
    username: claim.username,
    title: claim.title,
    onRemoved: claim.onRemoved,
    code: claim.code,
    expiresAt: claim.expiresAt.toISOString(),
    expired: claim.expiresAt.getTime() <= now.getTime(),
    lastError: claim.lastError,
    steps: claimSteps(claim, botUsername),
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
