import { randomBytes, randomUUID } from "node:crypto";
import { createFollowerBot } from "@mall/bots/follower-bot.js";
import { createTelegramChannelApi } from "@mall/bots/telegram-client.js";
import { IsNull, Not } from "typeorm";
import { afterAll, beforeAll } from "vitest";
import type { Config } from "../config/config.js";
import { recordEvent } from "../jobs/events.js";
import { Media } from "../media/media.entity.js";
import { syncProductGallery } from "../media/media.service.js";
import { systemContext } from "../core/context.js";
import { createPlatform, type ProcessPlatform } from "../main/platform.js";
import { startInstagramGraphFake, type InstagramGraphFake } from "./fakes/instagram-graph-server.js";
import { startTelegramFake, type FakeChat, type TelegramFake } from "./fakes/telegram-server.js";
import { TelegramChannel, type RemovedPostAction } from "../social/telegram-channel.entity.js";
import { claimTelegramChannel } from "../social/telegram-channel.service.js";
import { InstagramGraphClient } from "../social/instagram-graph.js";
import { createInstagramLogin, instagramLoginGraphUrl } from "../social/instagram-login.js";
import { completeInstagramLogin, startInstagramLogin, type InstagramLoginDeps } from "../social/instagram-login.service.js";
import { solid } from "./media-fixtures.js";
import { createTestConfig, destroyTestConfig } from "./test-platform.js";

export interface SocialTestPlatform {
  readonly platform: ProcessPlatform;
  readonly config: Config;
  readonly telegram: TelegramFake;
  readonly instagram: InstagramGraphFake;
}

/**
 * A test platform whose configuration points the real clients at the local
 * Telegram and Instagram Graph fakes (TELEGRAM_API_ROOT, INSTAGRAM_GRAPH_URL, Instagram Login),
 * started first so their addresses are known.
 */
export function useSocialTestPlatform(overrides: Record<string, string> = {}, options: { fetchImages?: boolean } = {}): SocialTestPlatform {
  let platform: ProcessPlatform | undefined;
  let config: Config | undefined;
  let telegram: TelegramFake | undefined;
  let instagram: InstagramGraphFake | undefined;
  beforeAll(async () => {
    telegram = await startTelegramFake();
    instagram = await startInstagramGraphFake({ fetchImages: options.fetchImages });
    config = await createTestConfig({
      TELEGRAM_BOT_TOKEN: telegram.bot.token,
      TELEGRAM_API_ROOT: telegram.url,
      INSTAGRAM_GRAPH_URL: `${instagram.url}/v21.0`,
      ...instagramLoginEnv(instagram),
      SOCIAL_SYNC_DELAY_MS: "0",
      ...overrides,
    });
    instagram.app.redirectUri = config.INSTAGRAM_REDIRECT_URI;
    platform = await createPlatform(config, "test");
  });
  afterAll(async () => {
    await platform?.close();
    if (config) await destroyTestConfig(config);
    await telegram?.close();
    await instagram?.close();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useSocialTestPlatform: used outside a test");
    return value;
  };
  return {
    get platform() {
      return need(platform);
    },
    get config() {
      return need(config);
    },
    get telegram() {
      return need(telegram);
    },
    get instagram() {
      return need(instagram);
    },
  };
}

/** The configuration that points Instagram Login (app, OAuth host, Graph host) at the local fake. */
export function instagramLoginEnv(instagram: InstagramGraphFake): Record<string, string> {
  return {
    INSTAGRAM_APP_ID: instagram.app.id,
    INSTAGRAM_APP_SECRET: instagram.app.secret,
    INSTAGRAM_OAUTH_URL: instagram.url,
    INSTAGRAM_API_URL: instagram.url,
  };
}

/**
 * A ready product image as the media job leaves one (a WebP variant in
 * storage, the row `ready`, `products.images` synced), without running sharp
 * over an upload.
 */
export async function buildProductImage(
  platform: ProcessPlatform,
  storeId: string,
  productId: string,
  colour = { r: 200, g: 40, b: 90 },
): Promise<Media> {
  const id = randomUUID();
  const contentHash = randomBytes(32).toString("hex");
  const webp = await solid(640, 480, "webp", colour);
  const key = `public/${storeId}/${id}/${contentHash.slice(0, 16)}-640w.webp`;
  await platform.mediaStorage.put(key, webp, "image/webp");
  const [{ next }] = await platform.dataSource.query(
    `SELECT coalesce(max(position) + 1, 0)::int AS next FROM media WHERE store_id = $1 AND product_id = $2`,
    [storeId, productId],
  );
  await platform.dataSource.getRepository(Media).insert({
    id,
    storeId,
    productId,
    kind: "image",
    status: "ready",
    originalKey: `private/${storeId}/${id}/${contentHash.slice(0, 16)}.jpg`,
    contentHash,
    mime: "image/jpeg",
    bytes: webp.length,
    width: 640,
    height: 480,
    variants: [{ format: "webp", width: 640, height: 480, key, bytes: webp.length }],
    posterKey: null,
    videoKey: null,
    position: next,
    failure: null,
  });
  await platform.dataSource.transaction(async (manager) => {
    await syncProductGallery(systemContext(manager, "test"), platform.mediaStorage, storeId, productId);
    // What the media job records once an upload's variants are ready.
    await recordEvent(manager, { storeId, type: "product.changed", entityId: productId, payload: { change: "media", mediaId: id } });
  });
  return platform.dataSource.getRepository(Media).findOneByOrFail({ id });
}

type Bot = ReturnType<typeof createFollowerBot>;
type Update = Parameters<Bot["handleUpdate"]>[0];
const bots = new WeakMap<ProcessPlatform, Promise<Bot>>();

/** The platform's bot as the bot process runs it, to hand it updates the fake made. */
export function testBot(platform: ProcessPlatform): Promise<Bot> {
  let bot = bots.get(platform);
  if (!bot) {
    const created = createFollowerBot(platform);
    bot = created.init().then(() => created);
    bots.set(platform, bot);
  }
  return bot;
}

/** Hands the bot an update (as getUpdates or the webhook would). */
export async function deliverUpdate(platform: ProcessPlatform, update: Record<string, unknown> | null): Promise<void> {
  if (!update) throw new Error("the bot is not in the channel: no update to deliver");
  await (await testBot(platform)).handleUpdate(update as unknown as Update);
}

/**
 * Connects a store's channel as a merchant does: a code is asked for, the
 * channel's creator posts it there, and the bot handles the channel post.
 * The channel gets a creator (a person) when it has none.
 */
export async function connectChannelWithProof(
  test: SocialTestPlatform,
  storeId: string,
  chat: FakeChat,
  options: { onRemoved?: RemovedPostAction } = {},
): Promise<TelegramChannel> {
  const { platform, telegram } = test;
  const telegramApi = createTelegramChannelApi(platform.config)!;
  const claim = await platform.dataSource.transaction((manager) =>
    claimTelegramChannel(systemContext(manager, "test"), telegramApi, storeId, {
      channel: chat.username ? `@${chat.username}` : String(chat.id),
      onRemoved: options.onRemoved ?? "delete",
    }),
  );
  let creator = [...chat.members].find(([, member]) => member.status === "creator")?.[0];
  if (creator === undefined) {
    creator = telegram.addUser({ firstName: "مدیر کانال" }).id;
    telegram.setMember(chat.id, creator, "creator");
  }
  await deliverUpdate(platform, telegram.postInChannel(chat, creator, claim.code));
  return platform.dataSource.getRepository(TelegramChannel).findOneByOrFail({ storeId, provenAt: Not(IsNull()) });
}

/**
 * What a merchant's browser does on Instagram's authorize page (the fake's):
 * opens the URL our server sent it to, presses «Allow» (or «Cancel») and
 * follows the redirect back; returns where Instagram sent it (the redirect
 * URI with `code` and `state`, or with `error`).
 */
export async function answerInstagramAuthorize(
  instagram: InstagramGraphFake,
  authorizeUrl: string,
  decision: "allow" | "cancel" = "allow",
) {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200 || !html.includes('data-testid="instagram-allow"'))
    throw new Error(`the authorize page refused: ${page.status} ${html}`);
  const asked = new URL(authorizeUrl).searchParams;
  const answer = await fetch(`${instagram.url}/oauth/authorize/decision`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      redirect_uri: asked.get("redirect_uri") ?? "",
      state: asked.get("state") ?? "",
      scope: asked.get("scope") ?? "",
      decision,
    }),
    redirect: "manual",
  });
  const location = answer.headers.get("location");
  if (answer.status !== 302 || !location) throw new Error(`the authorize page did not send the browser back: ${answer.status}`);
  return new URL(location);
}

/** Connects a store's account through Instagram Login as its merchant would (the services the back office's routes call). */
export async function connectThroughInstagramLogin(test: SocialTestPlatform, storeId: string, userId: string) {
  const { platform, instagram } = test;
  const deps = instagramLoginDeps(platform);
  const { url } = await startInstagramLogin(
    { manager: platform.dataSource.manager, actor: { kind: "user", userId, isStaff: false }, surface: "admin" },
    deps,
    storeId,
  );
  const back = await answerInstagramAuthorize(instagram, url);
  return completeInstagramLogin(deps, userId, {
    state: back.searchParams.get("state") ?? undefined,
    code: back.searchParams.get("code") ?? undefined,
  });
}

export function instagramLoginDeps(platform: ProcessPlatform): InstagramLoginDeps {
  return {
    dataSource: platform.dataSource,
    redis: platform.redis,
    config: platform.config,
    logger: platform.logger,
    login: createInstagramLogin(platform.config),
    graph: new InstagramGraphClient({ baseUrl: instagramLoginGraphUrl(platform.config) }),
  };
}
