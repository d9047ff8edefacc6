import { consoleInbox, openBackOffice, signInThroughForm } from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot } from "@mall/e2e/support/browser.js";
import { buildStore } from "@mall/server/test/factories.js";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAdminServer } from "./test/admin-server.js";

/**
 * The social and retention pages of the back office on a phone (390 × 844,
 * Chromium): «اینستاگرام», the store page with the price-comparison
 * addresses and today's SMS budget, and the settings form with both; none
 * scrolls sideways. Screenshots: .reports/screenshots/admin-phone-*.png.
 */
const test = useAdminServer();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe("the back office on a phone", { timeout: 180_000 }, () => {
  it("Instagram, the price comparison and the SMS budget fit the screen's width", async () => {
    const { dataSource } = test.platform;
    const store = await buildStore(dataSource, { name: "شمع‌سازی نور" });
    await dataSource.query(`UPDATE stores SET torob_enabled = true, emalls_enabled = true WHERE id = $1`, [store.id]);
    const [{ phone }] = await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
    const { page, consoleErrors } = await openBackOffice(browser, {
      contextOptions: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    });
    await signInThroughForm(page, test.server.url, { phone, inbox: consoleInbox(test.platform) });
    const pages = {
      instagram: { path: `/resources/stores/records/${store.id}/instagram`, ready: '[data-testid="instagram-not-connected"]' },
      "store-page": { path: `/resources/stores/records/${store.id}/show`, ready: '[data-testid="property-show-smsBudgetToday"]' },
      "store-form": { path: `/resources/stores/records/${store.id}/edit`, ready: 'input[name="smsDailyBudget"]' },
    };
    for (const [name, { path, ready }] of Object.entries(pages)) {
      await page.goto(`${test.server.url}/admin${path}`);
      await page.locator(ready).first().waitFor();
      await screenshot(page, `admin-phone-${name}`);
      const widths = (await page.evaluate("({ scroll: document.scrollingElement.scrollWidth, inner: innerWidth })")) as {
        scroll: number;
        inner: number;
      };
      expect(widths.scroll, `${name} scrolls sideways`).toBeLessThanOrEqual(widths.inner);
    }
    expect(consoleErrors).toEqual([]);
  });
});
