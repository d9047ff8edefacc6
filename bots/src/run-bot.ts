import type { Platform } from "@mall/server/platform/platform.js";
import { ALLOWED_UPDATES, createFollowerBot } from "./follower-bot.js";

export interface RunningBot {
  stop(): Promise<void>;
}

/**
 * The `bot` process. Without TELEGRAM_BOT_TOKEN it idles with a log line.
 * With TELEGRAM_WEBHOOK_URL (production) it registers the webhook, with its
 * secret, and idles: updates go to the server's `/api/v1/telegram/webhook`.
 * Otherwise (a laptop) it long-polls getUpdates.
 */
export function runBot(platform: Pick<Platform, "dataSource" | "config" | "logger">, options: { retryMs?: number } = {}): RunningBot {
  const { config, logger } = platform;
  const keepAlive = setInterval(() => {}, 1 << 30);
  if (!config.TELEGRAM_BOT_TOKEN) {
    logger.info("bot started (no TELEGRAM_BOT_TOKEN configured: idling)");
    return {
      async stop() {
        clearInterval(keepAlive);
      },
    };
  }
  const bot = createFollowerBot(platform);
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const retryMs = options.retryMs ?? 60_000;

  const setWebhook = async (url: string) => {
    try {
      await bot.api.setWebhook(url, { secret_token: config.TELEGRAM_WEBHOOK_SECRET, allowed_updates: [...ALLOWED_UPDATES] });
      logger.info({ url }, "bot: webhook set; updates go to the server");
    } catch (error) {
      logger.warn({ err: (error as Error).message, retryInMs: retryMs }, "bot: could not set the webhook; trying again");
      if (!stopped) retry = setTimeout(() => void setWebhook(url), retryMs);
    }
  };

  if (config.TELEGRAM_WEBHOOK_URL) void setWebhook(config.TELEGRAM_WEBHOOK_URL);
  else {
    bot
      .start({ allowed_updates: [...ALLOWED_UPDATES], onStart: (me) => logger.info({ username: me.username }, "bot: long polling") })
      .catch((error: unknown) => logger.error({ err: (error as Error).message }, "bot: long polling stopped"));
  }
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(keepAlive);
      if (bot.isRunning()) await bot.stop();
    },
  };
}
