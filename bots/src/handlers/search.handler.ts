import { searchForChat } from "@mall/server/social/follower.service.js";
import type { Context, Filter } from "grammy";
import { serviceContext, type BotDeps } from "../bot-deps.js";
import { cardKeyboard, cardText, texts } from "../follower-messages.js";

/** Any other text: a search of the chat's store, answered with up to five product cards. */
export function searchHandler(deps: BotDeps) {
  return async (ctx: Filter<Context, "message:text">) => {
    const query = ctx.message.text.trim();
    if (query.startsWith("/")) {
      await ctx.reply(texts.help);
      return;
    }
    const found = await searchForChat(serviceContext(deps), deps.config, ctx.chat.id, query);
    if (!found) {
      await ctx.reply(texts.noStore);
      return;
    }
    if (found.cards.length === 0) {
      await ctx.reply(texts.noResults(query), { parse_mode: "HTML" });
      return;
    }
    await ctx.reply(texts.results(found.cards.length, query), { parse_mode: "HTML" });
    for (const card of found.cards) await ctx.reply(cardText(card), { parse_mode: "HTML", reply_markup: cardKeyboard(card) });
  };
}
