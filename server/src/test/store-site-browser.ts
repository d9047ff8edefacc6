import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser, openPage, type OpenedPage } from "../../../e2e/support/browser.js";
import { createApp } from "../main/app.js";
import type { ProcessPlatform } from "../main/platform.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import type { Store } from "../tenancy/store.entity.js";
import { startTestServer, type TestServer } from "./http-client.js";

export interface StoreSiteBrowser {
  readonly server: TestServer;
  readonly browser: Browser;
  /** The store's own host on the test server (Chromium sends *.localhost to this machine). */
  origin(store: Store): string;
  /** A new context (a device of its own: nothing shared) and page; `viewport` defaults to PHONE, `locale` to Chromium's own. */
  open(options?: { viewport?: { width: number; height: number }; locale?: string }): Promise<OpenedPage>;
}

/**
 * What a test of a built store site in Chromium needs around it: the app on a
 * test server, the SMS worker (the console driver keeps each code for
 * consoleInbox and waitForLastOtp, so shoppers can sign in) and Chromium,
 * started in beforeAll and closed in afterAll. Call it right after
 * useTestPlatform(), so its beforeAll runs once the platform is up; the
 * file's own beforeAll (stores, products, buildSite) may run after it, as
 * the server reads the site on each request.
 */
export function useStoreSiteBrowser(test: { readonly platform: ProcessPlatform }): StoreSiteBrowser {
  let server: TestServer | undefined;
  let worker: RunningWorker | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer(createApp(test.platform));
    worker = startWorkers(test.platform, { queues: ["sms"], relayIntervalMs: 60_000 });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await server?.close();
  });
  const started = <T>(value: T | undefined, name: string): T => {
    if (!value) throw new Error(`useStoreSiteBrowser: the ${name} is not started (used outside a test)`);
    return value;
  };
  return {
    get server() {
      return started(server, "server");
    },
    get browser() {
      return started(browser, "browser");
    },
    origin(store) {
      return `http://${store.slug}.mall.localhost:${started(server, "server").port}`;
    },
    open(options = {}) {
      return openPage(started(browser, "browser"), { viewport: options.viewport, locale: options.locale });
    },
  };
}
