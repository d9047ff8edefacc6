import { productVariants } from "@mall/server/social/follower.service.js";
import type { CallbackQueryContext, Context } from "grammy";
import { serviceContext, type BotDeps } from "../bot-deps.js";
import { stockText, texts } from "../follower-messages.js";

/** "Stock" (`s:<productId>`): how many of each model are left. */
export function stockHandler(deps: BotDeps) {
  return async (ctx: CallbackQueryContext<Context>) => {
    const found = await productVariants(serviceContext(deps), deps.config, String(ctx.match[1]));
    if (!found) {
      await ctx.answerCallbackQuery({ text: texts.expired, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.reply(stockText(found.card, found.variants), { parse_mode: "HTML" });
  };
}
