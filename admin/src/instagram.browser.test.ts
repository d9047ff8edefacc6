import { launchBrowser, screenshot, watchConsole } from "@mall/e2e/support/browser.js";
import { InstagramAccount } from "@mall/server/social/instagram.entity.js";
import { buildStore } from "@mall/server/test/factories.js";
import { startInstagramGraphFake } from "@mall/server/test/fakes/instagram-graph-server.js";
import { freePort } from "@mall/server/test/free-port.js";
import { instagramLoginEnv } from "@mall/server/test/social.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer } from "./test/admin-server.js";

/**
 * The store's Instagram account from the back office, in Debian's Chromium:
 * the merchant presses «اتصال به اینستاگرام», lands on the (local) Instagram
 * authorize page, presses «Allow», comes back to the store's page and sees
 * the account connected, as @username, with the Jalali date its access lasts
 * until. «Cancel» on Instagram's page brings them back with the refusal in
 * Persian; a paused account says why; «قطع اتصال» disconnects.
 * Screenshots: .reports/screenshots/admin-instagram-*.png.
 */
const instagram = await startInstagramGraphFake();
// The browser comes back to the redirect URI registered on the app: this server's, so its port is chosen first.
const port = await freePort();
const REDIRECT_URI = `http://127.0.0.1:${port}/admin/instagram/callback`;
instagram.app.redirectUri = REDIRECT_URI;
const test = useAdminServer({
  port,
  env: { ...instagramLoginEnv(instagram), INSTAGRAM_GRAPH_URL: `${instagram.url}/v21.0`, INSTAGRAM_REDIRECT_URI: REDIRECT_URI },
});
const IG_USER = "17841400000000888";
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let store: Store;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "گالری فیروزه" });
  const [{ phone }] = (await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId])) as [{ phone: string }];
  instagram.addLoginAccount(IG_USER, "firouzeh.gallery");
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: "fa-IR", timezoneId: "Asia/Tehran", viewport: { width: 1366, height: 900 } });
  const session = await signInToAdmin(test.server, test.platform, phone);
  const [name, value] = session.cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: test.server.url }]);
  page = await context.newPage();
  page.setDefaultTimeout(45_000);
  consoleErrors = watchConsole(page);
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === "fail" && page)
    await screenshot(page, `admin-instagram-failed-${task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
});
afterAll(async () => {
  await browser?.close();
  await instagram.close();
});

const WAIT = { timeout: 30_000 };
const pageUrl = () => `${test.server.url}/admin/resources/stores/records/${store.id}/instagram`;
const textOf = (testId: string) =>
  page
    .locator(`[data-testid="${testId}"]`)
    .innerText()
    .catch(() => "");
const accountRow = () => test.platform.dataSource.getRepository(InstagramAccount).findOneBy({ storeId: store.id });

describe("the store's Instagram account in the back office", () => {
  it("connects through Instagram's authorize page and shows the account connected, with its access's Jalali end date", async () => {
    await page.goto(pageUrl());
    await page.locator('[data-testid="instagram-not-connected"]').waitFor();
    await screenshot(page, "admin-instagram-not-connected");

    await page.click('[data-testid="instagram-connect"]');
    await page.waitForURL(new RegExp(`^${instagram.url}/oauth/authorize\\?`));
    expect(await page.locator('[data-testid="instagram-account"]').innerText()).toBe("@firouzeh.gallery");
    await page.click('[data-testid="instagram-allow"]');

    await page.waitForURL(new RegExp(`/admin/resources/stores/records/${store.id}/instagram\\?instagram=connected$`));
    await expect.poll(() => textOf("instagram-result"), WAIT).toContain("حساب اینستاگرام به فروشگاه وصل شد");
    await expect.poll(() => textOf("instagram-state"), WAIT).toBe("وصل است");
    expect(await textOf("instagram-username")).toBe("@firouzeh.gallery");
    const account = (await accountRow())!;
    expect(account).toMatchObject({ igUserId: IG_USER, connectedVia: "instagram_login", status: "active" });
    // The end date in the Jalali calendar, Persian digits, as the page's own formatter writes it for Tehran.
    const until = new Intl.DateTimeFormat("fa-IR-u-ca-persian", {
      timeZone: "Asia/Tehran",
      year: "numeric",
      month: "long",
      day: "numeric",
    }).format(account.tokenExpiresAt!);
    expect(await textOf("instagram-token-expiry")).toContain(until);
    expect(await textOf("instagram-token-expiry")).toMatch(/[۰-۹]{4}/);
    expect(await textOf("instagram-last-post")).toBe("هنوز پستی منتشر نشده است");
    await screenshot(page, "admin-instagram-connected");
  }, 120_000);

  it("comes back from «Cancel» with the refusal in Persian, says why publishing is paused, and disconnects", async () => {
    await page.goto(pageUrl());
    await page.click('[data-testid="instagram-connect"]');
    await page.waitForURL(new RegExp(`^${instagram.url}/oauth/authorize\\?`));
    await page.click('[data-testid="instagram-cancel"]');
    await page.waitForURL(/\?instagram=denied$/);
    await expect.poll(() => textOf("instagram-result"), WAIT).toContain("در اینستاگرام اجازهٔ دسترسی داده نشد");
    await screenshot(page, "admin-instagram-denied");

    // Instagram withdrew the access: the worker (or a publish) paused the account; the page says why.
    instagram.revokeAccess(IG_USER);
    await test.platform.dataSource
      .getRepository(InstagramAccount)
      .update({ storeId: store.id }, { status: "broken", lastError: "اینستاگرام دیگر اجازهٔ انتشار نمی‌دهد؛ دوباره وصل کنید." });
    await page.goto(pageUrl());
    await expect.poll(() => textOf("instagram-state"), WAIT).toBe("متوقف");
    expect(await textOf("instagram-paused")).toContain("اینستاگرام دیگر اجازهٔ انتشار نمی‌دهد");
    await screenshot(page, "admin-instagram-paused");

    await page.click('[data-testid="instagram-disconnect"]');
    await page.locator('[data-testid="instagram-disconnect-confirm"] button', { hasText: "بله، قطع کن" }).click();
    await expect.poll(() => textOf("instagram-done"), WAIT).toContain("اتصال حساب اینستاگرام قطع شد");
    expect(await accountRow()).toBeNull();
    await page.locator('[data-testid="instagram-not-connected"]').waitFor();
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
