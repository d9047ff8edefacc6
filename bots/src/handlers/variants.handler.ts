import { productVariants } from "@mall/server/social/follower.service.js";
import type { CallbackQueryContext, Context } from "grammy";
import { serviceContext, type BotDeps } from "../bot-deps.js";
import { texts, variantsKeyboard } from "../follower-messages.js";

/** "Choose a model" (`v:<productId>`): the models in stock, one button each. */
export function variantsHandler(deps: BotDeps) {
  return async (ctx: CallbackQueryContext<Context>) => {
    const found = await productVariants(serviceContext(deps), deps.config, String(ctx.match[1]));
    if (!found) {
      await ctx.answerCallbackQuery({ text: texts.expired, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    if (!found.variants.some((variant) => variant.stock > 0)) {
      await ctx.reply(texts.allOutOfStock(found.card.name), { parse_mode: "HTML" });
      return;
    }
    await ctx.reply(texts.chooseVariant(found.card.name), { parse_mode: "HTML", reply_markup: variantsKeyboard(found.variants) });
  };
}
