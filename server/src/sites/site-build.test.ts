import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateCategory } from "../catalog/category.service.js";
import { deactivateProduct, updateProduct } from "../catalog/product.service.js";
import { createApp } from "../main/app.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildCategory, buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Store as StoreEntity } from "../tenancy/store.entity.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { createCatalogSnapshot } from "./catalog-snapshot.js";
import { SiteBuild } from "./site-build.entity.js";
import { buildAndPublish } from "./site-builder.js";
import { sitePaths } from "./site-paths.js";
import { buildSite, CATCH_UP_DELAY_MS, catchUpSite, requestSiteBuild } from "./site-build.service.js";
import { siteRebuildListener } from "./site-build.job.js";
import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";

const test = useTestPlatform();
let server: TestServer;
let store: Store;
let categoryId: string;

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource, { name: "فروشگاه آزمایش سایت" });
  categoryId = (await buildCategory(test.platform.dataSource, store.id, { nameFa: "ظروف", slug: "dishes" })).id;
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

/** Every file of a built site with the hash of its bytes. */
function treeOf(dir: string): Record<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(
    entries
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [relative(dir, path), createHash("sha256").update(readFileSync(path)).digest("hex")];
      })
      .sort(([a], [b]) => a!.localeCompare(b!)),
  );
}

const host = () => `${store.slug}.mall.localhost`;
const get = (path: string) => server.request("GET", path, { host: host() });
const inTx = <T>(work: (ctx: ReturnType<typeof systemContext>) => Promise<T>) =>
  test.platform.dataSource.transaction((m) => work(systemContext(m, "test")));

describe("store site builds", { timeout: 90_000 }, () => {
  it("says the site is being prepared before the first build", async () => {
    const res = await get("/");
    expect(res.status).toBe(503);
    expect(res.text).toContain("آماده‌سازی");
  });

  it("builds the catalog into a static site served by the store's host", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id, {
      categoryId,
      nameFa: "کاسهٔ سفالی",
      slug: "clay-bowl",
      basePrice: 3_500_000,
      stock: 4,
    });
    const build = await buildSite(test.platform, store.id, "test");
    expect(build.status).toBe("succeeded");
    expect(build.pageCount).toBeGreaterThan(3);

    const home = await get("/");
    expect(home.status).toBe(200);
    expect(home.headers["content-type"]).toContain("text/html");
    expect(home.headers["cache-control"]).toContain("must-revalidate");
    expect(home.text).toContain('<html lang="fa" dir="rtl"');
    expect(home.text).toContain("کاسهٔ سفالی");

    const page = await get(`/p/${product.slug}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("۳۵۰٬۰۰۰ تومان");
    expect(page.text).toContain('"priceCurrency":"IRR"');
    expect(page.text).toContain('"price":3500000');

    const category = await get("/c/dishes");
    expect(category.status).toBe(301);
    expect(category.headers.location).toBe("/c/dishes/");

    const asset = home.text.match(/href="(\/_astro\/[^"]+\.css)"/)?.[1];
    expect(asset).toBeTruthy();
    const css = await get(asset!);
    expect(css.status).toBe(200);
    expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable");

    const sitemap = await get("/sitemap.xml");
    expect(sitemap.text).toContain(`http://${store.slug}.mall.localhost`);
  });

  it("shows a price change after the next build, and a deactivated product answers the Persian 404 page", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id, {
      categoryId,
      nameFa: "بشقاب مسی",
      slug: "copper-plate",
      basePrice: 9_000_000,
      stock: 2,
    });
    await buildSite(test.platform, store.id, "test");
    expect((await get("/p/copper-plate/")).text).toContain("۹۰۰٬۰۰۰ تومان");

    await inTx((ctx) => updateProduct(ctx, store.id, product.id, { basePrice: 9_900_000 }));
    await buildSite(test.platform, store.id, "test");
    expect((await get("/p/copper-plate/")).text).toContain("۹۹۰٬۰۰۰ تومان");

    await inTx((ctx) => deactivateProduct(ctx, store.id, product.id));
    await buildSite(test.platform, store.id, "test");
    const gone = await get("/p/copper-plate/");
    expect(gone.status).toBe(404);
    expect(gone.text).toContain("این صفحه پیدا نشد");
    expect((await get("/")).text).not.toContain("بشقاب مسی");
  });

  it("sends a renamed product's and category's old addresses to the new ones with a 301, query kept", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id, {
      categoryId,
      nameFa: "پارچ سفالی",
      slug: "clay-jug",
      basePrice: 4_000_000,
      stock: 3,
    });
    await buildSite(test.platform, store.id, "test");
    await inTx((ctx) => updateProduct(ctx, store.id, product.id, { slug: "clay-pitcher" }));
    await inTx((ctx) => updateCategory(ctx, store.id, categoryId, { slug: "tableware" }));
    expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");
    const moved = await get("/p/clay-jug/?utm_source=telegram");
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe("/p/clay-pitcher/?utm_source=telegram");
    expect((await get("/p/clay-pitcher/")).status).toBe(200);
    expect((await get("/c/dishes/")).headers.location).toBe("/c/tableware/");
    expect((await get("/c/dishes/page/2/")).headers.location).toBe("/c/tableware/page/2/");
    // Renamed again: the first address follows it; the slug given back is a page of its own again.
    await inTx((ctx) => updateProduct(ctx, store.id, product.id, { slug: "clay-jug-large" }));
    await inTx((ctx) => updateCategory(ctx, store.id, categoryId, { slug: "dishes" }));
    await buildSite(test.platform, store.id, "test");
    expect((await get("/p/clay-jug/")).headers.location).toBe("/p/clay-jug-large/");
    expect((await get("/p/clay-pitcher/")).headers.location).toBe("/p/clay-jug-large/");
    expect((await get("/c/dishes/")).status).toBe(200);
    expect((await get("/c/tableware/")).headers.location).toBe("/c/dishes/");
    expect((await get("/p/never-was/")).status).toBe(404);
  });

  it("rebuilds only the touched pages after a product change, and the result equals a full build byte for byte", async () => {
    const product = await buildProduct(test.platform.dataSource, store.id, {
      categoryId,
      nameFa: "سینی برنجی",
      slug: "brass-tray",
      basePrice: 6_000_000,
      stock: 5,
    });
    await buildSite(test.platform, store.id, "test");
    await inTx((ctx) => updateProduct(ctx, store.id, product.id, { basePrice: 6_600_000 }));
    const incremental = await buildSite(test.platform, store.id, "test");
    expect(incremental.status).toBe("succeeded");
    expect(incremental.mode).toBe("incremental");
    expect((await get("/p/brass-tray/")).text).toContain("۶۶۰٬۰۰۰ تومان");

    const fullDir = mkdtempSync(join(tmpdir(), "mall-full-"));
    try {
      const liveStore = await test.platform.dataSource.getRepository(StoreEntity).findOneByOrFail({ id: store.id });
      const snapshot = await createCatalogSnapshot(
        test.platform.dataSource.manager,
        store.id,
        storeOrigin(test.config, liveStore),
        test.platform.mediaStorage,
      );
      const full = await buildAndPublish({ sitesDir: fullDir, storeId: store.id, buildId: "full", snapshot, full: true });
      expect(full.mode).toBe("full");
      const live = realpathSync(sitePaths(test.config.SITES_DIR, store.id).current);
      expect(treeOf(live)).toEqual(treeOf(full.outDir));
    } finally {
      rmSync(fullDir, { recursive: true, force: true });
    }
  });

  it("keeps the last good site when a build fails, and records the failure", async () => {
    const before = (await get("/")).text;
    const failed = await buildSite(test.platform, store.id, "test", { timeoutMs: 50 });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/killed/);
    const row = await test.platform.dataSource.getRepository(SiteBuild).findOneByOrFail({ id: failed.id });
    expect(row.status).toBe("failed");
    expect(row.finishedAt).toBeInstanceOf(Date);
    const after = await get("/");
    expect(after.status).toBe(200);
    expect(after.text).toBe(before);
  });

  it("runs the build child with the environment a build needs and none of the worker's secrets", async () => {
    const canaries = {
      JWT_SECRET: "canary-jwt-secret-0123456789abcdef0123",
      PAYMENT_SECRET_KEY: "canary-payment-key-0123456789abcdef",
      EMALLS_TOKEN_SECRET: "canary-emalls-key-0123456789abcdef012",
      DATABASE_URL: "postgres://canary@127.0.0.1/x",
      KAVENEGAR_API_KEY: "canary-sms",
      TELEGRAM_BOT_TOKEN: "1:canary",
    };
    const saved = Object.fromEntries(Object.keys(canaries).map((k) => [k, process.env[k]]));
    Object.assign(process.env, canaries);
    try {
      let finished = false;
      const building = buildSite(test.platform, store.id, "test", { full: true }).finally(() => {
        finished = true;
      });
      // The child is found in /proc by its parent and its script while the build runs (several seconds of Astro).
      let environ: string | null = null;
      while (environ === null && !finished) {
        for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
          try {
            const ppid = /^\d+ \(.*\) \S (\d+)/s.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))?.[1];
            if (Number(ppid) !== process.pid || !readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("build-site.ts")) continue;
            environ = readFileSync(`/proc/${pid}/environ`, "utf8");
          } catch {
            // a process that ended while we looked
          }
        }
        if (environ === null) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect((await building).status).toBe("succeeded");
      expect(environ).not.toBeNull();
      const names = environ!
        .split("\0")
        .filter(Boolean)
        .map((line) => line.slice(0, line.indexOf("=")));
      expect(names).toEqual(expect.arrayContaining(["MALL_SNAPSHOT", "MALL_OUT_DIR", "MALL_SITE_ORIGIN", "PATH"]));
      for (const [name, value] of Object.entries(canaries)) {
        expect(names).not.toContain(name);
        expect(environ).not.toContain(value);
      }
      for (const name of ["REDIS_URL", "JWT_SECRET", "PAYMENT_SECRET_KEY", "EMALLS_TOKEN_SECRET", "DATABASE_URL"])
        expect(names).not.toContain(name);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("collapses build requests within the debounce window into one pending build", async () => {
    const queue = test.platform.queues.get("site-build");
    await requestSiteBuild(test.platform.queues, store.id, "first");
    await requestSiteBuild(test.platform.queues, store.id, "second");
    await requestSiteBuild(test.platform.queues, store.id, "third");
    const pending = await queue.getJobs(["delayed", "waiting"]);
    expect(pending.filter((job) => job.data.storeId === store.id)).toHaveLength(1);
    expect(pending[0]!.data.trigger).toBe("third");
    await queue.obliterate({ force: true });
  });

  it("starts no build for a price or stock change; its one catch-up build writes nothing when a regular build carried it", async () => {
    const queue = test.platform.queues.get("site-build");
    await queue.obliterate({ force: true });
    const product = await buildProduct(test.platform.dataSource, store.id, {
      categoryId,
      nameFa: "کاسهٔ لعابی",
      slug: "glazed-bowl",
      basePrice: 2_000_000,
      stock: 4,
    });
    await buildSite(test.platform, store.id, "test");
    const listener = siteRebuildListener(test.platform);
    const deliver = (type: EventJobData["type"], payload: Record<string, unknown>) =>
      listener({ data: { eventId: "1", storeId: store.id, type, entityId: product.id, payload } } as unknown as Job<EventJobData>);
    const pending = async () => (await queue.getJobs(["delayed", "waiting"])).filter((job) => job.data.storeId === store.id);

    await deliver("product.changed", { change: "updated", fields: ["basePrice"] });
    await deliver("instance.changed", { change: "updated", productId: product.id, fields: ["price", "stock"] });
    await deliver("instance.changed", { change: "stock", productId: product.id, delta: -1, stock: 3 });
    expect((await pending()).map((job) => job.name)).toEqual(["catch-up"]);
    expect((await pending())[0]!.delay).toBe(CATCH_UP_DELAY_MS);
    // Anything else on the page is a regular (debounced) build, beside the catch-up one.
    await deliver("product.changed", { change: "updated", fields: ["nameFa", "basePrice"] });
    await deliver("instance.changed", { change: "updated", productId: product.id, fields: ["sku"] });
    expect((await pending()).map((job) => job.name).sort()).toEqual(["build", "catch-up"]);
    await queue.obliterate({ force: true });

    // The catch-up finds the live build made from this very catalog: no build, no row, no file.
    const live = realpathSync(sitePaths(test.config.SITES_DIR, store.id).current);
    const rows = await test.platform.dataSource.getRepository(SiteBuild).countBy({ storeId: store.id });
    expect(await catchUpSite(test.platform, store.id, "instance.changed")).toBeNull();
    expect(await test.platform.dataSource.getRepository(SiteBuild).countBy({ storeId: store.id })).toBe(rows);
    expect(realpathSync(sitePaths(test.config.SITES_DIR, store.id).current)).toBe(live);

    // With a price only the live source knows yet, it brings the static copies (JSON-LD, no-script text) up to date.
    await inTx((ctx) => updateProduct(ctx, store.id, product.id, { basePrice: 2_200_000 }));
    const caughtUp = await catchUpSite(test.platform, store.id, "product.changed");
    expect(caughtUp?.status).toBe("succeeded");
    expect(caughtUp?.mode).toBe("incremental");
    const page = (await get("/p/glazed-bowl/")).text;
    expect(page).toContain("۲۲۰٬۰۰۰ تومان");
    expect(page).toContain('"price":2200000');
  });

  it("rebuilds on its own after a catalog change: outbox → relay → debounced build → served", async () => {
    let worker: RunningWorker | undefined;
    try {
      worker = startWorkers(test.platform, { relayIntervalMs: 100, queues: ["site-rebuild", "site-build"] });
      await buildProduct(test.platform.dataSource, store.id, {
        categoryId,
        nameFa: "لیوان فیروزه‌کوب",
        slug: "turquoise-cup",
        basePrice: 1_200_000,
        stock: 1,
      });
      await expect.poll(async () => (await get("/p/turquoise-cup/")).status, { timeout: 40_000, interval: 500 }).toBe(200);
      expect((await get("/")).text).toContain("لیوان فیروزه‌کوب");
    } finally {
      await worker?.stop();
    }
  });
});
