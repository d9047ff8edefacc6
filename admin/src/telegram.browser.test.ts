import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { backOfficeUrl, openBackOffice } from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot } from "@mall/e2e/support/browser.js";
import { TelegramChannel } from "@mall/server/social/telegram-channel.entity.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { startTelegramFake, type FakeChat, type FakeUser } from "@mall/server/test/fakes/telegram-server.js";
import { buildProductImage, connectChannelWithProof, deliverUpdate, type SocialTestPlatform } from "@mall/server/test/social.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer } from "./test/admin-server.js";

/**
 * The store's Telegram channel from the back office, in Debian's Chromium:
 * the merchant of store A asks to connect a channel and gets a code; a
 * channel store B holds is refused in Persian; a wrong or forwarded code
 * connects nothing; the right code posted by the channel's creator (the bot
 * sees the channel post) connects it, and the checklist then reads done.
 * Then the sync state, a caption preview, «ارسال همه محصولات» (an older
 * product reaches the channel through the sync queue) and disconnecting.
 * Store B's page is "not found" to A's merchant.
 * Screenshots: .scratch/telegram-*.png and .reports/screenshots/admin-telegram-*.png.
 */
const telegram = await startTelegramFake();
const test = useAdminServer({
  queues: ["sms", "telegram-sync"],
  env: { TELEGRAM_BOT_TOKEN: telegram.bot.token, TELEGRAM_API_ROOT: telegram.url, SOCIAL_SYNC_DELAY_MS: "0" },
});
const social = {
  get platform() {
    return test.platform;
  },
  telegram,
} as unknown as SocialTestPlatform;
const SCRATCH = resolve(import.meta.dirname, "../../.scratch");
const rights = { can_post_messages: true, can_edit_messages: true, can_delete_messages: true };
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let storeA: Store;
let storeB: Store;
let ownerA: string;
let mine: FakeChat;
let theirs: FakeChat;
let creator: FakeUser;

beforeAll(async () => {
  const { dataSource } = test.platform;
  storeA = await buildStore(dataSource, { name: "کتاب‌فروشی آفتاب" });
  storeB = await buildStore(dataSource, { name: "فروشگاه همسایه" });
  [{ phone: ownerA }] = await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [storeA.ownerId]);
  // A product from before the channel: only «ارسال همه محصولات» posts it.
  const book = await buildProduct(dataSource, storeA.id, { nameFa: "دیوان حافظ", basePrice: 4_500_000, stock: 3 });
  await buildProductImage(test.platform, storeA.id, book.id);
  creator = telegram.addUser({ firstName: "صاحب کانال" });
  mine = telegram.addChannel({ username: "aftab_books", title: "کانال کتاب آفتاب", admins: { [telegram.bot.id]: rights } });
  telegram.setMember(mine.id, creator.id, "creator");
  theirs = telegram.addChannel({ username: "neighbour_shop", title: "کانال همسایه", admins: { [telegram.bot.id]: rights } });
  await connectChannelWithProof(social, storeB.id, theirs);

  browser = await launchBrowser();
  const session = await signInToAdmin(test.server, test.platform, ownerA);
  ({ page, consoleErrors } = await openBackOffice(browser, { session: { url: test.server.url, cookie: session.cookie } }));
  mkdirSync(SCRATCH, { recursive: true });
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === "fail" && page)
    await screenshot(page, `admin-telegram-failed-${task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
});
afterAll(async () => {
  await browser?.close();
  await telegram.close();
});

const WAIT = { timeout: 30_000 };
const url = (path: string) => backOfficeUrl(test.server.url, path);
const bodyText = () => page.locator("body").innerText();
async function shot(name: string) {
  await screenshot(page, `admin-telegram-${name}`);
  await page.screenshot({ path: resolve(SCRATCH, `telegram-${name}.png`), fullPage: true });
}
async function askCode(channel: string) {
  await page.fill("#telegram-channel", channel);
  await page.click('[data-testid="telegram-claim-submit"]');
}
const codeShown = async () => (await page.locator('[data-testid="telegram-code"]').innerText()).trim();
const connectedRow = () => test.platform.dataSource.getRepository(TelegramChannel).findOneBy({ storeId: storeA.id });

describe("the store's Telegram channel in the back office", () => {
  it("opens from the setup checklist, refuses a channel another store holds, and connects nothing without the right code posted by hand", async () => {
    await page.goto(url(""));
    const item = page.locator('[data-testid="setup-checklist"] li[data-key="telegram"]');
    expect(await item.getAttribute("data-done")).toBe("no");
    await item.locator("a").click();
    await page.waitForURL(new RegExp(`/admin/resources/stores/records/${storeA.id}/telegram$`));
    await page.locator("#telegram-channel").waitFor();

    await askCode("@neighbour_shop");
    await expect.poll(bodyText, WAIT).toContain("این کانال به فروشگاه دیگری در مال وصل است و هر کانال فقط به یک فروشگاه وصل می‌شود.");
    await shot("taken");
    expect(await page.locator('[data-testid="telegram-code"]').count()).toBe(0);

    await askCode("https://t.me/aftab_books");
    await page.locator('[data-testid="telegram-code"]').waitFor();
    const code = await codeShown();
    expect(code).toMatch(/^MALL-[2-9A-Z]{8}$/);
    const steps = await page.locator('[data-testid="telegram-claim"]').innerText();
    expect(steps).toContain("@mall_test_bot");
    expect(steps).toContain("به‌تنهایی");
    await shot("code");

    // A wrong code, then the right one forwarded from another channel: the page says why, nothing is connected.
    await deliverUpdate(test.platform, telegram.postInChannel(mine, creator.id, "MALL-ABCDEFGH"));
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="telegram-claim-error"]')
            .innerText()
            .catch(() => ""),
        WAIT,
      )
      .toContain("با کد فعلی یکی نیست");
    await deliverUpdate(test.platform, telegram.postInChannel(mine, creator.id, code, { forwardedFrom: theirs }));
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="telegram-claim-error"]')
            .innerText()
            .catch(() => ""),
        WAIT,
      )
      .toContain("هدایت‌شده");
    // The code posted in the other store's channel (whose creator is someone else) proves nothing about ours.
    const [theirCreator] = [...theirs.members].find(([, member]) => member.status === "creator")!;
    await deliverUpdate(test.platform, telegram.postInChannel(theirs, theirCreator, code));
    await shot("refused");
    expect(await connectedRow()).toBeNull();
    expect(await page.locator('[data-testid="telegram-status"]').count()).toBe(0);
    await page.goto(url(""));
    expect(await page.locator('[data-testid="setup-checklist"] li[data-key="telegram"]').getAttribute("data-done")).toBe("no");
  }, 120_000);

  it("connects once the channel's creator posts the code, then shows the state, a caption preview, posts everything and disconnects", async () => {
    await page.goto(url(`/resources/stores/records/${storeA.id}/telegram`));
    await page.locator('[data-testid="telegram-code"]').waitFor();
    const code = await codeShown();
    await deliverUpdate(test.platform, telegram.postInChannel(mine, creator.id, code));
    // The page looks every few seconds and turns to the connected state by itself.
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="telegram-state"]')
            .innerText()
            .catch(() => ""),
        WAIT,
      )
      .toBe("وصل است");
    expect(await connectedRow()).toMatchObject({ chatId: String(mine.id), status: "active" });
    expect(await page.locator('[data-testid="telegram-last-post"]').innerText()).toBe("هنوز پستی منتشر نشده است");
    await shot("connected");

    await page.selectOption("#telegram-product", { label: "دیوان حافظ" });
    await page.click('[data-testid="telegram-preview-submit"]');
    const preview = page.locator('[data-testid="telegram-preview"]');
    await preview.waitFor();
    const caption = await preview.innerText();
    expect(caption).toContain("دیوان حافظ");
    expect(caption).toContain("۴۵۰٬۰۰۰ تومان");
    expect(caption).toContain("مشاهده و خرید در فروشگاه");
    await shot("preview");

    await page.click('[data-testid="telegram-post-all"]');
    await page.locator('[data-testid="telegram-post-all-confirm"] button', { hasText: "بله، همه را بفرست" }).click();
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="telegram-done"]')
            .innerText()
            .catch(() => ""),
        WAIT,
      )
      .toContain("۱ محصول در صف ارسال");
    // The older product reaches the channel through the sync queue.
    await expect
      .poll(() => telegram.chatMessages(mine.id).filter((message) => message.fromId === telegram.bot.id && message.photo).length, WAIT)
      .toBe(1);
    expect(telegram.chatMessages(mine.id).find((message) => message.photo)!.caption).toContain("دیوان حافظ");
    await page.reload();
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="telegram-last-post"]')
            .innerText()
            .catch(() => ""),
        WAIT,
      )
      .toContain("دیوان حافظ");
    await shot("posted");

    await page.goto(url(""));
    expect(await page.locator('[data-testid="setup-checklist"] li[data-key="telegram"]').getAttribute("data-done")).toBe("yes");

    await page.goto(url(`/resources/stores/records/${storeA.id}/telegram`));
    await page.click('[data-testid="telegram-disconnect"]');
    await page.locator('[data-testid="telegram-disconnect-confirm"] button', { hasText: "بله، جدا کن" }).click();
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="telegram-done"]')
            .innerText()
            .catch(() => ""),
        WAIT,
      )
      .toContain("کانال از فروشگاه جدا شد");
    expect(await connectedRow()).toBeNull();
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it("keeps another store's page from this merchant: not found, and its channel stays where it is", async () => {
    await page.goto(url(`/resources/stores/records/${storeB.id}/telegram`));
    await expect.poll(bodyText, WAIT).toContain("این مورد پیدا نشد");
    expect(await page.locator("#telegram-channel").count()).toBe(0);
    expect(await test.platform.dataSource.getRepository(TelegramChannel).findOneBy({ storeId: storeB.id })).toMatchObject({
      chatId: String(theirs.id),
      status: "active",
    });
  }, 60_000);
});
