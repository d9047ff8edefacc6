import { withAdvisoryLock } from "../db/advisory-lock.js";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import { ProductNotFoundError } from "../catalog/catalog.errors.js";
import type { Product } from "../catalog/product.entity.js";
import { getProduct, productDetail } from "../catalog/product.service.js";
import type { MediaStorage } from "../media/storage.js";
import { systemContext, type ServiceContext } from "../core/context.js";
import type { Logger } from "../platform/logger.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { Store } from "../tenancy/store.entity.js";
import { reviewSummary } from "../reviews/review.service.js";
import { captionModel, productPageUrl, telegramCaption, type Caption } from "./caption.js";
import { productStartPayload } from "./follower.service.js";
import type { ChannelRateLimiter } from "./channel-rate-limit.js";
import { productImageSources, socialJpeg, sourceKey, type ImageSource } from "./social-image.js";
import {
  TelegramApiError,
  TelegramUnreachableError,
  type TelegramChannelApi,
  type TelegramMessage,
  type TelegramPhoto,
} from "./telegram-api.js";
import { TelegramChannel } from "./telegram-channel.entity.js";
import { TelegramPost, type PostedPhoto } from "./telegram-post.entity.js";

/**
 * Keeps a product's post in its store's channel in step with the product.
 *
 * The sync is by state, not by event: whichever event woke it, it reads the
 * product and the post's mapping row and does what makes them agree (post,
 * edit the caption, mark, delete, or nothing). Runs for one product never
 * overlap (a PostgreSQL advisory lock per product), so two jobs, or a retried
 * one, find the messages the first made and never post twice.
 *
 * A crash between sendPhoto and saving the message ids is the one case the
 * mapping cannot settle: Telegram's Bot API cannot read a channel back. The
 * intent is saved (`sending`) before the request; when Telegram answers with
 * an error, or the connection was never made, nothing was posted and the row
 * becomes `unsent`. When the outcome is unknown (the process died, or the
 * connection broke after the request went out), the next run posts again and
 * counts it in `uncertain_sends`: a post is never lost, at the price of a
 * possible duplicate in that rare case, which is logged for a person to
 * remove. (The other choice, never resending, would silently lose posts on
 * every timeout through a relay.)
 */

export interface TelegramSyncDeps {
  dataSource: DataSource;
  telegram: TelegramChannelApi;
  limiter: ChannelRateLimiter;
  storage: MediaStorage;
  config: Pick<Config, "PUBLIC_URL" | "PLATFORM_DOMAIN">;
  logger: Logger;
}

export type SyncOutcome =
  | "posted"
  | "edited"
  | "marked"
  | "deleted"
  | "unchanged"
  | "no-channel"
  | "channel-broken"
  | "store-suspended"
  | "not-posted-before-connect"
  | "no-image"
  | "never-posted"
  | "gone";

/** The channel cannot take more now; ask again in `waitMs`. */
export class ChannelBusyError extends Error {
  constructor(readonly waitMs: number) {
    super(`channel busy for ${waitMs} ms`);
    this.name = "ChannelBusyError";
  }
}

/** Telegram refused for good (a bug in what we sent, not an outage): retrying will not help. */
export class TelegramRefusedError extends Error {
  constructor(readonly refusal: TelegramApiError) {
    super(refusal.message);
    this.name = "TelegramRefusedError";
  }
}

/** Waits inside the job up to this long for a slot; longer waits go back to the queue as a delay. */
const MAX_INLINE_WAIT_MS = 3000;

/** Brings a product's post in its store's channel in line with the product (see the module comment). */
export async function syncProductToChannel(deps: TelegramSyncDeps, storeId: string, productId: string): Promise<SyncOutcome> {
  return withAdvisoryLock(deps.dataSource, `telegram-sync:${productId}`, () => syncLocked(deps, storeId, productId));
}

async function syncLocked(deps: TelegramSyncDeps, storeId: string, productId: string): Promise<SyncOutcome> {
  const ctx = systemContext(deps.dataSource.manager, "telegram-sync");
  const channel = await ctx.manager.findOneBy(TelegramChannel, { storeId });
  if (!channel) return "no-channel";
  // A channel whose control was never proven is not posted to (issue 24 #3), whatever its status says.
  if (channel.status !== "active" || !channel.provenAt) return "channel-broken";
  const store = await ctx.manager.findOneBy(Store, { id: storeId });
  // A suspension is temporary: the posts stay as they are until the store is back.
  if (!store || store.status !== "active") return "store-suspended";
  const product = await getProduct(ctx, storeId, productId).catch((error: unknown) => {
    if (error instanceof ProductNotFoundError) return null;
    throw error;
  });
  const post = await ctx.manager.findOneBy(TelegramPost, { storeId, productId, chatId: channel.chatId });

  try {
    if (product?.isActive) return await showProduct(deps, ctx, { channel, store, product, post });
    return await removeProduct(deps, ctx, { channel, store, product, post });
  } catch (error) {
    if (error instanceof TelegramApiError && error.channelLost) {
      await breakChannel(deps, channel, error);
      return "channel-broken";
    }
    throw error;
  }
}

interface SyncTarget {
  channel: TelegramChannel;
  store: Store;
  product: Product | null;
  post: TelegramPost | null;
}

/** The bot's username, asked of Telegram once per client (getMe); the captions link to the bot with it. */
const botUsernames = new WeakMap<TelegramChannelApi, Promise<string | undefined>>();

function botUsername(telegram: TelegramChannelApi): Promise<string | undefined> {
  let username = botUsernames.get(telegram);
  if (!username) {
    username = telegram.getMe().then((me) => me.username);
    // A failure is asked again next time, not remembered.
    username.catch(() => botUsernames.delete(telegram));
    botUsernames.set(telegram, username);
  }
  return username;
}

async function captionOf(
  ctx: ServiceContext,
  deps: Pick<TelegramSyncDeps, "telegram" | "config">,
  store: Store,
  product: Product,
  removed = false,
): Promise<Caption> {
  const detail = await productDetail(ctx, product, { activeInstancesOnly: true });
  const username = removed ? undefined : await botUsername(deps.telegram);
  const botUrl = username ? `https://t.me/${username}?start=${productStartPayload(product.id)}` : undefined;
  const rating = removed ? undefined : await reviewSummary(ctx, store.id, product.id);
  return telegramCaption(
    captionModel(detail, productPageUrl(storeOrigin(deps.config, store), product.slug), {
      removed,
      ...(botUrl ? { botUrl } : {}),
      ...(rating ? { rating } : {}),
    }),
  );
}

/**
 * The caption a product's post carries (or would carry) in its store's
 * channel, for the back office's preview; the bot's link is left out when
 * Telegram cannot be asked for the bot's name.
 */
export async function productCaption(
  ctx: ServiceContext,
  deps: { telegram: TelegramChannelApi | null; config: TelegramSyncDeps["config"] },
  storeId: string,
  productId: string,
): Promise<Caption> {
  const store = await ctx.manager.findOneByOrFail(Store, { id: storeId });
  const product = await getProduct(ctx, storeId, productId);
  const detail = await productDetail(ctx, product, { activeInstancesOnly: true });
  const username = deps.telegram ? await botUsername(deps.telegram).catch(() => undefined) : undefined;
  const botUrl = username ? `https://t.me/${username}?start=${productStartPayload(product.id)}` : undefined;
  const rating = await reviewSummary(ctx, storeId, product.id);
  return telegramCaption(
    captionModel(detail, productPageUrl(storeOrigin(deps.config, store), product.slug), { rating, ...(botUrl ? { botUrl } : {}) }),
  );
}

async function showProduct(deps: TelegramSyncDeps, ctx: ServiceContext, target: SyncTarget & { product: Product }): Promise<SyncOutcome> {
  const { channel, product, post } = target;
  const caption = await captionOf(ctx, deps, target.store, product);
  if (!post || post.state === "unsent" || post.state === "sending" || post.state === "removed") {
    // Products older than the connection are not announced: connecting (or a bulk edit) must not flood the channel,
    // unless the merchant asked for everything («ارسال همه محصولات»).
    if (!post && product.createdAt < channel.connectedAt && !channel.postAllAt) return "not-posted-before-connect";
    return postProduct(deps, ctx, target, caption);
  }
  if (post.state === "gone") return "gone";
  if (post.state === "posted" && post.captionHash === caption.hash) return "unchanged";
  const edited = await editCaption(deps, post, caption);
  if (!edited) return "gone";
  await ctx.manager.update(TelegramPost, { id: post.id }, { state: "posted", captionHash: caption.hash, lastError: null });
  return "edited";
}

async function removeProduct(deps: TelegramSyncDeps, ctx: ServiceContext, target: SyncTarget): Promise<SyncOutcome> {
  const { channel, product, post } = target;
  if (!post) return "never-posted";
  if (post.state === "unsent" || post.state === "sending") {
    // Nothing known to be out there; a post that went out unrecorded cannot be found again.
    await ctx.manager.update(TelegramPost, { id: post.id }, { state: "removed", messageIds: [] });
    return "never-posted";
  }
  if (post.state === "removed" || post.state === "gone") return "unchanged";
  // A deleted product has no name left to mark a post with: its post is deleted whatever the store prefers.
  if (channel.onRemoved === "mark" && product) return markRemoved(deps, ctx, post, await captionOf(ctx, deps, target.store, product, true));

  for (const messageId of post.messageIds) {
    await reserve(deps, post.chatId, 1);
    try {
      await deps.telegram.deleteMessage(post.chatId, messageId);
    } catch (error) {
      if (error instanceof TelegramApiError && error.messageMissing) continue;
      // Older than 48 hours and the bot lacks «حذف پیام‌های دیگران»: mark it instead, when there is a product to name.
      if (error instanceof TelegramApiError && error.cannotDelete && product) {
        deps.logger.warn(
          { storeId: post.storeId, productId: post.productId, messageId },
          "telegram: post cannot be deleted; marking it instead",
        );
        return markRemoved(deps, ctx, post, await captionOf(ctx, deps, target.store, product, true));
      }
      throw await refusal(deps, post.chatId, error);
    }
  }
  await ctx.manager.update(TelegramPost, { id: post.id }, { state: "removed", messageIds: [], captionHash: null, lastError: null });
  return "deleted";
}

async function markRemoved(deps: TelegramSyncDeps, ctx: ServiceContext, post: TelegramPost, caption: Caption): Promise<SyncOutcome> {
  if (post.state === "marked" && post.captionHash === caption.hash) return "unchanged";
  if (!(await editCaption(deps, post, caption))) return "gone";
  await ctx.manager.update(TelegramPost, { id: post.id }, { state: "marked", captionHash: caption.hash, lastError: null });
  return "marked";
}

/** Edits the caption (on an album's first message); false when the post was deleted in the channel by hand. */
async function editCaption(deps: TelegramSyncDeps, post: TelegramPost, caption: Caption): Promise<boolean> {
  const first = post.messageIds[0];
  if (first === undefined) return false;
  await reserve(deps, post.chatId, 1);
  try {
    await deps.telegram.editMessageCaption(post.chatId, first, caption.html);
  } catch (error) {
    if (error instanceof TelegramApiError && error.notModified) return true;
    if (error instanceof TelegramApiError && error.messageMissing) {
      deps.logger.info(
        { storeId: post.storeId, productId: post.productId },
        "telegram: post was deleted in the channel; leaving the product alone",
      );
      await deps.dataSource.manager.update(TelegramPost, { id: post.id }, { state: "gone", messageIds: [] });
      return false;
    }
    throw await refusal(deps, post.chatId, error);
  }
  return true;
}

/** The photos to send: reused file_ids when the post had the same images before, else JPEG uploads. */
async function photosFor(
  ctx: ServiceContext,
  deps: TelegramSyncDeps,
  product: Product,
  previous: PostedPhoto[],
): Promise<Array<{ source: ImageSource; photo: TelegramPhoto }>> {
  const known = new Map(previous.filter((photo) => photo.fileId).map((photo) => [photo.source, photo.fileId!]));
  const photos: Array<{ source: ImageSource; photo: TelegramPhoto }> = [];
  for (const source of productImageSources(product)) {
    const fileId = known.get(sourceKey(source));
    if (fileId) photos.push({ source, photo: { fileId } });
    else {
      const jpeg = await socialJpeg(ctx, deps.storage, product.storeId, source.mediaId);
      if (jpeg)
        photos.push({
          source,
          photo: { upload: jpeg.bytes, filename: `${product.slug.replace(/[^a-z0-9-]/gi, "") || "photo"}-${photos.length + 1}.jpg` },
        });
    }
  }
  return photos;
}

async function postProduct(
  deps: TelegramSyncDeps,
  ctx: ServiceContext,
  target: SyncTarget & { product: Product },
  caption: Caption,
): Promise<SyncOutcome> {
  const { channel, product, post } = target;
  const photos = await photosFor(ctx, deps, product, post?.photos ?? []);
  if (photos.length === 0) return "no-image";
  await reserve(deps, channel.chatId, photos.length);

  // The intent, saved before the request (see the module comment).
  const resending = post?.state === "sending";
  if (resending) {
    deps.logger.warn(
      { storeId: product.storeId, productId: product.id, chatId: channel.chatId, since: post.intentAt },
      "telegram: an earlier post of this product may or may not have gone out; posting again (a duplicate may need removing by hand)",
    );
  }
  const posts = ctx.manager.getRepository(TelegramPost);
  await posts.upsert(
    {
      storeId: product.storeId,
      productId: product.id,
      chatId: channel.chatId,
      state: "sending",
      messageIds: [],
      intentAt: new Date(),
      uncertainSends: (post?.uncertainSends ?? 0) + (resending ? 1 : 0),
      lastError: null,
    },
    { conflictPaths: ["storeId", "productId", "chatId"] },
  );

  let messages: TelegramMessage[];
  try {
    messages =
      photos.length === 1
        ? [await deps.telegram.sendPhoto(channel.chatId, photos[0]!.photo, caption.html)]
        : await deps.telegram.sendMediaGroup(
            channel.chatId,
            photos.map((entry) => entry.photo),
            caption.html,
          );
  } catch (error) {
    const certainlyNotSent = error instanceof TelegramApiError || (error instanceof TelegramUnreachableError && error.sent === "no");
    await posts.update(
      { storeId: product.storeId, productId: product.id, chatId: channel.chatId },
      {
        ...(certainlyNotSent ? { state: "unsent" as const } : {}),
        lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      },
    );
    throw await refusal(deps, channel.chatId, error);
  }
  await posts.update(
    { storeId: product.storeId, productId: product.id, chatId: channel.chatId },
    {
      state: "posted",
      messageIds: messages.map((message) => message.message_id),
      photos: photos.map((entry, index) => ({ source: sourceKey(entry.source), fileId: largestFileId(messages[index]) })),
      captionHash: caption.hash,
      postedAt: new Date(),
      lastError: null,
    },
  );
  return "posted";
}

function largestFileId(message: TelegramMessage | undefined): string | null {
  const sizes = message?.photo ?? [];
  return sizes.length > 0 ? [...sizes].sort((a, b) => b.width * b.height - a.width * a.height)[0]!.file_id : null;
}

/**
 * Takes sending slots for the channel: waits a moment when one frees soon,
 * else hands the job back to the queue for later (ChannelBusyError).
 */
async function reserve(deps: TelegramSyncDeps, chatId: string, cost: number): Promise<void> {
  for (;;) {
    const wait = await deps.limiter.reserve(chatId, cost);
    if (wait <= 0) return;
    if (wait > MAX_INLINE_WAIT_MS) throw new ChannelBusyError(wait);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * Sorts a failed call: flood control beyond what the client waited out blocks
 * the channel for every replica and comes back as ChannelBusyError; outages
 * stay as they are (the job retries); anything else Telegram refused is final.
 */
async function refusal(deps: TelegramSyncDeps, chatId: string, error: unknown): Promise<unknown> {
  if (error instanceof TelegramApiError && error.errorCode === 429) {
    const seconds = error.retryAfterSeconds ?? 5;
    await deps.limiter.block(chatId, seconds).catch(() => {});
    return new ChannelBusyError(seconds * 1000);
  }
  if (error instanceof TelegramApiError && !error.transient && !error.channelLost) return new TelegramRefusedError(error);
  return error;
}

async function breakChannel(deps: TelegramSyncDeps, channel: TelegramChannel, error: TelegramApiError): Promise<void> {
  const lastError =
    error.errorCode === 403
      ? "ربات از کانال حذف شده یا دیگر مدیر آن نیست؛ ربات را دوباره مدیر کانال کنید و کانال را دوباره وصل کنید."
      : "ربات دیگر اجازهٔ ارسال در این کانال را ندارد؛ دسترسی‌های ربات را بررسی و کانال را دوباره وصل کنید.";
  await deps.dataSource.manager.update(TelegramChannel, { id: channel.id }, { status: "broken", lastError });
  deps.logger.warn(
    { storeId: channel.storeId, chatId: channel.chatId, err: error.message },
    "telegram: the bot lost the channel; sync paused until it is reconnected",
  );
}
