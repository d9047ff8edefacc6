import { timingSafeEqual } from "node:crypto";
import { ForbiddenError, NotFoundError } from "@mall/server/core/errors.js";
import type { RequestHandler } from "express";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { BotDeps } from "./bot-deps.js";
import { createFollowerBot } from "./follower-bot.js";

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `POST /api/v1/telegram/webhook`: Telegram's updates in production. The
 * `X-Telegram-Bot-Api-Secret-Token` header must carry TELEGRAM_WEBHOOK_SECRET
 * (403 otherwise: anyone can find the URL). An update is answered 200 once
 * handled, even when handling failed (it is logged): Telegram would otherwise
 * send the same update again and again.
 */
export function telegramWebhook(deps: BotDeps): RequestHandler {
  const { TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: secret } = deps.config;
  let bot: Bot | undefined;
  let ready: Promise<void> | undefined;
  return async (req, res, next) => {
    if (!token || !secret) return next(new NotFoundError("ربات تلگرام در این سامانه راه‌اندازی نشده است.", "telegram_webhook_disabled"));
    if (!sameSecret(req.get("x-telegram-bot-api-secret-token"), secret))
      return next(new ForbiddenError("درخواست از طرف تلگرام نیست.", "telegram_secret_mismatch"));
    const update = req.body as Update | undefined;
    if (!update || typeof update.update_id !== "number")
      return next(new ForbiddenError("درخواست از طرف تلگرام نیست.", "telegram_bad_update"));
    bot ??= createFollowerBot(deps);
    const current = bot;
    // getMe once per process; a failure is retried on the next update.
    ready ??= current.init().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    try {
      await ready;
      await current.handleUpdate(update);
    } catch (error) {
      deps.logger.error(
        { err: error instanceof Error ? error.message : error, updateId: update.update_id },
        "telegram webhook: update not handled",
      );
    }
    res.status(200).json({});
  };
}
