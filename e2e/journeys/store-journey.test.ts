import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cliEnv, runJson } from "@mall/cli/src/test/run-cli.js";
import { startKavenegarFake, type KavenegarFake } from "@mall/server/test/fakes/kavenegar-server.js";
import { startTelegramFake, type FakeChat, type TelegramFake } from "@mall/server/test/fakes/telegram-server.js";
import { ZarinpalServer } from "@mall/server/test/fakes/zarinpal-server.js";
import { clearRateLimits } from "@mall/server/test/sign-in.js";
import { TEST_BUNDLE_DIR } from "@mall/server/test/admin-bundle-dir.js";
import { launchBrowser, screenshot, SCREENSHOT_DIR, watchConsole } from "../support/browser.js";
import { startPlatform, type RunningPlatform } from "../support/platform.js";
import { kavenegarInbox, signInOnSite } from "../support/store-site.js";
import { toPersianDigits } from "@mall/locale";

/**
 * The whole platform, once through, in Debian's Chromium: staff create a
 * store with the `mall` CLI; its owner signs into the back office with the
 * code the (fake) Kavenegar delivered, connects a Telegram channel, builds a
 * catalog with categorizers and an image; the worker rebuilds the site; a
 * shopper opens a facet page, picks a model, signs in by SMS, enters an
 * address and pays one order through the sandbox and another through
 * ZarinPal's (local) StartPay; both show paid on the order page and in the
 * back office; the merchant ships one, the shopper is texted; the channel's
 * post is edited after a price change.
 *
 * No UI yet, so through the API: connecting the Telegram channel (the
 * merchant's own API call with a token from SMS sign-in).
 * Every page: dir="rtl", prices in Persian digits, no console errors;
 * screenshots in .reports/screenshots/journey-*.png.
 */
let kavenegar: KavenegarFake;
let inbox: ReturnType<typeof kavenegarInbox>;
let telegram: TelegramFake;
let zarinpal: ZarinpalServer;
let mall: RunningPlatform;
let browser: Browser;
let channel: FakeChat;

const OWNER = "+989127770011";
const SHOPPER = "+989351234567";
const national = (phone: string) => `0${phone.slice(3)}`;

beforeAll(async () => {
  // This run's pictures only: an earlier run's steps may have been numbered differently.
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const file of readdirSync(SCREENSHOT_DIR, { withFileTypes: true }).filter((entry) => entry.name.startsWith("journey-")))
    rmSync(join(SCREENSHOT_DIR, file.name));
  [kavenegar, telegram, zarinpal] = await Promise.all([
    startKavenegarFake({ apiKey: "journey-key" }),
    startTelegramFake(),
    new ZarinpalServer().start(),
  ]);
  inbox = kavenegarInbox(kavenegar);
  channel = telegram.addChannel({
    username: "ketab_journey",
    title: "کانال کتاب‌فروشی",
    admins: { [telegram.bot.id]: { can_post_messages: true, can_edit_messages: true, can_delete_messages: true } },
  });
  mall = await startPlatform({
    SMS_PROVIDER: "kavenegar",
    KAVENEGAR_API_KEY: kavenegar.apiKey,
    KAVENEGAR_BASE_URL: kavenegar.url,
    TELEGRAM_BOT_TOKEN: telegram.bot.token,
    TELEGRAM_API_ROOT: telegram.url,
    SOCIAL_SYNC_DELAY_MS: "0",
    ZARINPAL_BASE_URL: zarinpal.url,
    // The same components bundle the back-office tests build (and reuse across runs).
    ADMIN_JS_TMP_DIR: TEST_BUNDLE_DIR,
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await mall?.stop();
  await Promise.all([kavenegar?.close(), telegram?.close(), zarinpal?.close()]);
});

/** expect.poll with room for a loaded machine (its default gives up after one second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

let consoleErrors: string[] = [];
let step = 0;

/** The checks every page gets, then its screenshot. */
async function checkPage(page: Page, name: string): Promise<void> {
  step++;
  expect(await page.evaluate("document.documentElement.getAttribute('dir') || getComputedStyle(document.body).direction")).toBe("rtl");
  const text = await page.locator("body").innerText();
  // Any price on the page is in Persian digits with Persian grouping.
  expect(text).not.toMatch(/[0-9][0-9,]*\s*تومان/);
  expect(consoleErrors, `console errors on ${name} (failed: ${failedResponses.join(", ")})`).toEqual([]);
  await screenshot(page, `journey-${String(step).padStart(2, "0")}-${name}`);
}

/** Addresses that answered 4xx/5xx, to name what a "Failed to load resource" console error was about. */
const failedResponses: string[] = [];

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  consoleErrors = watchConsole(page);
  page.on("response", (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
  });
  return page;
}

// Each step needs the one before it: after a failure, the rest are skipped (and the page that failed is kept).
let current: Page | undefined;
let failed = false;
beforeEach(({ skip }) => {
  if (failed) skip();
});
afterEach(async ({ task }) => {
  if (task.result?.state !== "fail") return;
  failed = true;
  // AdminJS scrolls inside its pane: a tall window shows the whole form.
  await current?.setViewportSize({ width: 1366, height: 2400 }).catch(() => {});
  if (current) await screenshot(current, `journey-failed-${task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
});

/** A page of a store's site as the server serves it (by Host). */
function sitePage(host: string, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port: mall.port, path, headers: { host } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    })
      .on("error", reject)
      .end();
  });
}

// What the steps pass on.
let storeId = "";
let slug = "";
let admin: Page;
let productId = "";
let productSlug = "";
let categorySlug = "";
const orderIds: string[] = [];

/** Picks an option of an AdminJS select (react-select) by typing part of its label. */
async function pick(path: string, text: string): Promise<void> {
  await admin.locator(`[data-testid="property-edit-${path}"] input`).first().fill(text);
  await admin.locator(`[data-testid="property-edit-${path}"] [class*="option"]`, { hasText: text }).first().click();
}

async function saveForm(): Promise<void> {
  await admin.locator("form button[type=submit]").first().click();
  await expect.poll(async () => admin.locator("body").innerText(), { timeout: 20_000 }).toMatch(/ذخیره شد|ساخته شد/);
}

async function query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
  return mall.platform.dataSource.query(sql, parameters);
}

// Steps take seconds on an idle machine; a shared CI machine may be several times slower.
describe("a store from the CLI to a shipped, paid order and its channel post", { timeout: 180_000 }, () => {
  it("staff create the store with the mall CLI", async () => {
    const env = cliEnv(mall.config, { PLATFORM_DOMAIN: mall.config.PLATFORM_DOMAIN });
    await runJson(["tenant", "create", "--name", "کتاب‌فروشی سفر", "--slug", "safar"], env);
    const store = await runJson<{ id: string; slug: string; host: string }>(
      [
        "store",
        "create",
        "--tenant",
        "safar",
        "--name",
        "کتاب‌فروشی سفر",
        "--slug",
        "safar",
        "--owner-phone",
        toPersianDigits(national(OWNER)),
      ],
      env,
    );
    expect(store.host).toBe("safar.mall.localhost");
    storeId = store.id;
    slug = store.slug;
  });

  it("the owner signs into the back office with the code Kavenegar delivered", async () => {
    const context = await browser.newContext({ locale: "fa-IR", timezoneId: "Asia/Tehran", viewport: { width: 1366, height: 900 } });
    admin = current = await newPage(context);
    // The first back-office page waits for its components bundle when this machine has none built yet.
    await admin.goto(`${mall.url}/admin`, { timeout: 180_000 });
    await admin.waitForURL(/\/admin\/login$/);
    await admin.fill("input[name=phone]", toPersianDigits(national(OWNER)));
    const code = inbox.mark(OWNER);
    await admin.click("button[type=submit]");
    await admin.waitForSelector("input[name=code]");
    await checkPage(admin, "admin-login");
    await admin.fill("input[name=code]", await code());
    await admin.click("button[type=submit]");
    // AdminJS may draw the dashboard twice: read it until it holds the store.
    await poll(() => admin.locator(".mall-dashboard").innerText()).toContain("کتاب‌فروشی سفر");
    await checkPage(admin, "admin-dashboard");
  });

  it("turns on ZarinPal in the back office: the merchant code as a password field, only its hint shown back", async () => {
    await admin.goto(`${mall.url}/admin/resources/paymentGateways/actions/new`);
    await pick("gateway", "زرین‌پال");
    const secret = admin.locator('input[name="credentials.merchantId"]');
    await secret.waitFor();
    expect(await secret.getAttribute("type")).toBe("password");
    await secret.fill("1344b5d4-0048-11e8-94db-005056a205be");
    await admin.locator("form button[type=submit]").first().click();
    await poll(async () => admin.locator("body").innerText()).toMatch(/\*\*\*\*05be/);
    await checkPage(admin, "admin-gateways");
  });

  it("connects the store's Telegram channel (no back-office page yet: the API, signed in by SMS)", async () => {
    // The back-office sign-in just spent this phone's one code a minute.
    await clearRateLimits(mall.platform);
    const otp = inbox.mark(OWNER);
    const api = (method: string, path: string, body?: unknown, token?: string) =>
      fetch(`${mall.url}/api/v1${path}`, {
        method,
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await api("POST", "/auth/send-otp", { phone: national(OWNER) })).status).toBe(202);
    const signedIn = await api("POST", "/auth/verify-otp", { phone: national(OWNER), code: await otp() });
    const { accessToken } = (await signedIn.json()) as { accessToken: string };
    // Proof that the merchant runs the channel: a one-time code, posted there by its creator; the running bot sees the channel post.
    const claimed = await api("POST", `/stores/${storeId}/telegram/claim`, { channel: `@${channel.username}` }, accessToken);
    expect(claimed.status, await claimed.clone().text()).toBe(201);
    const { code } = (await claimed.json()) as { code: string };
    const creator = telegram.addUser({ firstName: "صاحب کانال" });
    telegram.setMember(channel.id, creator.id, "creator");
    telegram.postInChannel(channel, creator.id, code);
    await expect
      .poll(async () => (await api("GET", `/stores/${storeId}/telegram`, undefined, accessToken)).status, { timeout: 30_000 })
      .toBe(200);
  });

  it("builds a catalog: a category with colour and size categorizers, a product, its models and an image", async () => {
    await admin.goto(`${mall.url}/admin/resources/categories/actions/new`);
    await admin.fill('input[name="nameFa"]', "تی‌شرت");
    await admin.fill('input[name="name"]', "T-shirts");
    // A categorizer category: its categorizers' values get facet pages (/c/t-shirts/blue/).
    await admin.locator('[data-testid="property-edit-isCategorizer"] label, label[for="isCategorizer"]').first().click();
    await saveForm();
    const attributes = [
      {
        nameFa: "رنگ",
        name: "color",
        type: "رنگ",
        values: [
          ["red", "قرمز", "#d32f2f"],
          ["blue", "آبی", "#1565c0"],
        ],
      },
      {
        nameFa: "اندازه",
        name: "size",
        type: "اندازه",
        values: [
          ["m", "M"],
          ["l", "L"],
        ],
      },
    ];
    for (const attribute of attributes) {
      await admin.goto(`${mall.url}/admin/resources/attributes/actions/new`);
      await pick("categoryId", "تی‌شرت");
      await admin.fill('input[name="nameFa"]', attribute.nameFa);
      await admin.fill('input[name="name"]', attribute.name);
      await pick("type", attribute.type);
      await admin.locator('[data-testid="property-edit-isCategorizer"] label, label[for="isCategorizer"]').first().click();
      for (const [index, [value, valueFa, hex]] of attribute.values.entries()) {
        await admin.click('[data-testid="values-add"]');
        await admin.fill(`input[name="values.${index}.value"]`, value!);
        await admin.fill(`input[name="values.${index}.valueFa"]`, valueFa!);
        if (hex) await admin.fill(`input[name="values.${index}.hex"]`, hex);
      }
      if (attribute.name === "color") await checkPage(admin, "admin-categorizer");
      await saveForm();
    }

    await admin.goto(`${mall.url}/admin/resources/products/actions/new`);
    await pick("categoryId", "تی‌شرت");
    await admin.fill('input[name="nameFa"]', "تی‌شرت سفر");
    await admin.fill('input[name="name"]', "Safar T-shirt");
    await admin.fill('input[name="basePrice"]', "۴۵۰٬۰۰۰");
    await admin.locator(".ProseMirror").first().click();
    await admin.keyboard.type("پارچهٔ نخی، چاپ نقشهٔ ایران.");
    await saveForm();
    const [product] = await query<{ id: string; slug: string }>(`SELECT id, slug FROM products WHERE store_id = $1`, [storeId]);
    productId = product!.id;
    productSlug = product!.slug;
    const [category] = await query<{ slug: string }>(`SELECT slug FROM categories WHERE store_id = $1`, [storeId]);
    categorySlug = category!.slug;

    await admin.goto(`${mall.url}/admin/resources/products/records/${productId}/generateInstances`);
    for (const label of ["قرمز", "آبی", "M", "L"]) await admin.locator(".mall-option", { hasText: label }).first().click();
    await admin.fill('input[name="stock"]', "۱۰");
    await poll(async () => admin.locator(".mall-summary").innerText()).toContain("۴ مدل");
    await checkPage(admin, "admin-models");
    await admin.locator(".mall-generate button[type=submit]").click();
    await poll(async () => admin.locator("body").innerText()).toMatch(/۴ مدل تازه ساخته شد/);

    const { photo } = await import("@mall/server/test/media-fixtures.js");
    await admin.goto(`${mall.url}/admin/resources/products/records/${productId}/images`);
    await admin.setInputFiles("input[name=file]", { name: "safar.jpg", mimeType: "image/jpeg", buffer: await photo(1200, 900) });
    await expect
      .poll(
        async () =>
          (await query<{ status: string }>(`SELECT status FROM media WHERE product_id = $1`, [productId])).map((row) => row.status),
        { timeout: 30_000 },
      )
      .toEqual(["ready"]);
    await admin.locator(".mall-tile img").first().waitFor();
    await checkPage(admin, "admin-images");

    await admin.goto(`${mall.url}/admin/resources/shippingMethods/actions/new`);
    await pick("kind", "پست پیشتاز");
    await admin.fill('input[name="price"]', "۴۵٬۰۰۰");
    await saveForm();
  });

  it("the worker rebuilds the site; the channel has the product's post", async () => {
    // The build after the image: the product page shows it, and its facet page exists.
    await expect
      .poll(
        async () => {
          const product = await sitePage(`${slug}.mall.localhost`, `/p/${encodeURIComponent(productSlug)}/`);
          const facet = await sitePage(`${slug}.mall.localhost`, `/c/${encodeURIComponent(categorySlug)}/blue/`);
          const builds = await query<{ status: string; error: string | null }>(
            `SELECT status, error FROM site_builds WHERE store_id = $1 ORDER BY created_at`,
            [storeId],
          );
          return `product ${product.status}, image ${/<img[^>]+\/media\/public\//.test(product.text)}, facet ${facet.status} (builds: ${builds.map((b) => b.status + (b.error ? `: ${b.error.slice(0, 300)}` : "")).join("; ")})`;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toMatch(/^product 200, image true, facet 200/);
    await expect.poll(() => telegram.chatMessages(channel.id).length, { timeout: 20_000 }).toBe(1);
    expect(telegram.chatMessages(channel.id)[0]!.caption).toContain("۴۵۰٬۰۰۰ تومان");
  });

  let shopper: Page;
  it("a shopper opens a facet page, picks a model and adds it to the cart", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    shopper = current = await newPage(context);
    await shopper.goto(`${mall.storeOrigin(slug)}/c/${categorySlug}/blue/`);
    expect(await shopper.getAttribute("html", "dir")).toBe("rtl");
    await expect(shopper.locator("h1").textContent()).resolves.toContain("آبی");
    await checkPage(shopper, "site-facet");
    await shopper.click(`a[href="/p/${productSlug}/"] >> nth=0`);
    await shopper.waitForSelector('[data-live="yes"]');
    await shopper.click('button[aria-label="آبی"]');
    await shopper.click('button[aria-label="L"]');
    await poll(() => shopper.textContent('[data-testid="live-price"]')).toBe("۴۵۰٬۰۰۰ تومان");
    await checkPage(shopper, "site-product");
    await shopper.click("text=افزودن به سبد خرید");
    await poll(() => shopper.textContent('[data-testid="cart-count"]')).toBe("۱");
  });

  it("signs in by SMS code, enters an address and pays through the sandbox", async () => {
    await shopper.goto(`${mall.storeOrigin(slug)}/cart/`);
    await shopper.waitForSelector('[data-checked="yes"]');
    await checkPage(shopper, "site-cart");
    await shopper.click("text=ادامهٔ خرید و پرداخت");
    await signInOnSite(shopper, {
      phone: SHOPPER,
      inbox,
      beforeSignIn: (signingIn) => checkPage(signingIn, "site-sign-in"),
    });
    await shopper.waitForSelector('[data-testid="signed-in"]');

    await shopper.waitForSelector('[data-testid="address-form"]');
    await shopper.fill('input[name="receiverName"]', "سارا رضایی");
    await shopper.fill('input[name="mobile"]', national(SHOPPER));
    await shopper.selectOption('select[name="provinceId"]', { label: "تهران" });
    await shopper.selectOption('select[name="cityId"]', { label: "تهران" });
    await shopper.fill('input[name="line"]', "خیابان انقلاب، کوچهٔ بهار، پلاک ۷");
    await shopper.fill('input[name="postalCode"]', "۱۴۱۱۷۱۳۱۳۵");
    await shopper.click("text=ذخیرهٔ نشانی");
    await shopper.waitForSelector('[data-testid="shipping-options"]');
    await shopper.click('[data-testid="shipping-options"] label:has-text("پیشتاز")');
    await shopper.click('[data-testid="gateways"] input[value="sandbox"]');
    await poll(() => shopper.textContent('[data-testid="checkout-total"]')).toBe("۴۹۵٬۰۰۰ تومان");
    await checkPage(shopper, "site-checkout");
    await shopper.click('button:text-is("ثبت سفارش و پرداخت")');

    await shopper.waitForURL(/\/api\/v1\/sandbox-gateway\//);
    expect(await shopper.textContent('[data-testid="sandbox-amount"]')).toBe("۴۹۵٬۰۰۰ تومان");
    await checkPage(shopper, "sandbox-gateway");
    await shopper.click('[data-testid="sandbox-pay"]');
    await shopper.waitForURL(/\/order\/\?id=.*&payment=/);
    await shopper.waitForSelector('[data-testid="payment-result"]:has-text("پرداخت موفق")');
    await poll(() => shopper.textContent('[data-testid="order-state"]')).toBe("پرداخت‌شده");
    orderIds.push(new URL(shopper.url()).searchParams.get("id")!);
    await checkPage(shopper, "site-paid-sandbox");
  });

  it("orders again and pays through ZarinPal's StartPay", async () => {
    await shopper.goto(`${mall.storeOrigin(slug)}/p/${productSlug}/`);
    await shopper.waitForSelector('[data-live="yes"]');
    await shopper.click('button[aria-label="قرمز"]');
    await shopper.click('button[aria-label="M"]');
    await shopper.click("text=افزودن به سبد خرید");
    await shopper.goto(`${mall.storeOrigin(slug)}/cart/`);
    await shopper.waitForSelector('[data-checked="yes"]');
    await shopper.click("text=ادامهٔ خرید و پرداخت");
    await shopper.waitForSelector('[data-testid="shipping-options"]');
    await shopper.click('[data-testid="shipping-options"] label:has-text("پیشتاز")');
    await shopper.click('[data-testid="gateways"] input[value="zarinpal"]');
    await shopper.click('button:text-is("ثبت سفارش و پرداخت")');
    await shopper.waitForURL((url) => url.href.startsWith(`${zarinpal.url}/pg/StartPay/`));
    expect(await shopper.textContent('[data-testid="zarinpal-amount"]')).toBe("4950000");
    await checkPage(shopper, "zarinpal-startpay");
    await shopper.click('[data-testid="zarinpal-pay"]');
    await shopper.waitForURL(/\/order\/\?id=.*&payment=/);
    await shopper.waitForSelector('[data-testid="payment-result"]:has-text("پرداخت موفق")');
    await poll(() => shopper.textContent('[data-testid="order-state"]')).toBe("پرداخت‌شده");
    orderIds.push(new URL(shopper.url()).searchParams.get("id")!);
    await checkPage(shopper, "site-paid-zarinpal");
    expect(zarinpal.requests.filter((request) => request.path === "/pg/v4/payment/verify.json")).toHaveLength(1);
  });

  it("the back office lists both orders paid; the merchant ships one and the shopper is texted", async () => {
    current = admin;
    await admin.goto(`${mall.url}/admin/resources/orders`);
    await poll(async () => admin.locator("tbody tr", { hasText: "پرداخت‌شده" }).count()).toBe(2);
    await checkPage(admin, "admin-orders");

    await admin.goto(`${mall.url}/admin/resources/orders/records/${orderIds[0]}/show`);
    await admin.locator(".mall-order").waitFor();
    await admin.locator('[data-testid="action-startProcessing"], a[href$="/startProcessing"]').first().click();
    await admin.locator(".mall-transition button[type=submit]").click();
    await poll(async () => admin.locator("body").innerText()).toMatch(/در حال آماده‌سازی/);
    await admin.locator(".mall-order").waitFor();
    await admin.locator('[data-testid="action-ship"], a[href$="/ship"]').first().click();
    await admin.fill("input[name=trackingCode]", "۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱۲");
    const shipped = inbox.markText(SHOPPER, /ارسال شد/);
    await admin.locator(".mall-transition button[type=submit]").click();
    await poll(async () => admin.locator("body").innerText()).toMatch(/وضعیت سفارش «ارسال‌شده» شد/);
    await admin.locator(".mall-tracking").waitFor();
    await checkPage(admin, "admin-shipped");

    const sms = await shipped();
    expect(sms).toContain("«کتاب‌فروشی سفر»");
    expect(sms).toContain("کد رهگیری: 1234567890123456789012");

    await shopper.goto(`${mall.storeOrigin(slug)}/order/?id=${orderIds[0]}`);
    await poll(() => shopper.textContent('[data-testid="order-state"]')).toBe("ارسال‌شده");
    await checkPage(shopper, "site-order-shipped");
  });

  it("a price change in the back office edits the channel's post", async () => {
    const [post] = telegram.chatMessages(channel.id);
    await admin.goto(`${mall.url}/admin/resources/products/records/${productId}/edit`);
    await admin.fill('input[name="basePrice"]', "۳۹۰٬۰۰۰");
    await saveForm();
    await poll(async () => admin.locator("tbody").first().innerText()).toContain("۳۹۰٬۰۰۰ تومان");
    await checkPage(admin, "admin-price-change");
    await expect.poll(() => telegram.message(channel.id, post!.message_id)?.caption ?? "", { timeout: 30_000 }).toContain("۳۹۰٬۰۰۰ تومان");
    expect(telegram.chatMessages(channel.id)).toHaveLength(1);
  });
});
