import type { Registry } from "prom-client";
import { platformMetrics } from "../platform/platform-metrics.js";
import { TelegramApiError, TelegramUnreachableError, type TelegramChannelApi } from "./telegram-api.js";

/** The outcome label of a failed call: flood control, refused by Telegram, or not reached (relay/proxy down). */
function failure(error: unknown): string {
  if (error instanceof TelegramApiError) return error.errorCode === 429 ? "flood_wait" : "refused";
  if (error instanceof TelegramUnreachableError) return "unreachable";
  return "error";
}

/**
 * The channel API with every call counted: mall_telegram_calls_total{method,
 * outcome: ok | refused | flood_wait | unreachable | error}. Wraps the one
 * client the sync jobs and routes share, so bots/ stays as it is.
 */
export function instrumentTelegram(api: TelegramChannelApi | null, registry: Registry): TelegramChannelApi | null {
  if (!api) return null;
  const metrics = platformMetrics(registry);
  const wrapped = {} as Record<string, unknown>;
  for (const method of Object.keys(api) as Array<keyof TelegramChannelApi>) {
    const call = api[method] as (...args: unknown[]) => Promise<unknown>;
    wrapped[method] = async (...args: unknown[]) => {
      try {
        const result = await call(...args);
        metrics.telegramCalls.inc({ method, outcome: "ok" });
        return result;
      } catch (error) {
        metrics.telegramCalls.inc({ method, outcome: failure(error) });
        throw error;
      }
    };
  }
  return wrapped as unknown as TelegramChannelApi;
}
