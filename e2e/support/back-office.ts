import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { openPage, screenshot } from "./browser.js";
import type { SmsInbox } from "./sms.js";

export { consoleInbox, type SmsInbox } from "./sms.js";

/**
 * The back office in Chromium, as a merchant or staff member opens it: a
 * Persian, Tehran-time window of a laptop's size; signing in through the
 * login form with the code the SMS provider (fake) delivered, or with a
 * session cookie from admin/src/test/admin-server.ts's signInToAdmin (for
 * tests about something else); and the address of a resource's or a
 * record's action.
 */

export interface BackOfficeWindow {
  context: BrowserContext;
  page: Page;
  /** The page's console errors and uncaught exceptions, for "no console errors" checks. */
  consoleErrors: string[];
}

/**
 * A new window on the back office: fa-IR, Asia/Tehran, 1366×900 unless told
 * (`contextOptions` add to or replace these), a generous default timeout (a
 * loaded machine is slow to draw AdminJS's pages). With `session`, already
 * signed in: the cookie a signInToAdmin session holds.
 */
export async function openBackOffice(
  browser: Browser,
  options: { contextOptions?: BrowserContextOptions; session?: { url: string; cookie: string }; timeoutMs?: number } = {},
): Promise<BackOfficeWindow> {
  const { context, page, errors } = await openPage(browser, {
    locale: "fa-IR",
    timezoneId: "Asia/Tehran",
    viewport: { width: 1366, height: 900 },
    ...options.contextOptions,
  });
  if (options.session) await useSession(context, options.session.url, options.session.cookie);
  if (options.timeoutMs !== undefined) page.setDefaultTimeout(options.timeoutMs);
  return { context, page, consoleErrors: errors };
}

/** Puts a back-office session cookie ("name=value", as signInToAdmin's AdminSession holds it) into a browser context. */
export async function useSession(context: BrowserContext, serverUrl: string, cookie: string): Promise<void> {
  const at = cookie.indexOf("=");
  await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: serverUrl }]);
}

/**
 * Signs in through the back office's login form as a person would: opens
 * /admin (redirected to the login), types the number (`typed`, 09… in Latin
 * digits unless told), asks for the code, types the code the inbox got, and
 * waits for the dashboard. `onCodeAsked` runs while the code form shows.
 */
export async function signInThroughForm(
  page: Page,
  serverUrl: string,
  person: { phone: string; typed?: string; inbox: SmsInbox; onCodeAsked?: (page: Page) => Promise<void> },
): Promise<void> {
  // The first back-office page waits for its components bundle when this machine has none built yet.
  await page.goto(backOfficeUrl(serverUrl), { timeout: 180_000 });
  await page.waitForURL(/\/admin\/login$/);
  await page.fill("input[name=phone]", person.typed ?? `0${person.phone.slice(3)}`);
  const code = person.inbox.mark(person.phone);
  await page.click("button[type=submit]");
  await page.waitForSelector("input[name=code]");
  await person.onCodeAsked?.(page);
  await page.fill("input[name=code]", await code());
  await page.click("button[type=submit]");
  await page.waitForURL(/\/admin\/?$/);
}

/** A page of the back office: a resource's action (list unless told), a record's action, or a path under /admin. */
export type BackOfficeTarget = string | { resource: string; action?: string; recordId?: string };

export function backOfficeUrl(serverUrl: string, target: BackOfficeTarget = ""): string {
  if (typeof target === "string") return `${serverUrl}/admin${target}`;
  const { resource, action, recordId } = target;
  if (recordId) return `${serverUrl}/admin/resources/${resource}/records/${encodeURIComponent(recordId)}/${action ?? "show"}`;
  return `${serverUrl}/admin/resources/${resource}${action ? `/actions/${action}` : ""}`;
}

/** Opens a back-office page (see backOfficeUrl). */
export async function goToBackOffice(page: Page, serverUrl: string, target: BackOfficeTarget): Promise<void> {
  await page.goto(backOfficeUrl(serverUrl, target));
}

/** Picks an option of an AdminJS select (react-select) by typing part of its label. */
export async function pickOption(page: Page, path: string, text: string): Promise<void> {
  await page.locator(`[data-testid="property-edit-${path}"] input`).first().fill(text);
  await page.locator(`[data-testid="property-edit-${path}"] [class*="option"]`, { hasText: text }).first().click();
}

/**
 * A screenshot of the whole back-office page: AdminJS scrolls its own pane, so
 * a full-page screenshot stops at the window's height. The window grows to the
 * tallest pane's content (at most 6,000 px) for the picture, then is put back.
 */
export async function screenshotWhole(page: Page, name: string): Promise<string> {
  const size = page.viewportSize() ?? { width: 1366, height: 900 };
  // A string, so this file needs no DOM types: it runs in the page.
  const height = Number(
    await page.evaluate(`Math.max(...[...document.querySelectorAll("section, main, #app")].map((element) => element.scrollHeight))`),
  );
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 6000) });
  const path = await screenshot(page, name);
  await page.setViewportSize(size);
  return path;
}
