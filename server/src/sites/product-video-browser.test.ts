import { createHash, randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, PHONE, SCREENSHOT_DIR, watchConsole } from "../../../e2e/support/browser.js";
import { systemContext } from "../core/context.js";
import { seedPicture } from "../db/demo-data.js";
import { demoProductImage } from "../db/demo-images.js";
import { createApp } from "../main/app.js";
import { acceptedType } from "../media/file-types.js";
import { inspectUpload } from "../media/inspect.js";
import { processMedia } from "../media/media.job.js";
import { storeUpload } from "../media/media.service.js";
import { STORE_THEMES, type Store } from "../tenancy/store.entity.js";
import { updateStoreSettings } from "../tenancy/tenancy.service.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { photo, playableVideo } from "../test/media-fixtures.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildSite } from "./site-build.service.js";

/**
 * Issue 23 #3: a product's videos in the product page's gallery, as the
 * media pipeline keeps them (uploaded, remuxed without metadata by ffmpeg,
 * a poster from the cover art or the product's picture), in Chromium at
 * phone and desktop size, in every theme.
 */
const test = useTestPlatform();
let server: TestServer;
let browser: Browser;
let store: Store;
let pictureUrl: string;

const DESKTOP = { width: 1366, height: 900 };

/** A video uploaded to the product as the back office's upload does, then made ready by the media job. */
async function uploadVideo(productId: string, data: Buffer, mime: "video/webm" | "video/mp4"): Promise<void> {
  const path = join(tmpdir(), `mall-video-upload-${randomBytes(6).toString("hex")}`);
  await writeFile(path, data);
  try {
    const file = {
      path,
      filename: `clip.${mime === "video/webm" ? "webm" : "mp4"}`,
      bytes: data.length,
      sha256: createHash("sha256").update(data).digest("hex"),
      type: acceptedType(mime, ["video"])!,
      dispose: async () => {},
    };
    const inspected = await inspectUpload(file, {
      maxImagePixels: 100_000_000,
      scanner: undefined,
      logger: test.platform.logger,
      onInfected: async () => {},
    });
    const media = await test.platform.dataSource.transaction((manager) =>
      storeUpload(
        systemContext(manager, "test"),
        { storage: test.platform.mediaStorage, logger: test.platform.logger },
        { storeId: store.id, productId, kind: "video" },
        file,
        inspected,
      ),
    );
    const deps = {
      dataSource: test.platform.dataSource,
      storage: test.platform.mediaStorage,
      logger: test.platform.logger,
      maxImagePixels: 100_000_000,
    };
    await processMedia(deps, media.id);
    const [row] = await test.platform.dataSource.query(`SELECT status, video_key FROM media WHERE id = $1`, [media.id]);
    expect(row).toMatchObject({ status: "ready", video_key: expect.stringMatching(/^public\//) });
  } finally {
    await rm(path, { force: true });
  }
}

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "کارگاه سفال" });
  const product = await buildProduct(dataSource, store.id, { nameFa: "کاسهٔ سفالی", slug: "clay-bowl", basePrice: 2_500_000, stock: 4 });
  const media = { storage: test.platform.mediaStorage, logger: test.platform.logger, maxImagePixels: test.config.MEDIA_MAX_IMAGE_PIXELS };
  await seedPicture(dataSource, media, store.id, product.id, (await demoProductImage("kilim-tote"))!);
  // A WebM without cover art (its poster is the product's picture), then an MP4 with its own.
  await uploadVideo(product.id, await playableVideo("webm"), "video/webm");
  await uploadVideo(product.id, await playableVideo("mp4", { cover: await photo(320, 240) }), "video/mp4");
  const [row] = await dataSource.query(`SELECT images FROM products WHERE id = $1`, [product.id]);
  pictureUrl = (row as { images: Array<{ url: string }> }).images[0]!.url;
  server = await startTestServer(createApp(test.platform));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The screen as the shopper sees it (a full-page screenshot resizes the page, and the gallery's strip snaps back to its first slide). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), caret: "initial" });
}

async function open(path: string, viewport: typeof DESKTOP): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport,
    ...(viewport === PHONE ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`http://${store.slug}.mall.localhost:${server.port}${path}`);
  return { page, errors };
}

describe("a product's videos on its page", { timeout: 120_000 }, () => {
  for (const theme of STORE_THEMES) {
    it(`shows them with posters and sources, fetches nothing until played, and plays (${theme})`, async () => {
      await test.platform.dataSource.transaction((m) => updateStoreSettings(systemContext(m, "test"), store.id, { theme }));
      await buildSite(test.platform, store.id, "test", { full: true });
      for (const [size, viewport] of [
        ["phone", PHONE],
        ["desktop", DESKTOP],
      ] as const) {
        const { page, errors } = await open("/p/clay-bowl/", viewport);
        // Layout shifts are recorded from the start, to be summed after the video has played.
        await page.evaluate(`window.shifts = 0;
          new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.shifts += entry.value; })
            .observe({ type: "layout-shift", buffered: true });`);
        const videos = page.getByTestId("product-video");
        expect(await videos.count()).toBe(2);
        const described = (await page.evaluate(`[...document.querySelectorAll('[data-testid="product-video"]')].map((video) => ({
            poster: video.getAttribute("poster"),
            preload: video.getAttribute("preload"),
            controls: video.controls,
            playsinline: video.hasAttribute("playsinline"),
            label: video.getAttribute("aria-label"),
            sources: [...video.querySelectorAll("source")].map((source) => ({ type: source.type, src: source.getAttribute("src") })),
            networkState: video.networkState,
            box: { w: video.getBoundingClientRect().width, h: video.getBoundingClientRect().height },
          }))`)) as Array<{
          poster: string | null;
          preload: string | null;
          controls: boolean;
          playsinline: boolean;
          label: string | null;
          sources: Array<{ type: string; src: string }>;
          networkState: number;
          box: { w: number; h: number };
        }>;
        expect(described[0]!.poster).toBe(pictureUrl);
        expect(described[1]!.poster).toMatch(/\/public\/.*poster.*\.webp$/);
        expect(described[1]!.poster).not.toBe(pictureUrl);
        for (const [i, video] of described.entries()) {
          expect(video).toMatchObject({ preload: "none", controls: true, playsinline: true });
          expect(video.label).toBe(`ویدیوی کاسهٔ سفالی - ${["۱", "۲"][i]}`);
          expect(video.sources).toHaveLength(1);
          // Nothing fetched before a press on play (NETWORK_IDLE, not LOADING).
          expect(video.networkState).not.toBe(2);
          // A square as the pictures: the page keeps its place when the video loads.
          expect(Math.abs(video.box.w - video.box.h)).toBeLessThan(1);
        }
        expect(described[0]!.sources[0]).toMatchObject({ type: "video/webm", src: expect.stringMatching(/^\/media\/public\/.*\.webm$/) });
        expect(described[1]!.sources[0]).toMatchObject({ type: "video/mp4", src: expect.stringMatching(/^\/media\/public\/.*\.mp4$/) });
        // The served copies answer with their type.
        for (const video of described) {
          const served = await page.evaluate(
            `fetch(${JSON.stringify(video.sources[0]!.src)}).then((response) => ({ status: response.status, type: response.headers.get("content-type") }))`,
          );
          expect(served).toEqual({ status: 200, type: video.sources[0]!.type });
        }
        // The thumbnail strip brings the video into view; a press on it plays.
        await page.getByRole("link", { name: "ویدیوی ۱" }).click();
        const first = videos.first();
        await first.scrollIntoViewIfNeeded();
        // (Polled by evaluation: the site's CSP refuses the eval a string waitForFunction needs.)
        await expect
          .poll(
            () =>
              page.evaluate(
                `(() => { const box = document.querySelector('[data-testid="product-video"]').getBoundingClientRect(); return box.left >= -1 && box.right <= innerWidth + 1; })()`,
              ),
            { timeout: 10_000 },
          )
          .toBe(true);
        await screenshot(page, `product-video-${theme}-${size}-poster`);
        // Layout shifts from here on: loading and playing the video moves nothing (a full-page screenshot resizes the page, so none is taken in between).
        await page.evaluate("window.shifts = 0");
        await page.locator("#video-1").getByRole("button", { name: "پخش ویدیو", includeHidden: true }).click();
        // Playing: data enough to play on, and the time advancing.
        await expect
          .poll(
            () =>
              page.evaluate(
                `(() => { const video = document.querySelector('[data-testid="product-video"]'); return video.readyState >= 3 && video.currentTime > 0.3; })()`,
              ),
            { timeout: 20_000 },
          )
          .toBe(true);
        const state = (await page.evaluate(`(() => {
          const video = document.querySelector('[data-testid="product-video"]');
          return { currentSrc: video.currentSrc, box: { w: video.getBoundingClientRect().width, h: video.getBoundingClientRect().height } };
        })()`)) as { currentSrc: string; box: { w: number; h: number } };
        expect(state.currentSrc).toMatch(/\.webm$/);
        expect(state.box.w).toBeCloseTo(described[0]!.box.w, 0);
        expect(state.box.h).toBeCloseTo(described[0]!.box.h, 0);
        expect((await page.evaluate("window.shifts")) as number).toBeLessThan(0.01);
        expect(await page.locator("#video-1").getByRole("button", { name: "پخش ویدیو", includeHidden: true }).isVisible()).toBe(false);
        await screenshot(page, `product-video-${theme}-${size}-playing`);
        const width = (await page.evaluate("document.documentElement.scrollWidth")) as number;
        expect(width).toBeLessThanOrEqual(viewport.width);
        expect(errors).toEqual([]);
        await page.context().close();
      }
    });
  }
});
