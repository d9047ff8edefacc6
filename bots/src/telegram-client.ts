import type { Agent } from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import type { Config } from "@mall/server/config/config.js";
import {
  TelegramApiError,
  TelegramUnreachableError,
  type TelegramChannelApi,
  type TelegramChat,
  type TelegramChatMember,
  type TelegramMessage,
  type TelegramPhoto,
  type TelegramUser,
} from "@mall/server/social/telegram-api.js";
import { Api, GrammyError, HttpError, InputFile, type ApiClientOptions, type Transformer } from "grammy";
import { HttpsProxyAgent } from "https-proxy-agent";
import { SocksProxyAgent } from "socks-proxy-agent";

/**
 * The one place a grammY client is configured: the API root (Telegram, or a
 * relay in front of it), an optional HTTP(S)/SOCKS5 proxy, and flood control
 * (auto-retry waits out `retry_after` and Telegram's 5xx answers).
 */

type TelegramConfig = Pick<Config, "TELEGRAM_BOT_TOKEN" | "TELEGRAM_API_ROOT" | "TELEGRAM_PROXY_URL">;

/** The agent that sends Bot API calls through TELEGRAM_PROXY_URL, if one is set. */
export function proxyAgent(proxyUrl: string | undefined): Agent | undefined {
  if (!proxyUrl) return undefined;
  return /^socks/i.test(proxyUrl) ? new SocksProxyAgent(proxyUrl) : new HttpsProxyAgent(proxyUrl);
}

/** grammY client options from configuration: the API root without a trailing slash, and the proxy. */
export function clientOptions(config: TelegramConfig, options: { timeoutSeconds?: number } = {}): ApiClientOptions {
  const agent = proxyAgent(config.TELEGRAM_PROXY_URL);
  return {
    apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
    timeoutSeconds: options.timeoutSeconds ?? 60,
    ...(agent ? { baseFetchConfig: { agent, compress: true } } : {}),
  };
}

export interface ApiOptions {
  timeoutSeconds?: number;
  /** A `retry_after` up to this many seconds is waited out in place; a longer one fails the call (the job waits instead). */
  maxRetryAfterSeconds?: number;
  /** Told about every 429, so that other replicas can hold off the same chat. */
  onFloodWait?: (chatId: string, seconds: number) => void;
}

/**
 * Installs flood control on a client: an observer reporting each 429, then
 * auto-retry around it. Network errors are not retried here: a send whose
 * outcome is unknown must go back to the caller, which knows whether a
 * second try could post twice.
 */
export function installFloodControl(api: Api, options: ApiOptions = {}): void {
  const observe: Transformer = async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const seconds = !result.ok ? result.parameters?.retry_after : undefined;
    if (seconds !== undefined && payload && typeof payload === "object" && "chat_id" in payload) {
      options.onFloodWait?.(String((payload as { chat_id: unknown }).chat_id), seconds);
    }
    return result;
  };
  api.config.use(observe, autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: options.maxRetryAfterSeconds ?? 30, rethrowHttpErrors: true }));
}

/** A grammY API client for the platform bot, or null when no token is configured. */
export function createGrammyApi(config: TelegramConfig, options: ApiOptions = {}): Api | null {
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  const api = new Api(config.TELEGRAM_BOT_TOKEN, clientOptions(config, options));
  installFloodControl(api, options);
  return api;
}

/** Connection errors that prove the request never left: nothing can have been posted. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL"]);

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown; error?: unknown }).error ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** grammY's errors as the domain's: Telegram's refusals, and unreachability with whether the request may have gone out. */
export function toDomainError(method: string, error: unknown): unknown {
  if (error instanceof GrammyError) return new TelegramApiError(method, error.error_code, error.description, error.parameters.retry_after);
  if (error instanceof HttpError) {
    const code = errorCode(error.error);
    return new TelegramUnreachableError(
      method,
      `${error.message}${code ? ` (${code})` : ""}`,
      code && NOT_SENT.has(code) ? "no" : "unknown",
    );
  }
  return error;
}

function inputOf(photo: TelegramPhoto): InputFile | string {
  if ("upload" in photo) return new InputFile(photo.upload, photo.filename);
  return "url" in photo ? photo.url : photo.fileId;
}

async function call<T>(method: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDomainError(method, error);
  }
}

/** The domain's TelegramChannelApi over a grammY client; captions go in HTML parse mode. */
export function channelApi(api: Api): TelegramChannelApi {
  return {
    getMe: () => call("getMe", async () => (await api.getMe()) as TelegramUser),
    getChat: (chatId) => call("getChat", async () => (await api.getChat(chatId)) as TelegramChat),
    getChatMember: (chatId, userId) => call("getChatMember", async () => (await api.getChatMember(chatId, userId)) as TelegramChatMember),
    sendPhoto: (chatId, photo, caption) =>
      call("sendPhoto", async () => (await api.sendPhoto(chatId, inputOf(photo), { caption, parse_mode: "HTML" })) as TelegramMessage),
    sendMediaGroup: (chatId, photos, caption) =>
      call("sendMediaGroup", async () => {
        const media = photos.map((photo, index) => ({
          type: "photo" as const,
          media: inputOf(photo),
          ...(index === 0 ? { caption, parse_mode: "HTML" as const } : {}),
        }));
        return (await api.sendMediaGroup(chatId, media)) as TelegramMessage[];
      }),
    editMessageCaption: (chatId, messageId, caption) =>
      call("editMessageCaption", async () => {
        await api.editMessageCaption(chatId, messageId, { caption, parse_mode: "HTML" });
      }),
    deleteMessage: (chatId, messageId) =>
      call("deleteMessage", async () => {
        await api.deleteMessage(chatId, messageId);
      }),
  };
}

/** The channel API of the configured bot, or null when no token is configured. */
export function createTelegramChannelApi(config: TelegramConfig, options: ApiOptions = {}): TelegramChannelApi | null {
  const api = createGrammyApi(config, options);
  return api ? channelApi(api) : null;
}
