import { createTelegramChannelApi } from "@mall/bots/telegram-client.js";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Product } from "../catalog/product.entity.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { updateInstance } from "../catalog/instance.service.js";
import { updateProduct } from "../catalog/product.service.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import type { FakeChat } from "../test/fakes/telegram-server.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "../test/factories.js";
import { buildProductImage, connectChannelWithProof, useSocialTestPlatform } from "../test/social.js";
import { ChannelRateLimiter } from "./channel-rate-limit.js";
import { TelegramChannel } from "./telegram-channel.entity.js";
import { TelegramPost } from "./telegram-post.entity.js";
import { ChannelBusyError, syncProductToChannel, type TelegramSyncDeps } from "./telegram-sync.service.js";

const test = useSocialTestPlatform();
const rights = { can_post_messages: true, can_edit_messages: true, can_delete_messages: true };

interface Shop {
  store: Store;
  chat: FakeChat;
  categoryId: string;
  colorId: string;
  valueIds: { red: string; blue: string };
}

let deps: TelegramSyncDeps;

beforeAll(() => {
  const { platform } = test;
  const limiter = new ChannelRateLimiter(platform.redis, { perMinute: 1000, perSecond: 1000 });
  deps = {
    dataSource: platform.dataSource,
    telegram: createTelegramChannelApi(platform.config, { onFloodWait: (chatId, seconds) => void limiter.block(chatId, seconds) })!,
    limiter,
    storage: platform.mediaStorage,
    config: platform.config,
    logger: platform.logger,
  };
});
beforeEach(() => test.telegram.reset());

/** A store with a connected channel and a category whose products come in red and blue. */
async function shop(options: { onRemoved?: "delete" | "mark"; slug?: string } = {}): Promise<Shop> {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, options.slug ? { slug: options.slug } : {});
  const chat = test.telegram.addChannel({
    username: `ch_${store.slug.replace(/-/g, "_")}`,
    title: "کانال فروشگاه",
    admins: { [test.telegram.bot.id]: rights },
  });
  await connectChannelWithProof(test, store.id, chat, { onRemoved: options.onRemoved ?? "delete" });
  const category = await buildCategory(dataSource, store.id);
  const color = await buildAttribute(dataSource, store.id, category.id, {
    name: "color",
    nameFa: "رنگ",
    type: "color",
    isCategorizer: true,
    values: [
      { value: "red", valueFa: "قرمز", hex: "#ff0000" },
      { value: "blue", valueFa: "آبی", hex: "#0000ff" },
    ],
  });
  const id = (value: string) => color.values.find((entry) => entry.value === value)!.id;
  test.telegram.reset();
  return { store, chat, categoryId: category.id, colorId: color.attribute.id, valueIds: { red: id("red"), blue: id("blue") } };
}

async function shirt(s: Shop, overrides: Record<string, unknown> = {}, images = 1): Promise<Product> {
  const product = await buildProduct(test.platform.dataSource, s.store.id, {
    categoryId: s.categoryId,
    name: "Shirt",
    nameFa: "پیراهن <مردانه> & *نخی*_",
    slug: `shirt-${Math.random().toString(36).slice(2, 8)}`,
    basePrice: 18_500_000,
    stock: 3,
    attributes: [{ attributeId: s.colorId, valueIds: [s.valueIds.red, s.valueIds.blue] }],
    ...overrides,
  });
  for (let i = 0; i < images; i++) await buildProductImage(test.platform, s.store.id, product.id, { r: 20 * i, g: 100, b: 150 });
  return product;
}

const sync = (s: Shop, product: Product) => syncProductToChannel(deps, s.store.id, product.id);
const postOf = (s: Shop, product: Product) =>
  test.platform.dataSource.getRepository(TelegramPost).findOneByOrFail({ storeId: s.store.id, productId: product.id });
const change = <T>(work: (ctx: ReturnType<typeof systemContext>) => Promise<T>) =>
  test.platform.dataSource.transaction((manager) => work(systemContext(manager, "test")));

describe("channel sync", () => {
  it("posts a new active product once, as a JPEG upload with an HTML caption, and the channel shows the exact text and entities", async () => {
    const s = await shop({ slug: "pirhan-sara" });
    const product = await shirt(s, { slug: "linen-shirt" });
    expect(await sync(s, product)).toBe("posted");

    const [request] = test.telegram.calls("sendPhoto");
    expect(request!.contentType).toMatch(/^multipart\/form-data/);
    expect(request!.params.parse_mode).toBe("HTML");
    const attached = String(request!.params.photo).replace("attach://", "");
    expect(request!.files[attached]!.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

    const messages = test.telegram.chatMessages(s.chat.id);
    expect(messages).toHaveLength(1);
    const url = "http://pirhan-sara.mall.localhost:0/p/linen-shirt/";
    const botUrl = `https://t.me/mall_test_bot?start=p_${product.id}`;
    const text = [
      "پیراهن <مردانه> & *نخی*_",
      "",
      "💰 قیمت: ۱٬۸۵۰٬۰۰۰ تومان",
      "✅ مدل‌های موجود:",
      "• آبی",
      "• قرمز",
      "",
      "🛍 مشاهده و خرید در فروشگاه",
      "🤖 انتخاب مدل و موجودی در ربات",
    ].join("\n");
    expect(messages[0]!.caption).toBe(text);
    expect(messages[0]!.caption_entities).toEqual([
      { type: "bold", offset: 0, length: "پیراهن <مردانه> & *نخی*_".length },
      { type: "text_link", offset: text.indexOf("مشاهده"), length: "مشاهده و خرید در فروشگاه".length, url },
      { type: "text_link", offset: text.indexOf("انتخاب مدل"), length: "انتخاب مدل و موجودی در ربات".length, url: botUrl },
    ]);
    expect(request!.params.caption).toBe(
      [
        "<b>پیراهن &lt;مردانه&gt; &amp; *نخی*_</b>",
        "",
        "💰 قیمت: ۱٬۸۵۰٬۰۰۰ تومان",
        "✅ مدل‌های موجود:",
        "• آبی",
        "• قرمز",
        "",
        `🛍 <a href="${url}">مشاهده و خرید در فروشگاه</a>`,
        `🤖 <a href="${botUrl}">انتخاب مدل و موجودی در ربات</a>`,
      ].join("\n"),
    );

    const post = await postOf(s, product);
    expect(post).toMatchObject({ state: "posted", messageIds: [messages[0]!.message_id], uncertainSends: 0 });
    expect(post.photos[0]!.fileId).toMatch(/-1280$/);

    // Nothing changed: nothing is sent.
    test.telegram.reset();
    expect(await sync(s, product)).toBe("unchanged");
    expect(test.telegram.requests).toEqual([]);
  });

  it("sends a long Persian description with <, &, * and _ cut at a word to 1024 characters, and Telegram parses it intact", async () => {
    const s = await shop();
    const words = ["پارچهٔ", "<نخی>", "&", "دوخت*دوبل*", "رنگ_ثابت", "مناسب", "استفادهٔ", "روزانه", "در", "تابستان"];
    const description = Array.from({ length: 400 }, (_, i) => words[i % words.length]).join(" ");
    const product = await shirt(s, { description });
    expect(await sync(s, product)).toBe("posted");
    const [message] = test.telegram.chatMessages(s.chat.id);
    const caption = message!.caption!;
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption.length).toBeGreaterThan(1000);
    const [name, kept] = caption.split("\n\n");
    expect(name).toBe("پیراهن <مردانه> & *نخی*_");
    expect(kept!.endsWith("…")).toBe(true);
    const shown = kept!.slice(0, -1);
    expect(description.startsWith(shown)).toBe(true);
    expect(description.charAt(shown.length)).toBe(" ");
    expect(caption.endsWith("🛍 مشاهده و خرید در فروشگاه\n🤖 انتخاب مدل و موجودی در ربات")).toBe(true);
    expect(message!.caption_entities!.map(({ type, offset, length }) => [type, caption.slice(offset, offset + length)])).toEqual([
      ["bold", "پیراهن <مردانه> & *نخی*_"],
      ["text_link", "مشاهده و خرید در فروشگاه"],
      ["text_link", "انتخاب مدل و موجودی در ربات"],
    ]);
  });

  it("posts up to ten images as an album (sendMediaGroup), the caption on the first", async () => {
    const s = await shop();
    const product = await shirt(s, {}, 12);
    expect(await sync(s, product)).toBe("posted");
    const [request] = test.telegram.calls("sendMediaGroup");
    const media = request!.params.media as Array<{ type: string; media: string; caption?: string }>;
    expect(media).toHaveLength(10);
    expect(media.every((item) => item.type === "photo" && item.media.startsWith("attach://"))).toBe(true);
    expect(media.filter((item) => item.caption !== undefined)).toHaveLength(1);
    expect(Object.keys(request!.files)).toHaveLength(10);

    const messages = test.telegram.chatMessages(s.chat.id);
    expect(messages).toHaveLength(10);
    expect(new Set(messages.map((message) => message.media_group_id)).size).toBe(1);
    expect((await postOf(s, product)).messageIds).toEqual(messages.map((message) => message.message_id));
  });

  it("edits the caption when the price or the stock changes, marks «ناموجود» when nothing is left, and treats «message is not modified» as done", async () => {
    const s = await shop();
    const product = await shirt(s);
    await sync(s, product);
    const [message] = test.telegram.chatMessages(s.chat.id);

    await change((ctx) => updateProduct(ctx, s.store.id, product.id, { basePrice: 21_000_000 }));
    expect(await sync(s, product)).toBe("edited");
    expect(test.telegram.message(s.chat.id, message!.message_id)!.caption).toContain("💰 قیمت: ۲٬۱۰۰٬۰۰۰ تومان");

    const instances = await test.platform.dataSource.getRepository(ProductInstance).findBy({ storeId: s.store.id, productId: product.id });
    await change((ctx) => updateInstance(ctx, s.store.id, instances[0]!.id, { stock: 0 }));
    expect(await sync(s, product)).toBe("edited");
    const oneLeft = test.telegram.message(s.chat.id, message!.message_id)!.caption!;
    expect(oneLeft).toContain("✅ مدل‌های موجود:");
    expect(oneLeft.match(/^• /gm)).toHaveLength(1);

    await change((ctx) => updateInstance(ctx, s.store.id, instances[1]!.id, { stock: 0 }));
    expect(await sync(s, product)).toBe("edited");
    const soldOut = test.telegram.message(s.chat.id, message!.message_id)!;
    expect(soldOut.caption).toContain("❌ ناموجود");
    expect(soldOut.edits).toBe(3);
    expect(test.telegram.chatMessages(s.chat.id)).toHaveLength(1);

    // The mapping thinks the caption differs; Telegram says it is the same: that is success.
    await test.platform.dataSource
      .getRepository(TelegramPost)
      .update({ storeId: s.store.id, productId: product.id }, { captionHash: "stale" });
    test.telegram.reset();
    expect(await sync(s, product)).toBe("edited");
    expect(test.telegram.calls("editMessageCaption")).toHaveLength(1);
    expect((await postOf(s, product)).captionHash).not.toBe("stale");
  });

  it("deletes the posts of a deactivated product (every message of an album) and posts it again when it comes back", async () => {
    const s = await shop({ onRemoved: "delete" });
    const product = await shirt(s, {}, 3);
    await sync(s, product);
    const ids = (await postOf(s, product)).messageIds;
    expect(ids).toHaveLength(3);

    await change((ctx) => updateProduct(ctx, s.store.id, product.id, { isActive: false }));
    expect(await sync(s, product)).toBe("deleted");
    expect(test.telegram.calls("deleteMessage").map((request) => Number(request.params.message_id))).toEqual(ids);
    expect(test.telegram.chatMessages(s.chat.id)).toEqual([]);
    expect(await postOf(s, product)).toMatchObject({ state: "removed", messageIds: [] });
    expect(await sync(s, product)).toBe("unchanged");

    await change((ctx) => updateProduct(ctx, s.store.id, product.id, { isActive: true }));
    test.telegram.reset();
    expect(await sync(s, product)).toBe("posted");
    // The photos Telegram already has are sent by file_id: nothing is uploaded again.
    expect(Object.keys(test.telegram.calls("sendMediaGroup")[0]!.files)).toEqual([]);
    expect(test.telegram.chatMessages(s.chat.id)).toHaveLength(3);
  });

  it("marks the post instead when the store prefers it, and when a post is too old to delete", async () => {
    const s = await shop({ onRemoved: "mark" });
    const product = await shirt(s);
    await sync(s, product);
    await change((ctx) => updateProduct(ctx, s.store.id, product.id, { isActive: false }));
    expect(await sync(s, product)).toBe("marked");
    const [marked] = test.telegram.chatMessages(s.chat.id);
    expect(marked!.caption).toBe("⛔ این محصول دیگر عرضه نمی‌شود.\n\nپیراهن <مردانه> & *نخی*_");
    expect(await sync(s, product)).toBe("unchanged");
    await change((ctx) => updateProduct(ctx, s.store.id, product.id, { isActive: true }));
    expect(await sync(s, product)).toBe("edited");
    expect(test.telegram.chatMessages(s.chat.id)[0]!.caption).toContain("💰 قیمت");

    // A channel that wants deletion, but the bot lost «delete others' messages» and the post is 3 days old.
    const d = await shop({ onRemoved: "delete" });
    const old = await shirt(d);
    await sync(d, old);
    test.telegram.setMember(d.chat.id, test.telegram.bot.id, "administrator", { can_post_messages: true });
    test.telegram.clockOffset = 3 * 24 * 3600;
    try {
      await change((ctx) => updateProduct(ctx, d.store.id, old.id, { isActive: false }));
      expect(await sync(d, old)).toBe("marked");
      expect(test.telegram.chatMessages(d.chat.id)[0]!.caption).toContain("⛔ این محصول دیگر عرضه نمی‌شود.");
    } finally {
      test.telegram.clockOffset = 0;
    }
  });

  it("never posts twice when the same sync runs twice at once or again later", async () => {
    const s = await shop();
    const product = await shirt(s);
    expect((await Promise.all([sync(s, product), sync(s, product), sync(s, product)])).sort()).toEqual([
      "posted",
      "unchanged",
      "unchanged",
    ]);
    expect(await sync(s, product)).toBe("unchanged");
    expect(test.telegram.calls("sendPhoto")).toHaveLength(1);
    expect(test.telegram.chatMessages(s.chat.id)).toHaveLength(1);
  });

  it("records the intent before sending: a send that certainly failed is retried cleanly; one whose outcome is unknown is sent again and counted", async () => {
    const s = await shop();
    const product = await shirt(s);

    // Telegram unreachable (connection refused): nothing went out.
    const refusing = createTelegramChannelApi({ ...test.config, TELEGRAM_API_ROOT: "http://127.0.0.1:9" })!;
    const unreachable = { ...deps, telegram: { ...deps.telegram, sendPhoto: refusing.sendPhoto } };
    await expect(syncProductToChannel(unreachable, s.store.id, product.id)).rejects.toMatchObject({
      name: "TelegramUnreachableError",
      sent: "no",
    });
    expect(await postOf(s, product)).toMatchObject({ state: "unsent", messageIds: [] });
    expect(await sync(s, product)).toBe("posted");
    expect(await postOf(s, product)).toMatchObject({ state: "posted", uncertainSends: 0 });
    expect(test.telegram.chatMessages(s.chat.id)).toHaveLength(1);

    // Telegram posted, then the connection broke before the answer (as a crash between sendPhoto and saving the id would).
    const other = await shirt(s, { nameFa: "پیراهن دوم" });
    test.telegram.failNext(1, { dropAfterEffect: true }, "sendPhoto");
    await expect(sync(s, other)).rejects.toMatchObject({ name: "TelegramUnreachableError", sent: "unknown" });
    expect(await postOf(s, other)).toMatchObject({ state: "sending", messageIds: [] });
    // The chosen trade-off: never lose a post; here that costs one duplicate, counted on the row (and logged).
    expect(await sync(s, other)).toBe("posted");
    expect(await postOf(s, other)).toMatchObject({ state: "posted", uncertainSends: 1 });
    expect(test.telegram.chatMessages(s.chat.id).filter((message) => message.caption?.startsWith("پیراهن دوم"))).toHaveLength(2);
    expect(await sync(s, other)).toBe("unchanged");
  });

  it("honours flood control: waits retry_after and then succeeds; a long wait hands the job back and holds off the channel", async () => {
    const s = await shop();
    const product = await shirt(s);
    test.telegram.failNext(1, { errorCode: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 }, "sendPhoto");
    const started = Date.now();
    expect(await sync(s, product)).toBe("posted");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(test.telegram.calls("sendPhoto")).toHaveLength(2);
    expect(test.telegram.chatMessages(s.chat.id)).toHaveLength(1);

    const later = await shirt(s);
    test.telegram.failNext(1, { errorCode: 429, description: "Too Many Requests: retry after 90", retryAfter: 90 }, "sendPhoto");
    const busy = await sync(s, later).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(ChannelBusyError);
    expect((busy as ChannelBusyError).waitMs).toBe(90_000);
    expect(await postOf(s, later)).toMatchObject({ state: "unsent" });
    // Every replica now waits for the channel.
    expect(await deps.limiter.reserve(s.chat.id.toString(), 1)).toBeGreaterThan(80_000);
  });

  it("pauses the sync when the bot loses the channel, and leaves products alone that are older than the connection, have no image, or whose post was deleted by hand", async () => {
    const s = await shop();
    const product = await shirt(s);
    await sync(s, product);
    test.telegram.deleteByHand(s.chat.id, test.telegram.chatMessages(s.chat.id)[0]!.message_id);
    await change((ctx) => updateProduct(ctx, s.store.id, product.id, { basePrice: 1_000_000 }));
    expect(await sync(s, product)).toBe("gone");
    expect(await sync(s, product)).toBe("gone");
    expect(test.telegram.calls("sendPhoto")).toHaveLength(1);

    const bare = await shirt(s, {}, 0);
    expect(await sync(s, bare)).toBe("no-image");
    await buildProductImage(test.platform, s.store.id, bare.id);
    expect(await sync(s, bare)).toBe("posted");

    const t = await shop();
    const before = await shirt(t);
    await test.platform.dataSource
      .getRepository(TelegramChannel)
      .update({ storeId: t.store.id }, { connectedAt: new Date(Date.now() + 1000) });
    expect(await sync(t, before)).toBe("not-posted-before-connect");

    test.telegram.setMember(s.chat.id, test.telegram.bot.id, "kicked");
    const after = await shirt(s);
    expect(await sync(s, after)).toBe("channel-broken");
    const channel = await test.platform.dataSource.getRepository(TelegramChannel).findOneByOrFail({ storeId: s.store.id });
    expect(channel.status).toBe("broken");
    expect(channel.lastError).toContain("دوباره وصل کنید");
    test.telegram.reset();
    expect(await sync(s, await shirt(s))).toBe("channel-broken");
    expect(test.telegram.requests).toEqual([]);
  });
});
