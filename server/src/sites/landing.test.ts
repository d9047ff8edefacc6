import type { Job } from "bullmq";
import { readlinkSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { launchBrowser, SCREENSHOT_DIR, screenshot, watchConsole } from "../../../e2e/support/browser.js";
import { createApp } from "../main/app.js";
import type { EventJobData } from "../jobs/events.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { setStoreStatus } from "../tenancy/tenancy.service.js";
import { buildProduct, buildStore, randomPhone } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { waitForLastOtp } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildLanding } from "./landing-build.service.js";
import { siteRebuildListener } from "./site-build.job.js";
import { toPersianDigits } from "@mall/locale";

const test = useTestPlatform({ PUBLIC_URL: "https://mall.localhost" });
const HOST = "mall.localhost";
let server: TestServer;
let featured: Store;
let suspended: Store;
let empty: Store;

beforeAll(async () => {
  const { dataSource } = test.platform;
  featured = await buildStore(dataSource, { name: "کتاب‌فروشی نمونه" });
  await dataSource.query(`UPDATE stores SET description = 'کتاب‌های تازه و دست‌دوم، ارسال به سراسر ایران' WHERE id = $1`, [featured.id]);
  const book = await buildProduct(dataSource, featured.id, { nameFa: "دیوان حافظ", slug: "hafez", basePrice: 4_500_000, stock: 3 });
  // A product photo, as the media job leaves it in public storage.
  const photo = await sharp(Buffer.from(BOOK_SVG)).webp().toBuffer();
  for (const key of ["public/landing/hafez-800.webp", "public/landing/hafez-400.webp"])
    await test.platform.mediaStorage.put(key, photo, "image/webp");
  await dataSource.query(`UPDATE products SET images = $2::jsonb, view_count = 40 WHERE id = $1`, [
    book.id,
    JSON.stringify([
      {
        url: "/media/public/landing/hafez-800.webp",
        width: 800,
        height: 500,
        variants: [{ format: "webp", width: 400, url: "/media/public/landing/hafez-400.webp" }],
      },
    ]),
  ]);
  suspended = await buildStore(dataSource, { name: "فروشگاه تعطیل" });
  await buildProduct(dataSource, suspended.id, { nameFa: "کالای پنهان", slug: "hidden", basePrice: 1_000_000, stock: 1 });
  await dataSource.transaction((m) => setStoreStatus(systemContext(m, "test"), suspended.id, "suspended"));
  empty = await buildStore(dataSource, { name: "فروشگاه بی‌کالا" });
  server = await startTestServer(createApp(test.platform));
}, 60_000);
afterAll(() => server?.close());

/** A stack of books on a warm backdrop: enough of a "product photo" for the featured card. */
const BOOK_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500">
  <rect width="800" height="500" fill="#f5e6d3"/><rect y="380" width="800" height="120" fill="#e7d2b8"/>
  <rect x="250" y="330" width="300" height="55" rx="6" fill="#0f766e"/><rect x="270" y="275" width="260" height="55" rx="6" fill="#b45309"/>
  <rect x="235" y="220" width="320" height="55" rx="6" fill="#4338ca"/><rect x="285" y="165" width="230" height="55" rx="6" fill="#be123c"/>
  <rect x="300" y="182" width="200" height="6" fill="#fde68a"/><rect x="250" y="237" width="290" height="6" fill="#fde68a"/>
</svg>`;

const get = (path: string, host = HOST) => server.request("GET", path, { host });

describe("the platform's landing page", () => {
  it("says it is being prepared before its first build", async () => {
    const res = await get("/");
    expect(res.status).toBe(503);
    expect(res.text).toContain("مال به‌زودی در دسترس است");
  });

  // An Astro build of its own: a minute or more on a loaded machine.
  it("is built from the landing snapshot and served at the bare platform domain, with the featured stores", async () => {
    const build = await buildLanding(test.platform, "test");
    expect(build).toMatchObject({ status: "succeeded", error: null });
    expect(build.pageCount).toBe(2);

    const home = await get("/");
    expect(home.status).toBe(200);
    expect(home.headers["content-type"]).toContain("text/html");
    expect(home.headers["cache-control"]).toBe("public, max-age=0, must-revalidate");
    expect(home.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(home.text).toContain('<html lang="fa" dir="rtl"');
    expect(home.text).toContain('<link rel="canonical" href="https://mall.localhost/">');
    // Featured: the store with something to sell, linking to its address, with its product's picture.
    expect(home.text).toContain("کتاب‌فروشی نمونه");
    expect(home.text).toContain("کتاب‌های تازه و دست‌دوم، ارسال به سراسر ایران");
    expect(home.text).toContain(`href="https://${featured.slug}.mall.localhost"`);
    expect(home.text).toContain('src="/media/public/landing/hafez-800.webp"');
    expect(home.text).not.toContain("فروشگاه تعطیل");
    expect(home.text).not.toContain("فروشگاه بی‌کالا");
    // Two active stores, one product for sale, in Persian digits.
    expect(home.text).toMatch(/data-testid="stat-stores"[^>]*>۲</);
    expect(home.text).toContain("درگاه‌های پرداخت ایرانی");

    // The same page with the port a browser sends, and nothing of it on a store's host.
    expect((await get("/", `${HOST}:3000`)).status).toBe(200);
    expect((await get("/", `${empty.slug}.${HOST}`)).status).toBe(503);
    const api = await get("/api/v1/store-requests/slug-availability?slug=ketab");
    expect(api.status).toBe(200);

    const missing = await get("/no-such-page/");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("این صفحه پیدا نشد");
    expect((await get("/robots.txt")).text).toContain("Sitemap: https://mall.localhost/sitemap.xml");
    expect(readlinkSync(join(test.config.SITES_DIR, "hosts", HOST))).toBe(join(test.config.SITES_DIR, "_landing"));
  }, 120_000);

  it("is asked for (debounced) when a store changes, beside the store's own build", async () => {
    const queue = test.platform.queues.get("site-build");
    const listener = siteRebuildListener(test.platform);
    const event = (entityId: string): Job<EventJobData> =>
      ({
        data: { eventId: "1", storeId: entityId, type: "store.changed", entityId, payload: { change: "created" } },
      }) as unknown as Job<EventJobData>;
    await listener(event(featured.id));
    await listener(event(empty.id));
    const pending = await queue.getJobs(["delayed", "waiting"]);
    expect(pending.filter((job) => job.name === "landing")).toHaveLength(1);
    expect(
      pending
        .filter((job) => job.name === "build")
        .map((job) => job.data.storeId)
        .sort(),
    ).toEqual([featured.id, empty.id].sort());
    await queue.obliterate({ force: true });
  });
});

describe("the store request form in Chromium", () => {
  let browser: Browser;
  let worker: RunningWorker;
  beforeAll(async () => {
    browser = await launchBrowser();
    // Sign-in codes go out through the sms queue and the console driver, as on a laptop.
    worker = startWorkers(test.platform, { queues: ["sms"] });
  });
  afterAll(async () => {
    await worker?.stop();
    await browser?.close();
  });

  it("asks for a store: name → suggested address, checked live → mobile → SMS code → a Persian confirmation", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fa-IR" });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`http://${HOST}:${server.port}/`);
    await page.waitForSelector("astro-island:not([ssr])");
    expect(await page.evaluate("getComputedStyle(document.body).fontFamily")).toContain("Vazirmatn");
    // The featured stores' pictures load lazily, below the fold: bring them in before the full-page picture.
    await page.locator('[data-testid="featured-store"] img').first().scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        page.evaluate(
          "[...document.querySelectorAll('[data-testid=featured-store] img')].every((img) => img.complete && img.naturalWidth > 0)",
        ),
      )
      .toBe(true);
    await page.evaluate("window.scrollTo(0, 0)");
    await screenshot(page, "landing-home");

    await page.fill("#store-name", "گل‌فروشی باران");
    expect(await page.inputValue("#store-slug")).toBe("glfrushi-baran");
    // A check 350 ms after the last keystroke, then the API: seconds on a loaded machine.
    await expect.poll(() => page.getAttribute('[data-testid="slug-status"]', "data-available"), { timeout: 10_000 }).toBe("yes");
    expect(await page.textContent('[data-testid="slug-status"]')).toContain("glfrushi-baran.mall.localhost آزاد است");

    // A taken address is named as taken; then the owner picks their own.
    await page.fill("#store-slug", featured.slug);
    await expect.poll(() => page.textContent('[data-testid="slug-status"]'), { timeout: 10_000 }).toContain("پیش‌تر گرفته شده است");
    await page.fill("#store-slug", "golbaran");
    await expect.poll(() => page.getAttribute('[data-testid="slug-status"]', "data-available"), { timeout: 10_000 }).toBe("yes");
    await page.fill("#store-description", "دسته‌گل و گیاه آپارتمانی با ارسال همان روز در تهران");

    const phone = randomPhone();
    const sentAfter = new Date().toISOString();
    // Typed as people type it: 09… in Persian digits.
    await page.fill("#owner-phone", toPersianDigits(`0${phone.slice(3)}`));
    await page.click("text=دریافت کد");
    await page.waitForSelector('[data-testid="code-sent"]');
    const { code } = await waitForLastOtp(test.platform.redis, phone, { newerThan: sentAfter });
    await page.fill("#otp-code", toPersianDigits(code));
    await page.locator("#request").screenshot({ path: join(SCREENSHOT_DIR, "landing-request-filled.png") });
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="request-done"]');
    expect(await page.textContent('[data-testid="request-done"]')).toContain("درخواست شما ثبت شد؛ پس از بررسی با پیامک خبرتان می‌کنیم");
    expect(await page.textContent('[data-testid="request-done"]')).toContain("golbaran.mall.localhost");
    await page.locator("#request").screenshot({ path: join(SCREENSHOT_DIR, "landing-request-done.png") });

    const [row] = await test.platform.dataSource.query(
      `SELECT store_name, slug, description, owner_phone, status FROM store_requests WHERE slug = 'golbaran'`,
    );
    expect(row).toEqual({
      store_name: "گل‌فروشی باران",
      slug: "golbaran",
      description: "دسته‌گل و گیاه آپارتمانی با ارسال همان روز در تهران",
      owner_phone: phone,
      status: "pending",
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps what the owner typed before the form hydrated (a slow phone): the suggested address follows and the code goes to the number", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "fa-IR" });
    const page = await context.newPage();
    const errors = watchConsole(page);
    // The island's scripts (every bundle is under /_astro/) wait until the owner has typed.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held: string[] = [];
    await page.route(/\/_astro\/.+\.js$/, async (route) => {
      held.push(route.request().url());
      await released;
      await route.continue();
    });
    await page.goto(`http://${HOST}:${server.port}/`, { waitUntil: "commit" });
    await page.locator("#owner-phone").waitFor();
    await expect.poll(() => held.length).toBeGreaterThan(0);
    expect(await page.locator("astro-island", { has: page.locator("#owner-phone") }).getAttribute("ssr")).toBe("");
    await page.locator("#store-name").click();
    await page.keyboard.type("نان‌وایی سنگک");
    const phone = randomPhone();
    const typed = toPersianDigits(`0${phone.slice(3)}`);
    await page.locator("#owner-phone").click();
    await page.keyboard.type(typed);
    expect(await page.inputValue("#store-slug")).toBe("");

    release();
    await page.locator("astro-island:not([ssr]) #owner-phone").waitFor();
    expect(await page.inputValue("#store-name")).toBe("نان‌وایی سنگک");
    expect(await page.inputValue("#owner-phone")).toBe(typed);
    await expect.poll(() => page.inputValue("#store-slug")).toBe("nanuaii-sngk");
    await expect.poll(() => page.getAttribute('[data-testid="slug-status"]', "data-available")).toBe("yes");
    const request = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/api/v1/auth/send-otp"));
    await page.click("text=دریافت کد");
    expect((await request).postDataJSON()).toEqual({ phone: typed });
    await page.waitForSelector('[data-testid="code-sent"]');
    await page.locator("#request").screenshot({ path: join(SCREENSHOT_DIR, "landing-request-typed-before-hydration.png") });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reads well on a phone", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`http://${HOST}:${server.port}/`);
    await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow).toBe(0);
    await screenshot(page, "landing-phone");
    expect(errors).toEqual([]);
    await context.close();
  });
});
