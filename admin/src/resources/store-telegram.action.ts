import type { ServiceContext } from "@mall/server/core/context.js";
import { DomainError } from "@mall/server/core/errors.js";
import { z } from "@mall/server/platform/zod.js";
import { REMOVED_POST_ACTIONS, type RemovedPostAction } from "@mall/server/social/telegram-channel.entity.js";
import {
  claimSteps,
  claimTelegramChannel,
  connectTelegramChannel,
  disconnectTelegramChannel,
  telegramBotUsername,
} from "@mall/server/social/telegram-channel.service.js";
import { postAllProducts, telegramChannelState } from "@mall/server/social/telegram-channel-state.js";
import { productCaption } from "@mall/server/social/telegram-sync.service.js";
import type { ActionHandler, RecordActionResponse } from "adminjs";
import { Components } from "../components.js";
import { recordNotFound } from "../errors.js";
import { text, type Params } from "./params.js";
import type { ResourceDeps } from "./service-resource.js";

/** What the «کانال تلگرام» page shows; dates as ISO strings, formatted in the browser. */
export interface TelegramPage {
  configured: boolean;
  botUsername: string | null;
  channel: {
    chatId: string;
    title: string;
    username: string | null;
    onRemoved: RemovedPostAction;
    connectedAt: string;
    proven: boolean;
  } | null;
  pausedBecause: string | null;
  posted: number;
  waiting: number;
  failed: number;
  lastPost: { name: string; at: string } | null;
  errors: Array<{ name: string; error: string; at: string }>;
  claim: {
    code: string;
    title: string;
    username: string | null;
    expired: boolean;
    expiresAt: string;
    lastError: string | null;
    steps: string[];
  } | null;
  products: Array<{ id: string; name: string }>;
}

interface Answer {
  telegram: TelegramPage;
  preview?: { productId: string; text: string; image: string | null };
  error?: { field: string; message: string };
  done?: string;
}

/**
 * The store's «کانال تلگرام» page (a record action of stores): connect a
 * channel with the proof the service asks for (a one-time code the merchant
 * posts there), the sync's state, a product's caption as it will be posted,
 * «ارسال همه محصولات» and disconnect. Everything goes through the same
 * services as the API (telegram-channel.service.ts), so the same rules hold:
 * the person must manage this store, the channel must be proven, and one
 * channel belongs to one store. The record is read within the person's
 * stores: another store's page is "not found".
 */
export function telegramAction(deps: ResourceDeps) {
  const { platform } = deps;
  const telegram = () => deps.telegram ?? null;

  async function page(ctx: ServiceContext, storeId: string): Promise<TelegramPage> {
    const state = await telegramChannelState(ctx, storeId);
    const botUsername = await telegramBotUsername(telegram());
    const products: Array<{ id: string; name: string }> = await ctx.manager.query(
      `SELECT id, coalesce(nullif(name_fa, ''), name) AS name FROM products WHERE store_id = $1 AND is_active ORDER BY created_at DESC LIMIT 100`,
      [storeId],
    );
    const { channel, claim } = state;
    return {
      configured: telegram() !== null,
      botUsername,
      channel: channel
        ? {
            chatId: channel.chatId,
            title: channel.title,
            username: channel.username,
            onRemoved: channel.onRemoved,
            connectedAt: channel.connectedAt.toISOString(),
            proven: channel.provenAt !== null,
          }
        : null,
      pausedBecause: state.pausedBecause,
      posted: state.posted,
      waiting: state.waiting,
      failed: state.failed,
      lastPost: state.lastPost ? { name: state.lastPost.name, at: state.lastPost.at.toISOString() } : null,
      errors: state.errors.map((entry) => ({ name: entry.name, error: entry.error, at: entry.at.toISOString() })),
      claim: claim
        ? {
            code: claim.code,
            title: claim.title,
            username: claim.username,
            expired: claim.expiresAt.getTime() <= Date.now(),
            expiresAt: claim.expiresAt.toISOString(),
            lastError: claim.lastError,
            steps: claimSteps(claim, botUsername),
          }
        : null,
      products,
    };
  }

  const handler: ActionHandler<RecordActionResponse & Answer> = async (request, _response, context) => {
    const { record, currentAdmin } = context;
    if (!record) throw recordNotFound();
    const access = await deps.access.of(currentAdmin);
    if (!access) throw recordNotFound();
    const storeId = String(record.id());
    const read: ServiceContext = { manager: platform.dataSource.manager, actor: access.actor, surface: "admin" };
    const write = <T>(work: (ctx: ServiceContext) => Promise<T>) =>
      platform.dataSource.transaction((manager) => work({ ...read, manager }));
    const answer = (extra: Partial<Answer> = {}) =>
      page(read, storeId).then((telegram) => ({ record: record.toJSON(currentAdmin), telegram, ...extra }));
    if (request.method !== "post") return answer();

    const payload = (request.payload ?? {}) as Params;
    const onRemoved = (): RemovedPostAction => {
      const value = text(payload, "onRemoved");
      return (REMOVED_POST_ACTIONS as readonly string[]).includes(value ?? "") ? (value as RemovedPostAction) : "delete";
    };
    try {
      switch (text(payload, "op")) {
        case "claim":
          await write((ctx) =>
            claimTelegramChannel(ctx, telegram(), storeId, { channel: text(payload, "channel") ?? "", onRemoved: onRemoved() }),
          );
          return answer({ done: "کد تأیید ساخته شد؛ آن را در کانال منتشر کنید." });
        case "settings": {
          const current = await page(read, storeId);
          if (!current.channel) return answer({ error: { field: "form", message: "کانال تلگرامی به این فروشگاه وصل نیست." } });
          await write((ctx) =>
            connectTelegramChannel(ctx, telegram(), storeId, { channel: current.channel!.chatId, onRemoved: onRemoved() }),
          );
          return answer({ done: "تنظیمات کانال ذخیره شد." });
        }
        case "postAll": {
          const queued = await write((ctx) => postAllProducts(ctx, platform.queues, storeId));
          return answer({
            done: `${queued.toLocaleString("fa-IR")} محصول در صف ارسال به کانال قرار گرفت؛ با آهنگی که تلگرام می‌پذیرد منتشر می‌شوند.`,
          });
        }
        case "disconnect":
          if (text(payload, "confirmed") !== "true") return answer({ error: { field: "form", message: "جدا کردن کانال را تأیید کنید." } });
          await write((ctx) => disconnectTelegramChannel(ctx, storeId));
          return answer({ done: "کانال از فروشگاه جدا شد؛ پست‌های قبلی در کانال می‌مانند." });
        case "preview": {
          const productId = text(payload, "productId") ?? "";
          if (!z.uuid().safeParse(productId).success) return answer({ error: { field: "productId", message: "محصولی را انتخاب کنید." } });
          const caption = await productCaption(read, { telegram: telegram(), config: platform.config }, storeId, productId);
          const [row]: Array<{ image: string | null }> = await read.manager.query(
            `SELECT images->0->>'url' AS image FROM products WHERE store_id = $1 AND id = $2 AND jsonb_typeof(images) = 'array'`,
            [storeId, productId],
          );
          return answer({ preview: { productId, text: caption.text, image: row?.image ?? null } });
        }
        default:
          return answer({ error: { field: "form", message: "درخواست نامعتبر است." } });
      }
    } catch (error) {
      if (error instanceof DomainError) return answer({ error: { field: error.field ?? "form", message: error.message } });
      if (error instanceof z.ZodError)
        return answer({
          error: { field: String(error.issues[0]?.path[0] ?? "form"), message: error.issues[0]?.message ?? "ورودی نامعتبر است." },
        });
      throw error;
    }
  };

  return {
    actionType: "record" as const,
    icon: "Send",
    component: Components.StoreTelegram,
    handler,
  };
}
