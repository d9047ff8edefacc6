import { openStartPayload } from "@mall/server/social/follower.service.js";
import type { CommandContext, Context } from "grammy";
import { serviceContext, type BotDeps } from "../bot-deps.js";
import { cardKeyboard, cardText, texts } from "../follower-messages.js";

/** `/start [payload]`: a deep link from a channel post or a store site opens its product or store, and the chat remembers the store. */
export function startHandler(deps: BotDeps) {
  return async (ctx: CommandContext<Context>) => {
    const result = await openStartPayload(serviceContext(deps), deps.config, ctx.chat.id, ctx.match);
    switch (result.kind) {
      case "none":
        await ctx.reply(texts.welcomeNoStore);
        return;
      case "not-found":
        await ctx.reply(texts.notFound);
        return;
      case "store-inactive":
        await ctx.reply(texts.storeInactive);
        return;
      case "store":
        if (result.card) await ctx.reply(cardText(result.card), { parse_mode: "HTML", reply_markup: cardKeyboard(result.card) });
        else await ctx.reply(texts.welcomeStore(result.store.name), { parse_mode: "HTML" });
    }
  };
}
