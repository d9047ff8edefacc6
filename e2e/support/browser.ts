import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

/** Debian's Chromium (Playwright's own browser download cannot run here); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A phone's screen (an iPhone 12–14's CSS pixels): the width every storefront page must fit without scrolling sideways. */
export const PHONE = { width: 390, height: 844 };

/** Where screenshots are kept as test artifacts. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, "../../.reports/screenshots");

/**
 * Headless Chromium with the flags this machine needs: no sandbox (we run as
 * root), and no background networking (the network is closed; without these
 * Chromium keeps trying to reach Google's hosts).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--host-resolver-rules=MAP *.localhost 127.0.0.1",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** A page opened in a context of its own, with the console errors it has logged so far. */
export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * A new context (a device of its own: nothing shared) and a page on it, with
 * a generous default timeout (a loaded machine is slow) and its console
 * watched; `options` are the context's (viewport, locale, touch), PHONE's
 * size unless told.
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ ...options, viewport: options.viewport === undefined ? PHONE : options.viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(45_000);
  return { context, page, errors: watchConsole(page) };
}

/** Collects a page's console errors and failed requests, for "no console errors" checks. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  // caret "initial": Playwright's default hides the caret by styling inputs, and an island that hydrates
  // afterwards (client:idle, late on a busy machine) then finds attributes the server never rendered.
  await page.screenshot({ path, fullPage: true, caret: "initial" });
  return path;
}
