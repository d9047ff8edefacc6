import { consoleInbox, openBackOffice, pickOption, screenshotWhole, signInThroughForm } from "@mall/e2e/support/back-office.js";
import { launchBrowser, PHONE } from "@mall/e2e/support/browser.js";
import { Product } from "@mall/server/catalog/product.entity.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { systemContext } from "@mall/server/core/context.js";
import { createDiscount } from "@mall/server/discounts/discount.service.js";
import { saveInstagramConnection } from "@mall/server/social/instagram-connection.js";
import { buildCategory, buildProduct, buildStore } from "@mall/server/test/factories.js";
import { startTelegramFake } from "@mall/server/test/fakes/telegram-server.js";
import { connectChannelWithProof, type SocialTestPlatform } from "@mall/server/test/social.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer } from "./test/admin-server.js";

/**
 * The back office's screens on a phone (390 × 844, Chromium) and, for the
 * product form and the social pages, on a laptop (1366 × 900): the product
 * form (new and edit) whose Latin name is optional, a product saved without
 * one in the list and on its page, the number fields in Persian digits (the
 * store's settings, a model's stock, a discount's limits), «اینستاگرام» and
 * «کانال تلگرام» not connected and connected, the store page with the
 * price-comparison addresses and today's SMS budget. On each: nothing
 * scrolls sideways, and no element a person can see reaches past the
 * screen's left or right edge (AdminJS scrolls its own pane, so the page's
 * scroll width alone misses what overflows inside it); only a table's box,
 * which scrolls sideways within the screen by design, may hold wider content.
 * Screenshots (whole page): .reports/screenshots/admin-phone-*.png, admin-desktop-*.png.
 */
const telegram = await startTelegramFake();
const test = useAdminServer({
  queues: ["sms"],
  env: { TELEGRAM_BOT_TOKEN: telegram.bot.token, TELEGRAM_API_ROOT: telegram.url },
});
const social = {
  get platform() {
    return test.platform;
  },
  telegram,
} as unknown as SocialTestPlatform;
let browser: Browser;
let store: Store;
let phone: string;
/** The product the merchant saves on the phone without a Latin name. */
const UNNAMED = "شمع دست‌ساز بدون نام لاتین با عطر گل محمدی و چوب صندل";

beforeAll(async () => {
  browser = await launchBrowser();
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "شمع‌سازی نور" });
  await dataSource.query(`UPDATE stores SET torob_enabled = true, emalls_enabled = true WHERE id = $1`, [store.id]);
  [{ phone }] = await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await telegram.close();
});

/** What a person would call sideways overflow: the page's own scroll, and each visible element's box against the screen's edges. */
async function overflow(page: Page): Promise<{ scroll: number; inner: number; past: string[] }> {
  return (await page.evaluate(`(() => {
    const inner = innerWidth;
    const scrollsSideways = (el) => {
      const style = getComputedStyle(el);
      return /auto|scroll/.test(style.overflowX);
    };
    const within = (rect) => rect.left >= -1 && rect.right <= inner + 1;
    // A box that scrolls sideways within the screen by design: one holding a table.
    const tableBox = (el) => scrollsSideways(el) && el.querySelector("table") !== null && within(el.getBoundingClientRect());
    // A closed drawer (AdminJS's menu on a phone) waits wholly beside the screen, where no one sees it.
    const closedDrawer = (el) => {
      if (!/fixed|absolute/.test(getComputedStyle(el).position)) return false;
      const rect = el.getBoundingClientRect();
      return rect.left >= inner - 1 || rect.right <= 1;
    };
    const past = [];
    for (const el of document.body.querySelectorAll("*")) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) continue;
      if (within(rect)) continue;
      if (closedDrawer(el)) continue;
      let ancestor = el.parentElement;
      let shownElsewhere = false;
      while (ancestor && !shownElsewhere) {
        if (tableBox(ancestor) || closedDrawer(ancestor)) shownElsewhere = true;
        ancestor = ancestor.parentElement;
      }
      if (shownElsewhere) continue;
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).slice(0, 3).join(".") : "");
      past.push(name + " [" + Math.round(rect.left) + ", " + Math.round(rect.right) + "] " + (el.innerText || "").trim().slice(0, 40));
    }
    return { scroll: document.scrollingElement.scrollWidth, inner, past };
  })()`)) as { scroll: number; inner: number; past: string[] };
}

const screens = {
  phone: { viewport: PHONE, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 } },
};
type Size = keyof typeof screens;

/** The merchant on a phone signs in through the form; on the laptop, with a session of their own (a second code so soon would wait). */
async function signIn(size: Size) {
  if (size === "desktop") {
    const session = await signInToAdmin(test.server, test.platform, phone);
    return openBackOffice(browser, { contextOptions: screens[size], session: { url: test.server.url, cookie: session.cookie } });
  }
  const window = await openBackOffice(browser, { contextOptions: screens[size] });
  await signInThroughForm(window.page, test.server.url, { phone, inbox: consoleInbox(test.platform) });
  return window;
}

/** Opens a back-office page, waits for what it shows, keeps a screenshot and checks nothing reaches past the screen's sides. */
async function look(page: Page, size: Size, name: string, path: string, ready: string) {
  if (path) await page.goto(`${test.server.url}/admin${path}`);
  await page.locator(ready).first().waitFor();
  const found = await overflow(page);
  await screenshotWhole(page, `admin-${size}-${name}`);
  expect(found.scroll, `${name} scrolls sideways`).toBeLessThanOrEqual(found.inner);
  expect(found.past, `${name}: elements past the screen's sides`).toEqual([]);
  if (size === "desktop") expect(await titleLines(page), `${name}: the title's lines`).toBe(1);
}

/** The records the phone's test makes, whose pages both tests look at. */
const made: { unnamed?: Product; instance?: ProductInstance; discount?: { id: string } } = {};
const id = (record: { id: string } | undefined) => record!.id;
const noBlanks = async (page: Page) => expect(await bodyText(page)).not.toMatch(/null|undefined|\(\s*\)/);

/** A back-office page looked at: its address, what shows once it has drawn, and what else it must show there (`size`: the screen it is on). */
interface Screen {
  path: () => string;
  ready: string;
  check?: (page: Page, size: Size) => Promise<void>;
}

const PAGES = {
  "product-new": {
    path: () => "/resources/products/actions/new",
    ready: 'input[name="nameFa"]',
    check: async (page) => expect(await bodyText(page)).toContain("نام لاتین (اختیاری)"),
  },
  "product-show-no-latin": {
    path: () => `/resources/products/records/${id(made.unnamed)}/show`,
    ready: '[data-testid="property-show-nameFa"]',
    check: async (page, size) => {
      await noBlanks(page);
      if (size === "phone") expect(await page.locator('[data-testid="property-show-name"]').innerText()).toContain("—");
    },
  },
  "product-edit-no-latin": {
    path: () => `/resources/products/records/${id(made.unnamed)}/edit`,
    ready: 'input[name="nameFa"]',
    check: async (page, size) => {
      if (size === "phone") expect(await page.locator('input[name="name"]').inputValue()).toBe("");
    },
  },
  "product-list": { path: () => "/resources/products", ready: "table", check: noBlanks },
  // Counts in Persian digits: the store's settings, a model's stock, a discount's limits.
  "store-form": {
    path: () => `/resources/stores/records/${store.id}/edit`,
    ready: 'input[name="smsDailyBudget"]',
    check: async (page) => {
      await page.locator('input[name="unpaidReminderMinutes"]').scrollIntoViewIfNeeded();
      expect(await page.locator('input[name="unpaidReminderMinutes"]').inputValue()).toMatch(/^[۰-۹]+$/);
      expect(await page.locator('input[name="smsDailyBudget"]').inputValue()).toMatch(/^[۰-۹]+$/);
    },
  },
  "instance-edit": {
    path: () => `/resources/instances/records/${id(made.instance)}/edit`,
    ready: 'input[name="stock"]',
    check: async (page) => expect(await page.locator('input[name="stock"]').inputValue()).toBe("۷"),
  },
  "discount-edit": {
    path: () => `/resources/discounts/records/${id(made.discount)}/edit`,
    ready: 'input[name="usageLimit"]',
    check: async (page) => {
      expect(await page.locator('input[name="usageLimit"]').inputValue()).toBe("۲۵۰");
      expect(await page.locator('input[name="perCustomerLimit"]').inputValue()).toBe("۲");
    },
  },
  "discount-new": { path: () => "/resources/discounts/actions/new", ready: 'input[name="usageLimit"]' },
  "store-page": { path: () => `/resources/stores/records/${store.id}/show`, ready: '[data-testid="property-show-smsBudgetToday"]' },
  instagram: { path: () => `/resources/stores/records/${store.id}/instagram`, ready: '[data-testid="instagram-not-connected"]' },
  telegram: {
    path: () => `/resources/stores/records/${store.id}/telegram`,
    ready: '[data-testid="telegram-claim-submit"]',
    // The bot's name reads @name, left to right, inside the Persian sentence.
    check: async (page, size) => {
      if (size !== "phone") return;
      expect(await page.locator('[data-testid="telegram-bot"]').innerText()).toBe(`@${telegram.bot.username}`);
      expect(await page.evaluate(`getComputedStyle(document.querySelector('[data-testid="telegram-bot"]')).direction`)).toBe("ltr");
    },
  },
  "instagram-connected": { path: () => `/resources/stores/records/${store.id}/instagram`, ready: '[data-testid="instagram-status"]' },
  "telegram-connected": { path: () => `/resources/stores/records/${store.id}/telegram`, ready: '[data-testid="telegram-status"]' },
} satisfies Record<string, Screen>;

/** Looks at each of the pages in turn on one screen (look()), with what else each must show. */
async function lookAt(page: Page, size: Size, names: Array<keyof typeof PAGES>) {
  for (const name of names) {
    const { path, ready, check }: Screen = PAGES[name];
    await look(page, size, name, path(), ready);
    await check?.(page, size);
  }
}

/** On how many lines the page's title is set. */
async function titleLines(page: Page): Promise<number> {
  return (await page.evaluate(`(() => {
    const title = document.querySelector(".adminjs_ActionHeader h2");
    if (!title) return 1;
    const tops = new Set();
    for (const node of title.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) tops.add(Math.round(rect.top));
    }
    return tops.size;
  })()`)) as number;
}

async function bodyText(page: Page) {
  return page.locator("body").innerText();
}

describe("the back office on a phone and a laptop", { timeout: 300_000 }, () => {
  it("the product form without a Latin name, the product list and page, the number fields, Instagram, Telegram and the store page fit the phone's width", async () => {
    const { dataSource } = test.platform;
    const category = await buildCategory(dataSource, store.id, { nameFa: "شمع" });
    const named = await buildProduct(dataSource, store.id, {
      categoryId: category.id,
      nameFa: "شمع معطر یاس",
      name: "Jasmine candle",
      stock: 7,
    });
    made.instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: store.id, productId: named.id });
    made.discount = await dataSource.transaction((manager) =>
      createDiscount(systemContext(manager, "test"), store.id, {
        title: "تخفیف پاییزهٔ شمع‌های دست‌ساز",
        kind: "percentage",
        value: 15,
        code: "PAEEZ15",
        usageLimit: 250,
        perCustomerLimit: 2,
      }),
    );
    const { page, consoleErrors } = await signIn("phone");

    // A new product, no Latin name: the label says it is optional, and it saves.
    await lookAt(page, "phone", ["product-new"]);
    await pickOption(page, "categoryId", "شمع");
    await page.fill('input[name="nameFa"]', UNNAMED);
    await page.fill('input[name="basePrice"]', "۳۵۰٬۰۰۰");
    await page.locator("form button[type=submit]").first().click();
    await expect
      .poll(() => dataSource.getRepository(Product).findOneBy({ storeId: store.id, nameFa: UNNAMED }), { timeout: 30_000 })
      .not.toBeNull();
    made.unnamed = await dataSource.getRepository(Product).findOneByOrFail({ storeId: store.id, nameFa: UNNAMED });
    expect(made.unnamed.name).toBeNull();

    await lookAt(page, "phone", [
      "product-show-no-latin",
      "product-edit-no-latin",
      "product-list",
      "store-form",
      "instance-edit",
      "discount-edit",
      "discount-new",
      "store-page",
      // The social pages, not connected, then connected.
      "instagram",
      "telegram",
    ]);
    await connectSocial();
    await lookAt(page, "phone", ["instagram-connected", "telegram-connected"]);
    expect(consoleErrors).toEqual([]);
  });

  it("the product form and page without a Latin name and the social pages on a laptop", async () => {
    const { page, consoleErrors } = await signIn("desktop");
    await lookAt(page, "desktop", [
      "product-new",
      "product-edit-no-latin",
      "product-show-no-latin",
      "product-list",
      "instagram-connected",
      "telegram-connected",
    ]);
    await disconnectSocial();
    await lookAt(page, "desktop", ["instagram", "telegram"]);
    expect(consoleErrors).toEqual([]);
  });
});

/** The store's Instagram account (as Instagram Login saves it) and its Telegram channel (proven by the code posted there). */
async function connectSocial() {
  const { dataSource, config } = test.platform;
  await dataSource.transaction((manager) =>
    saveInstagramConnection(systemContext(manager, "test"), config, store.id, {
      igUserId: "17841400000000001",
      username: "shamsazi.noor.handmade.candles",
      token: "IGAAtest-token-of-the-store",
      connectedVia: "instagram_login",
      tokenIssuedAt: new Date(),
      tokenExpiresAt: new Date(Date.now() + 60 * 86_400_000),
    }),
  );
  const channel = telegram.addChannel({
    username: "shamsazi_noor_channel",
    title: "کانال شمع‌سازی نور؛ شمع‌های دست‌ساز معطر",
    admins: { [telegram.bot.id]: { can_post_messages: true, can_edit_messages: true, can_delete_messages: true } },
  });
  await connectChannelWithProof(social, store.id, channel);
}

async function disconnectSocial() {
  const { dataSource } = test.platform;
  await dataSource.query(`DELETE FROM instagram_accounts WHERE store_id = $1`, [store.id]);
  await dataSource.query(`DELETE FROM telegram_channels WHERE store_id = $1`, [store.id]);
}
