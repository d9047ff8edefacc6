import type { ServiceContext } from "../core/context.js";
import type { Queues } from "../jobs/queues.js";
import { recordAudit } from "../audit/audit.service.js";
import { Store } from "../tenancy/store.entity.js";
import { TelegramChannelNotConnectedError, TelegramChannelPausedError } from "./social.errors.js";
import { TelegramChannelClaim } from "./telegram-channel-claim.entity.js";
import { TelegramChannel } from "./telegram-channel.entity.js";
import { canManageStore } from "./telegram-channel.service.js";

/**
 * What the merchant sees of their channel's sync: connected or paused (and
 * why), the pending code, the last post, the posts' counts and the latest
 * errors. Read from the channel, the claim and the product → post mapping.
 */
export interface TelegramChannelState {
  channel: TelegramChannel | null;
  claim: TelegramChannelClaim | null;
  /** Null while the sync runs; otherwise why it does not, in Persian. */
  pausedBecause: string | null;
  posted: number;
  waiting: number;
  failed: number;
  lastPost: { productId: string; name: string; at: Date } | null;
  errors: Array<{ productId: string; name: string; error: string; at: Date }>;
}

export async function telegramChannelState(ctx: ServiceContext, storeId: string): Promise<TelegramChannelState> {
  await canManageStore(ctx, storeId);
  const [channel, claim, store] = await Promise.all([
    ctx.manager.findOneBy(TelegramChannel, { storeId }),
    ctx.manager.findOneBy(TelegramChannelClaim, { storeId }),
    ctx.manager.findOneByOrFail(Store, { id: storeId }),
  ]);
  const empty = { posted: 0, waiting: 0, failed: 0, lastPost: null, errors: [] };
  if (!channel) return { channel: null, claim, pausedBecause: null, ...empty };
  let pausedBecause: string | null = null;
  if (!channel.provenAt) pausedBecause = "مالکیت این کانال هنوز تأیید نشده است؛ کد تأیید بگیرید و آن را در کانال منتشر کنید.";
  else if (channel.status !== "active")
    pausedBecause = channel.lastError ?? "ربات دیگر نمی‌تواند در این کانال پست بگذارد؛ کانال را دوباره وصل کنید.";
  else if (store.status !== "active") pausedBecause = "فروشگاه تعلیق شده است؛ پست‌ها تا بازگشت فروشگاه همان‌طور می‌مانند.";
  const [counts]: Array<{ posted: number; waiting: number; failed: number }> = await ctx.manager.query(
    `SELECT count(*) FILTER (WHERE state IN ('posted', 'marked'))::int AS posted,
            count(*) FILTER (WHERE state IN ('sending', 'unsent') AND last_error IS NULL)::int AS waiting,
            count(*) FILTER (WHERE last_error IS NOT NULL)::int AS failed
       FROM telegram_posts WHERE store_id = $1 AND chat_id = $2`,
    [storeId, channel.chatId],
  );
  const named = (rows: Array<{ product_id: string; name: string | null }>) =>
    rows.map((row) => ({ productId: row.product_id, name: row.name ?? "محصول حذف‌شده" }));
  const last: Array<{ product_id: string; name: string | null; at: Date }> = await ctx.manager.query(
    `SELECT t.product_id, coalesce(nullif(p.name_fa, ''), p.name) AS name, t.posted_at AS at
       FROM telegram_posts t LEFT JOIN products p ON p.store_id = t.store_id AND p.id = t.product_id
      WHERE t.store_id = $1 AND t.chat_id = $2 AND t.posted_at IS NOT NULL ORDER BY t.posted_at DESC LIMIT 1`,
    [storeId, channel.chatId],
  );
  const errors: Array<{ product_id: string; name: string | null; error: string; at: Date }> = await ctx.manager.query(
    `SELECT t.product_id, coalesce(nullif(p.name_fa, ''), p.name) AS name, t.last_error AS error, t.updated_at AS at
       FROM telegram_posts t LEFT JOIN products p ON p.store_id = t.store_id AND p.id = t.product_id
      WHERE t.store_id = $1 AND t.chat_id = $2 AND t.last_error IS NOT NULL ORDER BY t.updated_at DESC LIMIT 5`,
    [storeId, channel.chatId],
  );
  return {
    channel,
    claim,
    pausedBecause,
    ...(counts ?? { posted: 0, waiting: 0, failed: 0 }),
    lastPost: last[0] ? { ...named(last)[0]!, at: new Date(last[0].at) } : null,
    errors: errors.map((row, index) => ({ ...named(errors)[index]!, error: row.error, at: new Date(row.at) })),
  };
}

/**
 * «ارسال همه محصولات»: every active product of the store goes to its
 * channel now, older ones included, through the sync queue (its pace and
 * retries; a product already posted is edited or left alone, never posted
 * twice). Returns how many products were queued. Only a proven, working
 * channel of an active store.
 */
export async function postAllProducts(ctx: ServiceContext, queues: Queues, storeId: string): Promise<number> {
  await canManageStore(ctx, storeId);
  const channel = await ctx.manager.findOneBy(TelegramChannel, { storeId });
  if (!channel) throw new TelegramChannelNotConnectedError();
  const store = await ctx.manager.findOneByOrFail(Store, { id: storeId });
  if (!channel.provenAt || channel.status !== "active" || store.status !== "active") throw new TelegramChannelPausedError();
  const [{ count } = { count: 0 }]: Array<{ count: number }> = await ctx.manager.query(
    `SELECT count(*)::int AS count FROM products WHERE store_id = $1 AND is_active`,
    [storeId],
  );
  await ctx.manager.update(TelegramChannel, { id: channel.id, storeId }, { postAllAt: new Date() });
  await recordAudit(ctx, {
    storeId,
    action: "telegram.post_all",
    entityType: "store",
    entityId: storeId,
    before: null,
    after: { telegramChannel: channel.chatId, products: count },
  });
  await queues.get("telegram-sync").add("post-all", { storeId });
  return count;
}
