import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

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
