import { variantView } from "@mall/server/social/follower.service.js";
import type { CallbackQueryContext, Context } from "grammy";
import { serviceContext, type BotDeps } from "../bot-deps.js";
import { storeButton, texts, variantText } from "../follower-messages.js";

/** One model (`i:<instanceId>`): its values, price and stock, with the way to the store. */
export function variantHandler(deps: BotDeps) {
  return async (ctx: CallbackQueryContext<Context>) => {
    const found = await variantView(serviceContext(deps), deps.config, String(ctx.match[1]));
    if (!found) {
      await ctx.answerCallbackQuery({ text: texts.expired, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.reply(variantText(found.card, found.variant), { parse_mode: "HTML", reply_markup: storeButton(found.card) });
  };
}
