import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { BotDeps } from "./bot-deps.js";
import { channelProofHandler } from "./handlers/channel-proof.handler.js";
import { helpHandler } from "./handlers/help.handler.js";
import { searchHandler } from "./handlers/search.handler.js";
import { startHandler } from "./handlers/start.handler.js";
import { stockHandler } from "./handlers/stock.handler.js";
import { variantHandler } from "./handlers/variant.handler.js";
import { variantsHandler } from "./handlers/variants.handler.js";
import { clientOptions, installFloodControl } from "./telegram-client.js";

const UUID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";

/** The updates the bot handles; anything else is not even delivered. `channel_post`: a merchant's code proving control of a channel. */
export const ALLOWED_UPDATES = ["message", "callback_query", "channel_post"] as const;

/**
 * The platform's follower bot: one bot for every store (the deep link picks
 * the store, the chat remembers it), private chats only, plus the channel
 * posts that prove a merchant controls a channel. One handler per
 * command or update type; each calls the social services.
 * Replies go through the throttler (bursts of a few messages, twenty a
 * minute per chat, thirty a second in all) and auto-retry (flood control).
 */
export function createFollowerBot(deps: BotDeps, options: { botInfo?: UserFromGetMe } = {}): Bot {
  const token = deps.config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error("TELEGRAM_BOT_TOKEN is not set");
  const bot = new Bot<Context>(token, {
    client: clientOptions(deps.config, { timeoutSeconds: 30 }),
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Telegram asks for about one message a second in a chat but takes short bursts: a search's five cards go out at once, a flood does not.
  bot.api.config.use(
    apiThrottler({ out: { maxConcurrent: 1, minTime: 100, reservoir: 20, reservoirRefreshAmount: 20, reservoirRefreshInterval: 60_000 } }),
  );
  installFloodControl(bot.api, { maxRetryAfterSeconds: 10 });

  const chats = bot.chatType("private");
  chats.command("start", startHandler(deps));
  chats.command("help", helpHandler());
  chats.on("message:text", searchHandler(deps));
  bot.callbackQuery(new RegExp(`^v:${UUID}$`), variantsHandler(deps));
  bot.callbackQuery(new RegExp(`^i:${UUID}$`), variantHandler(deps));
  bot.callbackQuery(new RegExp(`^s:${UUID}$`), stockHandler(deps));
  bot.on("callback_query:data", (ctx) => ctx.answerCallbackQuery());
  bot.on("channel_post:text", channelProofHandler(deps));

  bot.catch((error) => {
    deps.logger.error(
      { err: error.error instanceof Error ? error.error.message : error.error, updateId: error.ctx.update.update_id },
      "telegram bot: update failed",
    );
  });
  return bot;
}
