import type { Config } from "@mall/server/config/config.js";
import type { TelegramChannelApi } from "@mall/server/social/telegram-api.js";
import type { ApiOptions } from "./telegram-client.js";

const METHODS = [
  "getMe",
  "getChat",
  "getChatMember",
  "sendPhoto",
  "sendMediaGroup",
  "editMessageCaption",
  "deleteMessage",
] as const satisfies ReadonlyArray<keyof TelegramChannelApi>;

/**
 * createTelegramChannelApi (telegram-client.ts) with grammY imported on the
 * first call instead of when the process starts: the server holds a channel
 * API for the few requests that reach Telegram, and grammY with its HTTP
 * stack (node-fetch, the proxy agents) is some 15 MiB of its memory. Null
 * when no token is configured, as there.
 */
export function lazyTelegramChannelApi(
  config: Pick<Config, "TELEGRAM_BOT_TOKEN" | "TELEGRAM_API_ROOT" | "TELEGRAM_PROXY_URL">,
  options: ApiOptions = {},
): TelegramChannelApi | null {
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  let client: Promise<TelegramChannelApi> | undefined;
  const load = () =>
    (client ??= import("./telegram-client.js").then(({ createTelegramChannelApi }) => createTelegramChannelApi(config, options)!));
  const api = {} as Record<(typeof METHODS)[number], (...args: never[]) => Promise<unknown>>;
  for (const method of METHODS)
    api[method] = async (...args: never[]) => {
      const loaded = (await load()) as unknown as Record<string, (...args: never[]) => Promise<unknown>>;
      return loaded[method]!(...args);
    };
  return api as unknown as TelegramChannelApi;
}
