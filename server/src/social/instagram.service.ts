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
import { captionModel, instagramCaption, productPageUrl } from "./caption.js";
import { InstagramGraphError, type InstagramGraphApi } from "./instagram-graph.js";
import { InstagramAccount, InstagramPost } from "./instagram.entity.js";
import { absoluteUrl, productImageSources, socialJpeg } from "./social-image.js";
import { InstagramAccountNotConnectedError, InstagramRejectedError, InstagramUnavailableError } from "./social.errors.js";
import { accountName, saveInstagramConnection } from "./instagram-connection.js";
import { instagramToken } from "./instagram-token.js";
import { recordAudit } from "../audit/audit.service.js";
import { connectInstagramSchema, type ConnectInstagramInput } from "./social.schemas.js";
import { canManageStore } from "./telegram-channel.service.js";

/**
 * Instagram: a store's professional account, and publishing its new products
 * through the content publishing flow (container, then publish).
 *
 * Unlike a Telegram send, every step here can be checked afterwards, so a
 * retry never publishes twice: the intent (`creating`) is saved before the
 * container is made, the container id as soon as Graph returns it, and
 * `publishing` before media_publish. A run that finds `publishing` asks the
 * container: PUBLISHED means the earlier publish went through; FINISHED
 * means it did not and it is safe to publish. A container made but not
 * saved (a crash in between) is never published and expires by itself
 * within 24 hours. Instagram allows no caption edits or deletion through
 * this flow, so a post is made once and then left alone.
 */

/**
 * Saves (or replaces) the store's Instagram account after Graph confirms the id and token belong together: the
 * API's pasted token (Instagram API with Facebook Login, INSTAGRAM_GRAPH_URL). The back office connects through
 * Instagram Login instead (instagram-login.service.ts).
 */
export async function connectInstagramAccount(
  ctx: ServiceContext,
  deps: { graph: InstagramGraphApi; config: Pick<Config, "PAYMENT_SECRET_KEY"> },
  storeId: string,
  input: ConnectInstagramInput,
): Promise<InstagramAccount> {
  const { graph } = deps;
  await canManageStore(ctx, storeId);
  const data = connectInstagramSchema.parse(input);
  let account: { id: string; username?: string };
  try {
    account = await graph.account(data.igUserId, data.accessToken);
  } catch (error) {
    if (error instanceof InstagramGraphError && error.transient) throw new InstagramUnavailableError();
    if (error instanceof InstagramGraphError && error.accountLost) {
      throw new InstagramRejectedError(
        "accessToken",
        "توکن دسترسی معتبر نیست، منقضی شده یا اجازهٔ انتشار ندارد؛ توکن تازه‌ای با دسترسی انتشار محتوا بسازید.",
      );
    }
    if (error instanceof InstagramGraphError)
      throw new InstagramRejectedError(
        "igUserId",
        "حساب اینستاگرامی با این شناسه پیدا نشد یا این توکن به آن دسترسی ندارد؛ شناسهٔ حساب حرفه‌ای (IG User ID) را بررسی کنید.",
      );
    throw error;
  }
  // A pasted token's age and expiry are not known: the worker never refreshes it, Graph says when it stops working.
  return saveInstagramConnection(ctx, deps.config, storeId, {
    igUserId: data.igUserId,
    username: account.username ?? null,
    token: data.accessToken,
    connectedVia: "token",
    tokenIssuedAt: null,
    tokenExpiresAt: null,
  });
}

/** Disconnects the store's account: nothing more is published; published posts stay. */
export async function disconnectInstagramAccount(ctx: ServiceContext, storeId: string): Promise<void> {
  await canManageStore(ctx, storeId);
  const existing = await ctx.manager.findOneBy(InstagramAccount, { storeId });
  if (!existing) throw new InstagramAccountNotConnectedError();
  await ctx.manager.delete(InstagramAccount, { id: existing.id, storeId });
  await recordAudit(ctx, {
    storeId,
    action: "instagram.disconnected",
    entityType: "store",
    entityId: storeId,
    before: { instagramAccount: accountName(existing), instagramConnectedVia: existing.connectedVia },
    after: null,
  });
}

export async function getInstagramAccount(ctx: ServiceContext, storeId: string): Promise<InstagramAccount> {
  await canManageStore(ctx, storeId);
  const account = await ctx.manager.getRepository(InstagramAccount).findOneBy({ storeId });
  if (!account) throw new InstagramAccountNotConnectedError();
  return account;
}

export interface InstagramPublishDeps {
  dataSource: DataSource;
  /** Graph for accounts connected with a pasted token (INSTAGRAM_GRAPH_URL). */
  graph: InstagramGraphApi;
  /** Graph on Instagram Login's host (INSTAGRAM_API_URL), for accounts connected through Instagram Login. */
  loginGraph: InstagramGraphApi;
  storage: MediaStorage;
  config: Pick<Config, "PUBLIC_URL" | "PLATFORM_DOMAIN" | "PAYMENT_SECRET_KEY">;
  logger: Logger;
  /** How often, and how many times, a container still processing is asked again before the job is handed back for later. */
  pollIntervalMs?: number;
  pollAttempts?: number;
}

export type PublishOutcome =
  | "published"
  | "already-published"
  | "failed"
  | "no-account"
  | "account-broken"
  | "store-suspended"
  | "not-active"
  | "no-image"
  | "not-published-before-connect";

/** The container is still being processed by Instagram; ask again in `waitMs`. */
export class ContainerPendingError extends Error {
  constructor(readonly waitMs: number) {
    super(`instagram container still processing; again in ${waitMs} ms`);
    this.name = "ContainerPendingError";
  }
}

/** Publishes a new product to the store's Instagram account, once (see the module comment). */
export async function publishProductToInstagram(deps: InstagramPublishDeps, storeId: string, productId: string): Promise<PublishOutcome> {
  return withAdvisoryLock(deps.dataSource, `instagram-publish:${productId}`, () => publishLocked(deps, storeId, productId));
}

async function publishLocked(deps: InstagramPublishDeps, storeId: string, productId: string): Promise<PublishOutcome> {
  const ctx = systemContext(deps.dataSource.manager, "instagram-publish");
  const account = await ctx.manager.findOneBy(InstagramAccount, { storeId });
  if (!account) return "no-account";
  if (account.status !== "active") return "account-broken";
  // A token past its expiry is refused by Graph anyway: the account waits for the merchant to connect it again.
  if (account.tokenExpiresAt && account.tokenExpiresAt.getTime() <= Date.now()) {
    await pauseInstagramAccount(ctx, account, INSTAGRAM_TOKEN_EXPIRED);
    deps.logger.warn({ storeId }, "instagram: the account's token has expired; publishing paused until it is reconnected");
    return "account-broken";
  }
  const graph = account.connectedVia === "instagram_login" ? deps.loginGraph : deps.graph;
  const accessToken = instagramToken(deps.config, account);
  const posts = ctx.manager.getRepository(InstagramPost);
  const key = { storeId, productId, igUserId: account.igUserId };
  let post = await posts.findOneBy(key);
  if (post?.state === "published") return "already-published";
  if (post?.state === "failed") return "failed";

  try {
    // A publish that may have gone through is settled before anything else.
    if (post?.state === "publishing" && post.containerId) {
      const { status } = await graph.containerStatus(post.containerId, accessToken);
      if (status === "PUBLISHED") {
        await posts.update({ id: post.id }, { state: "published", publishedAt: new Date(), lastError: null });
        return "published";
      }
      if (status !== "FINISHED") post = await restart(ctx, post);
    }

    if (!post || post.state === "creating") {
      const store = await ctx.manager.findOneBy(Store, { id: storeId });
      if (!store || store.status !== "active") return "store-suspended";
      const product = await getProduct(ctx, storeId, productId).catch((error: unknown) => {
        if (error instanceof ProductNotFoundError) return null;
        throw error;
      });
      if (!product?.isActive) return "not-active";
      if (!post && product.createdAt < account.connectedAt) return "not-published-before-connect";
      const imageUrl = await imageUrlOf(ctx, deps, product);
      if (!imageUrl) return "no-image";
      const caption = instagramCaption(
        captionModel(
          await productDetail(ctx, product, { activeInstancesOnly: true }),
          productPageUrl(storeOrigin(deps.config, store), product.slug),
        ),
      );
      await posts.upsert(
        { ...key, state: "creating", containerId: null, captionHash: caption.hash, lastError: null },
        { conflictPaths: ["storeId", "productId", "igUserId"] },
      );
      const containerId = await graph.createContainer(account.igUserId, accessToken, { imageUrl, caption: caption.text });
      await posts.update(key, { state: "container", containerId });
      post = await posts.findOneByOrFail(key);
    }

    if (post.state === "container") {
      const { status, detail } = await waitForContainer(deps, graph, post.containerId!, accessToken);
      // ERROR is Instagram refusing the image itself (format, size, aspect ratio): a new container would fail alike.
      if (status === "ERROR") throw new InstagramGraphError("container", 400, null, null, `container ERROR${detail ? `: ${detail}` : ""}`);
      if (status === "EXPIRED") {
        await restart(ctx, post);
        throw new InstagramGraphError("container", 0, null, null, "container expired; a new one is made on the next try");
      }
      await posts.update({ id: post.id }, { state: "publishing" });
    }

    const mediaId = await graph.publish(account.igUserId, accessToken, post.containerId!);
    await posts.update({ id: post.id }, { state: "published", mediaId, publishedAt: new Date(), lastError: null });
    return "published";
  } catch (error) {
    if (!(error instanceof InstagramGraphError) || error.transient) throw error;
    if (error.accountLost) {
      await pauseInstagramAccount(ctx, account, INSTAGRAM_ACCESS_LOST);
      deps.logger.warn(
        { storeId, err: error.message },
        "instagram: the account's token no longer works; publishing paused until it is reconnected",
      );
      return "account-broken";
    }
    await posts.update(key, { state: "failed", lastError: error.message.slice(0, 500) });
    deps.logger.error({ storeId, productId, err: error.message }, "instagram refused to publish a product; not retried");
    return "failed";
  }
}

/** Why an account is paused, as the merchant reads it. */
export const INSTAGRAM_ACCESS_LOST =
  "اینستاگرام دیگر اجازهٔ انتشار نمی‌دهد (دسترسی لغو شده یا رمز حساب عوض شده است) و انتشار متوقف است؛ «اتصال به اینستاگرام» را بزنید تا دوباره وصل شود.";
export const INSTAGRAM_TOKEN_EXPIRED =
  "اعتبار دسترسی به اینستاگرام تمام شده است و انتشار متوقف است؛ «اتصال به اینستاگرام» را بزنید تا دوباره وصل شود.";

/** Stops publishing for the account until the merchant connects it again (the publish job skips a broken account). */
export async function pauseInstagramAccount(ctx: ServiceContext, account: InstagramAccount, reason: string): Promise<void> {
  await ctx.manager.update(InstagramAccount, { id: account.id, storeId: account.storeId }, { status: "broken", lastError: reason });
}

/** Forgets a container that can no longer be published: the next step makes a new one. */
async function restart(ctx: ServiceContext, post: InstagramPost): Promise<InstagramPost> {
  await ctx.manager.update(InstagramPost, { id: post.id }, { state: "creating", containerId: null });
  return { ...post, state: "creating", containerId: null };
}

/** Polls a container until it is no longer IN_PROGRESS, for a few seconds; then hands the job back for later. */
async function waitForContainer(deps: InstagramPublishDeps, graph: InstagramGraphApi, containerId: string, accessToken: string) {
  const attempts = deps.pollAttempts ?? 5;
  const interval = deps.pollIntervalMs ?? 1000;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const result = await graph.containerStatus(containerId, accessToken);
    if (result.status !== "IN_PROGRESS") return result;
    if (attempt < attempts - 1) await new Promise((resolve) => setTimeout(resolve, interval));
  }
  throw new ContainerPendingError(Math.max(interval * attempts, 10_000));
}

/** A public JPEG URL of the product's first image, for Graph to download. */
async function imageUrlOf(ctx: ServiceContext, deps: InstagramPublishDeps, product: Product): Promise<string | null> {
  for (const source of productImageSources(product)) {
    const jpeg = await socialJpeg(ctx, deps.storage, product.storeId, source.mediaId);
    if (jpeg) return absoluteUrl(deps.storage, jpeg.key, deps.config.PUBLIC_URL);
  }
  return null;
}
