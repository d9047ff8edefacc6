import { resolve } from "node:path";
import { launchBrowser, SCREENSHOT_DIR, screenshot, watchConsole } from "@mall/e2e/support/browser.js";
import { backOfficeUrl, goToBackOffice, openBackOffice } from "@mall/e2e/support/back-office.js";
import { demoBanner } from "@mall/server/db/demo-images.js";
import { buildSite } from "@mall/server/sites/site-build.service.js";
import { buildStore } from "@mall/server/test/factories.js";
import { photo } from "@mall/server/test/media-fixtures.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer } from "./test/admin-server.js";

/**
 * The home banners on the store's settings page, in Debian's Chromium at
 * 1366×900 and 390×844: the merchant uploads two pictures (the media job
 * makes their widths while the form waits), gives each a title and a link,
 * is told at once and by the server that a link must be a path of the store
 * or an https address, puts the second first, saves (the one settings
 * service: audited, store.changed for the rebuild), and the built site shows
 * both in that order with their links on a desktop and a phone; removing one
 * keeps the other. Screenshots: .reports/screenshots/admin-store-banners-*.png
 * and site-banners-*.png.
 */
const test = useAdminServer({ queues: ["sms", "media"] });
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const WAIT = { timeout: 45_000 };
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let store: Store;
let session: { url: string; cookie: string };

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource, { name: "گالری دست‌ساز" });
  const [owner] = await test.platform.dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
  session = { url: test.server.url, cookie: (await signInToAdmin(test.server, test.platform, owner.phone)).cookie };
  browser = await launchBrowser();
  ({ page, consoleErrors } = await openBackOffice(browser, { session }));
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === "fail" && page)
    await screenshot(page, `admin-store-banners-failed-${task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
});
afterAll(async () => {
  await browser?.close();
});

const editUrl = () => backOfficeUrl(test.server.url, { resource: "stores", recordId: store.id, action: "edit" });
const rows = () => page.locator('[data-testid="banners"] [data-testid="banner"]');
const saved = () => test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id });

/** Saves the form and waits for the server's answer (edits made before it arrives would be replaced by what was posted). */
async function save(): Promise<void> {
  const answered = page.waitForResponse((response) => response.url().endsWith("/edit") && response.request().method() === "POST");
  await page.locator("form button[type=submit]").first().click();
  await answered;
}

/** AdminJS scrolls inside its content pane: grow the window to the banner editor for the picture. */
async function shot(name: string, viewport: { width: number; height: number }): Promise<void> {
  const height = Number(
    await page.evaluate(`Math.max(...[...document.querySelectorAll("section, main, #app")].map((e) => e.scrollHeight))`),
  );
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 6000) });
  await page.locator('[data-testid="banners"]').scrollIntoViewIfNeeded();
  await screenshot(page, name);
  // The editor alone, at the size it is read.
  await page.locator('[data-testid="property-edit-banners"]').screenshot({ path: resolve(SCREENSHOT_DIR, `${name}-editor.png`) });
  await page.setViewportSize(viewport);
}

describe("home banners in the back office", () => {
  it("uploads two pictures, checks each link, puts the second first and saves them through the settings service", async () => {
    await page.goto(editUrl());
    await page.locator('[data-testid="banners"]').waitFor({ state: "attached" });
    expect(await rows().count()).toBe(0);

    await page.setInputFiles("#banner-file", { name: "summer.png", mimeType: "image/png", buffer: await demoBanner() });
    await expect.poll(() => rows().count(), WAIT).toBe(1);
    await page.setInputFiles("#banner-file", { name: "bags.jpg", mimeType: "image/jpeg", buffer: await photo(1600, 600) });
    await expect.poll(() => rows().count(), WAIT).toBe(2);
    // Usable once the media job has made the picture's widths: the editor shows it then.
    await expect
      .poll(() => page.$$eval('[data-testid="banner"]', (items) => items.map((item) => item.getAttribute("data-status"))), WAIT)
      .toEqual(["ready", "ready"]);
    for (const image of await page.locator('[data-testid="banner"] img').all())
      await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), WAIT).toBeGreaterThan(0);

    await page.fill("#banner-0-title", "تابستانهٔ نخی");
    await page.fill("#banner-0-link", "c/summer");
    // Said as the merchant types, before any save.
    await expect
      .poll(() => rows().nth(0).innerText())
      .toContain("پیوند باید نشانی‌ای در همین فروشگاه (با / شروع شود) یا نشانی https باشد.");
    await page.fill("#banner-1-title", "کیف‌های دست‌دوز");
    await page.fill("#banner-1-link", "http://example.com/bags");
    // The server refuses too, and names the row: nothing is saved.
    await save();
    await expect.poll(() => rows().nth(1).locator('[role="alert"]').innerText(), WAIT).toContain("نشانی https");
    expect((await saved()).banners).toEqual([]);

    await page.fill("#banner-0-link", "/c/summer/");
    await page.fill("#banner-1-link", "https://example.com/bags");
    expect(await page.locator('[data-testid="banners"] [role="alert"]').count()).toBe(0);
    await page.click('button[aria-label="بنر ۲ یکی بالاتر"]');
    expect(await page.inputValue("#banner-0-title")).toBe("کیف‌های دست‌دوز");
    expect(await page.isDisabled('button[aria-label="بنر ۱ یکی بالاتر"]')).toBe(true);
    await shot("admin-store-banners-desktop", DESKTOP);
    await save();
    await expect.poll(() => page.locator("body").innerText(), WAIT).toMatch(/تغییرات ذخیره شد/);

    const banners = (await saved()).banners;
    expect(banners.map(({ title, link }) => ({ title, link }))).toEqual([
      { title: "کیف‌های دست‌دوز", link: "https://example.com/bags" },
      { title: "تابستانهٔ نخی", link: "/c/summer/" },
    ]);
    // Audited as the merchant's change from the back office, and the site told to rebuild.
    const [audit] = await test.platform.dataSource.query(
      `SELECT surface, after FROM audit_entries WHERE store_id = $1 AND action = 'store.settings_changed' ORDER BY created_at DESC LIMIT 1`,
      [store.id],
    );
    expect(audit.surface).toBe("admin");
    expect(audit.after.banners.map((banner: { mediaId: string }) => banner.mediaId)).toEqual(banners.map((banner) => banner.mediaId));
    const [event] = await test.platform.dataSource.query(
      `SELECT payload FROM outbox WHERE store_id = $1 AND type = 'store.changed' ORDER BY id DESC LIMIT 1`,
      [store.id],
    );
    expect(event.payload.fields).toContain("banners");

    // The store's page lists them in the saved order, with their pictures.
    await goToBackOffice(page, test.server.url, { resource: "stores", recordId: store.id });
    const shown = page.locator(".mall-banners--show li");
    await expect.poll(() => shown.count(), WAIT).toBe(2);
    expect(await shown.nth(0).innerText()).toContain("کیف‌های دست‌دوز");
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it("shows the banners on the built site in the saved order, with their links, on a desktop and a phone", async () => {
    expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const site = await browser.newContext({
        viewport,
        ...(viewport === PHONE ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      });
      const home = await site.newPage();
      const errors = watchConsole(home);
      await home.goto(`http://${store.slug}.mall.localhost:${test.server.port}/`);
      await home.waitForLoadState("networkidle");
      const banners = home.locator('[data-testid="hero"] [data-banner]');
      expect(await banners.count()).toBe(2);
      expect(await banners.nth(0).textContent()).toContain("کیف‌های دست‌دوز");
      expect(await banners.nth(0).locator("a").getAttribute("href")).toBe("https://example.com/bags");
      expect(await banners.nth(1).textContent()).toContain("تابستانهٔ نخی");
      expect(await banners.nth(1).locator("a").getAttribute("href")).toBe("/c/summer/");
      await expect
        .poll(
          () =>
            banners
              .nth(0)
              .locator("img")
              .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
          WAIT,
        )
        .toBeGreaterThan(0);
      expect((await home.evaluate("document.documentElement.scrollWidth")) as number).toBeLessThanOrEqual(viewport.width);
      await screenshot(home, `site-banners-${size}`);
      expect(errors).toEqual([]);
      await site.close();
    }
  }, 300_000);

  it("on a phone, the editor fits the screen; removing a banner keeps the other", async () => {
    const phone = await openBackOffice(browser, { session, contextOptions: { viewport: PHONE, isMobile: true, hasTouch: true } });
    page = phone.page;
    const errors = phone.consoleErrors;
    await page.goto(editUrl());
    await page.locator('[data-testid="banners"]').waitFor({ state: "attached" });
    await expect.poll(() => rows().count(), WAIT).toBe(2);
    // The page fits the phone: AdminJS's hidden sidebar is off the screen, not over the form.
    expect((await page.evaluate("document.documentElement.scrollWidth")) as number).toBeLessThanOrEqual(PHONE.width);
    // Each banner within the form: picture, fields and buttons one under another (AdminJS's own frame around the form is not this editor's).
    const form = (await page.locator("form").first().boundingBox())!;
    for (const row of await rows().all()) {
      const box = (await row.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(form.x);
      expect(box.x + box.width).toBeLessThanOrEqual(form.x + form.width);
      expect(
        await row.evaluate(
          (item) =>
            (item as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth <=
            (item as unknown as { clientWidth: number }).clientWidth,
        ),
      ).toBe(true);
    }
    await shot("admin-store-banners-phone", PHONE);
    await page.click('button[aria-label="حذف بنر ۱"]');
    await expect.poll(() => rows().count()).toBe(1);
    await save();
    await expect.poll(() => page.locator("body").innerText(), WAIT).toMatch(/تغییرات ذخیره شد/);
    expect((await saved()).banners.map((banner) => banner.title)).toEqual(["تابستانهٔ نخی"]);
    expect(errors).toEqual([]);
    await phone.context.close();
  }, 120_000);
});
