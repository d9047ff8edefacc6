import { proveTelegramChannel } from "@mall/server/social/telegram-channel.service.js";
import type { Context, Filter } from "grammy";
import { serviceContext, type BotDeps } from "../bot-deps.js";
import { channelApi } from "../telegram-client.js";

/**
 * A text posted in a channel where the bot is an administrator: when it is a
 * store's one-time code for that channel, the channel becomes the store's
 * (telegram-channel.service.ts decides); the code's post is then removed
 * when the bot may (followers need not see it). Any other post is ignored.
 */
export function channelProofHandler(deps: BotDeps) {
  return async (ctx: Filter<Context, "channel_post:text">) => {
    const post = ctx.channelPost;
    const raw = post as unknown as Record<string, unknown>;
    const telegram = channelApi(ctx.api);
    const outcome = await proveTelegramChannel(serviceContext(deps), telegram, {
      chatId: String(post.chat.id),
      chatType: post.chat.type,
      messageId: post.message_id,
      text: post.text,
      forwarded:
        raw.forward_origin !== undefined ||
        raw.forward_from_chat !== undefined ||
        raw.forward_from !== undefined ||
        raw.forward_date !== undefined,
      viaBot: raw.via_bot !== undefined,
    });
    if (outcome === "not-a-code") return;
    deps.logger.info({ chatId: post.chat.id, outcome }, "telegram: a channel code was posted");
    if (outcome === "connected") await telegram.deleteMessage(String(post.chat.id), post.message_id).catch(() => {});
  };
}
