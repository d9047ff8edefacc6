import type { Product } from "@mall/server/catalog/product.entity.js";
import { systemContext } from "@mall/server/core/context.js";
import type { FakeMessage, FakeUser } from "@mall/server/test/fakes/telegram-server.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "@mall/server/test/factories.js";
import { useSocialTestPlatform } from "@mall/server/test/social.js";
import { setStoreStatus } from "@mall/server/tenancy/tenancy.service.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import { createFollowerBot } from "./follower-bot.js";
import { runBot } from "./run-bot.js";

const test = useSocialTestPlatform();
let bot: Bot;
let store: Store;
let bag: Product;
let shoe: Product;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "چرم & کفش <تبریز>", slug: "charm-tabriz" });
  const category = await buildCategory(dataSource, store.id);
  const size = await buildAttribute(dataSource, store.id, category.id, {
    name: "size",
    nameFa: "سایز",
    type: "size",
    isCategorizer: true,
    values: ["40", "41", "42"].map((value) => ({ value, valueFa: value })),
  });
  bag = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    name: "Leather bag",
    nameFa: "کیف چرمی دست‌دوز",
    slug: "leather-bag",
    basePrice: 32_000_000,
    stock: 4,
  });
  shoe = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    name: "Sport shoe",
    nameFa: "کفش ورزشی",
    slug: "sport-shoe",
    basePrice: 25_000_000,
    stock: 2,
    attributes: [{ attributeId: size.attribute.id, valueIds: size.values.map((value) => value.id) }],
  });
  // One size sold out.
  await dataSource.query(`UPDATE product_instances SET stock = 0 WHERE product_id = $1 AND sku LIKE '%-40'`, [shoe.id]);
  bot = createFollowerBot(test.platform);
  await bot.init();
});

/** A follower writes to the bot; the bot handles the update as it would from getUpdates or the webhook. */
async function say(user: FakeUser, text: string): Promise<void> {
  await bot.handleUpdate(test.telegram.userSends(user, text) as unknown as Update);
}

async function press(user: FakeUser, message: FakeMessage, data: string): Promise<void> {
  await bot.handleUpdate(test.telegram.userPresses(user, message, data) as unknown as Update);
}

/** What the bot said to a follower, oldest first. */
const replies = (user: FakeUser) => test.telegram.chatMessages(user.id).filter((message) => message.fromId === test.telegram.bot.id);

describe("the follower bot", () => {
  it("opens a product from a channel post's deep link (/start p_<id>) as a card with its buttons", async () => {
    const user = test.telegram.addUser();
    await say(user, `/start p_${bag.id}`);
    const [card] = replies(user);
    expect(card!.text).toBe("کیف چرمی دست‌دوز\n💰 قیمت: ۳٬۲۰۰٬۰۰۰ تومان\n✅ موجود");
    expect(card!.entities).toEqual([{ type: "bold", offset: 0, length: "کیف چرمی دست‌دوز".length }]);
    expect(card!.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "🛍 مشاهده و خرید در سایت", url: "http://charm-tabriz.mall.localhost:0/p/leather-bag/" }],
        [{ text: "📦 موجودی", callback_data: `s:${bag.id}` }],
      ],
    });
  });

  it("searches the store the chat came from, finding products typed with Arabic ي and ك", async () => {
    const user = test.telegram.addUser();
    await say(user, "كيف");
    expect(replies(user).at(-1)!.text).toBe("لطفاً ابتدا از لینک ربات در کانال یا سایت فروشگاه وارد شوید.");

    await say(user, "/start s_charm-tabriz");
    expect(replies(user).at(-1)!.text).toBe(
      "به ربات فروشگاه «چرم & کفش <تبریز>» خوش آمدید 🌸\nنام محصولی را که دنبالش هستید بنویسید تا برایتان پیدا کنم.",
    );

    await say(user, "كيف چرمي");
    const [header, card] = replies(user).slice(-2);
    expect(header!.text).toBe("۱ محصول برای «كيف چرمي» پیدا شد:");
    expect(card!.text).toContain("کیف چرمی دست‌دوز");

    await say(user, "کفش");
    expect(replies(user).at(-1)!.text).toBe("کفش ورزشی\n💰 قیمت: ۲٬۵۰۰٬۰۰۰ تومان\n✅ موجود");

    await say(user, "ساعت <مچی>");
    expect(replies(user).at(-1)!.text).toBe("محصولی با عبارت «ساعت <مچی>» پیدا نشد. لطفاً عبارت دیگری را امتحان کنید.");
  });

  it("shows the models in stock, one of them, and the stock of each, from the card's buttons", async () => {
    const user = test.telegram.addUser();
    await say(user, `/start s_charm-tabriz_sport-shoe`);
    const card = replies(user).at(-1)!;
    const keyboard = (card.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> }).inline_keyboard;
    expect(keyboard[1]!.map((button) => button.callback_data)).toEqual([`v:${shoe.id}`, `s:${shoe.id}`]);

    await press(user, card, `v:${shoe.id}`);
    const choose = replies(user).at(-1)!;
    expect(choose.text).toBe("مدل مورد نظرتان از «کفش ورزشی» را انتخاب کنید:");
    const models = (choose.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard.map(
      (row) => row[0]!,
    );
    expect(models.map((button) => button.text)).toEqual(["41 — ۲٬۵۰۰٬۰۰۰ تومان", "42 — ۲٬۵۰۰٬۰۰۰ تومان"]);
    expect(test.telegram.callbackAnswers().length).toBeGreaterThan(0);

    await press(user, choose, models[0]!.callback_data);
    expect(replies(user).at(-1)!.text).toBe("کفش ورزشی\n🎨 مدل: 41\n💰 قیمت: ۲٬۵۰۰٬۰۰۰ تومان\n📦 موجودی: ۲ عدد");

    await press(user, card, `s:${shoe.id}`);
    expect(replies(user).at(-1)!.text).toBe("📦 موجودی «کفش ورزشی»:\n• 40: ناموجود\n• 41: ۲ عدد\n• 42: ۲ عدد");
  });

  it("says so when a product or store is gone, and answers a stale button with an alert", async () => {
    const user = test.telegram.addUser();
    await say(user, "/start p_00000000-0000-4000-8000-000000000000");
    expect(replies(user).at(-1)!.text).toBe("این محصول پیدا نشد یا دیگر فروخته نمی‌شود.");
    await say(user, "/start");
    expect(replies(user).at(-1)!.text).toContain("از لینک ربات در کانال یا سایت همان فروشگاه وارد شوید");

    const closed = await buildStore(test.platform.dataSource, { slug: "closed-shop" });
    await test.platform.dataSource.transaction((manager) => setStoreStatus(systemContext(manager, "test"), closed.id, "suspended"));
    await say(user, "/start s_closed-shop");
    expect(replies(user).at(-1)!.text).toBe("این فروشگاه در حال حاضر فعال نیست.");

    const card = replies(user).at(-1)!;
    await press(user, card, "s:00000000-0000-4000-8000-000000000000");
    expect(test.telegram.callbackAnswers().at(-1)).toMatchObject({ text: "این گزینه دیگر در دسترس نیست.", show_alert: true });
  });

  it("long-polls getUpdates when no webhook is configured, and idles without a token", async () => {
    const running = runBot(test.platform);
    try {
      const user = test.telegram.addUser();
      await new Promise((resolve) => setTimeout(resolve, 200));
      test.telegram.userSends(user, `/start p_${bag.id}`);
      const deadline = Date.now() + 10_000;
      while (replies(user).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(replies(user)[0]!.text).toContain("کیف چرمی دست‌دوز");
      expect(test.telegram.calls("deleteWebhook").length).toBeGreaterThan(0);
      expect(test.telegram.calls("getUpdates").some((request) => Number(request.params.timeout) > 0)).toBe(true);
    } finally {
      await running.stop();
    }
    const idle = runBot({ ...test.platform, config: { ...test.config, TELEGRAM_BOT_TOKEN: undefined } });
    await idle.stop();
  });
});
