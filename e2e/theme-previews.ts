/**
 * `npm run theme-previews`: the pictures the back office's theme choice shows
 * (admin/src/assets/themes/{theme}.webp). Seeds the demo store as `npm run up`
 * does (logo, banner, pictures, content pages) into its own database, builds
 * its site in each theme, and screenshots the home page in Debian's Chromium
 * at 1280×900; Chromium itself scales it to 480 px and encodes WebP (a canvas),
 * so no image library is needed. Run it again after changing a theme's look.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseConfig } from "@mall/server/config/config.js";
import { dropDatabase } from "@mall/server/db/admin.js";
import { createDataSource } from "@mall/server/db/data-source.js";
import { seedDemo, seedDemoMedia } from "@mall/server/db/demo-data.js";
import { migrateDatabase } from "@mall/server/db/migrations-runner.js";
import { createApp } from "@mall/server/main/app.js";
import { createPlatform } from "@mall/server/main/platform.js";
import { buildSite } from "@mall/server/sites/site-build.service.js";
import { STORE_THEMES, Store } from "@mall/server/tenancy/store.entity.js";
import { launchBrowser } from "./support/browser.js";

const WIDTH = 480;
const out = resolve(import.meta.dirname, "../admin/src/assets/themes");
const base = parseConfig(process.env);
const url = new URL(base.DATABASE_URL);
url.pathname = "/mall_theme_previews";
const dataDir = mkdtempSync(join(tmpdir(), "mall-theme-previews-"));
const config = parseConfig({
  ...process.env,
  DATABASE_URL: url.toString(),
  DATA_DIR: dataDir,
  REDIS_PREFIX: `mall-theme-previews-${process.pid}`,
  LOG_LEVEL: "error",
  PLATFORM_DOMAIN: "mall.localhost",
});

await dropDatabase(config.DATABASE_URL);
await migrateDatabase(config.DATABASE_URL);
const seeding = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-theme-previews" });
await seeding.initialize();
const platform = await createPlatform(config, "bench");
const browser = await launchBrowser();
try {
  const store = await seedDemo(seeding);
  await seedDemoMedia(
    seeding,
    { storage: platform.mediaStorage, logger: platform.logger, maxImagePixels: config.MEDIA_MAX_IMAGE_PIXELS },
    store.id,
  );
  const server = createServer(createApp(platform)).listen(0, "127.0.0.1");
  await new Promise((ready) => server.once("listening", ready));
  const port = (server.address() as AddressInfo).port;
  try {
    for (const theme of STORE_THEMES) {
      await seeding.getRepository(Store).update({ id: store.id }, { theme, layout: "grid", accent: null });
      const build = await buildSite(platform, store.id, "theme-previews");
      if (build.status !== "succeeded") throw new Error(`the demo site's build in ${theme} failed: ${build.error}`);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`http://${store.slug}.mall.localhost:${port}/`, { waitUntil: "networkidle" });
      const png = (await page.screenshot({ type: "png" })).toString("base64");
      // In the page: the screenshot drawn at WIDTH on a canvas, encoded as WebP (a string, so this file needs no DOM types).
      const webp = (await page.evaluate(`(async () => {
        const image = new Image();
        image.src = "data:image/png;base64,${png}";
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = ${WIDTH};
        canvas.height = Math.round((image.height * ${WIDTH}) / image.width);
        const context = canvas.getContext("2d");
        context.imageSmoothingQuality = "high";
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL("image/webp", 0.8).split(",")[1];
      })()`)) as string;
      const file = join(out, `${theme}.webp`);
      writeFileSync(file, Buffer.from(webp, "base64"));
      process.stdout.write(`${theme}: ${file} (${Math.round(Buffer.from(webp, "base64").length / 1024)} KB)\n`);
      await page.close();
    }
  } finally {
    server.close();
  }
} finally {
  await browser.close();
  await platform.close();
  await seeding.destroy();
  await dropDatabase(config.DATABASE_URL);
  rmSync(dataDir, { recursive: true, force: true });
}
