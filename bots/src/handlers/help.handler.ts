import type { Context } from "grammy";
import { texts } from "../follower-messages.js";

/** `/help`, and any command the bot does not know. */
export function helpHandler() {
  return async (ctx: Context) => {
    await ctx.reply(texts.help);
  };
}
