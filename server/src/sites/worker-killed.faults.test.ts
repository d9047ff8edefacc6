import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateProduct } from "../catalog/product.service.js";
import { createApp } from "../main/app.js";
import { systemContext } from "../core/context.js";
import { formatToman } from "@mall/locale";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildSite } from "./site-build.service.js";

/**
 * The worker process is killed (SIGKILL to its process group: the worker and
 * the Astro build it started, as a crashed container) in the middle of a
 * site build. Shoppers keep getting the last good site; a worker started
 * again picks the build up (BullMQ hands a dead worker's job on once its lock
 * runs out) and the change reaches the site; the interrupted build is
 * recorded as failed, not left "building".
 */
const test = useTestPlatform();
const ROOT = resolve(import.meta.dirname, "../../..");
let server: TestServer;
let store: Store;
let productId: string;
const workers: ChildProcess[] = [];

/** `npm run start:worker` in a process group of its own, with this test file's database, Redis prefix and folders. */
function startWorker(): ChildProcess {
  const { DATABASE_URL, REDIS_URL, REDIS_PREFIX, DATA_DIR } = test.config;
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main/worker.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL, REDIS_URL, REDIS_PREFIX, DATA_DIR, LOG_LEVEL: "silent" },
  });
  workers.push(child);
  return child;
}

function killGroup(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once("exit", () => done());
    process.kill(-child.pid!, "SIGKILL");
  });
}

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource, { name: "فروشگاه کارگر" });
  productId = (
    await buildProduct(test.platform.dataSource, store.id, { nameFa: "قوری مسی", slug: "teapot", basePrice: 3_000_000, stock: 4 })
  ).id;
  await buildProduct(test.platform.dataSource, store.id, { nameFa: "سینی مسی", slug: "tray", basePrice: 1_200_000, stock: 2 });
  expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");
  server = await startTestServer(createApp(test.platform));
});

afterAll(async () => {
  for (const child of workers) await killGroup(child).catch(() => {});
  await server?.close();
});

const page = () => server.request("GET", "/p/teapot/", { host: `${store.slug}.${test.config.PLATFORM_DOMAIN}` });
const builds = () =>
  test.platform.dataSource.query<Array<{ id: string; status: string; error: string | null }>>(
    `SELECT id, status, error FROM site_builds WHERE store_id = $1 ORDER BY created_at`,
    [store.id],
  );

/** A product name the site does not show yet, for one attempt at catching a build in flight. */
const renamed = (attempt: number) => `قوری مسی دست‌ساز ${"ابپتثجچ"[attempt]}`;

describe("the worker killed during a site build", () => {
  it("keeps the last good site serving, and a restarted worker builds the change", async () => {
    const first = startWorker();
    // The build of a change has started (its row says building) and Astro is at work; then the machine loses the
    // worker. On an idle machine an incremental build can finish within a second, so the worker's process group is
    // frozen (SIGSTOP) the moment its build row says building; if the frozen build had already published, the
    // attempt is let go and made again with another change.
    let interrupted: { id: string } | undefined;
    let name = "";
    for (let attempt = 0; attempt < 6 && !interrupted; attempt++) {
      name = renamed(attempt);
      const before = new Set((await builds()).map((b) => b.id));
      await test.platform.dataSource.transaction((m) => updateProduct(systemContext(m, "test"), store.id, productId, { nameFa: name }));
      const deadline = Date.now() + 90_000;
      let building: { id: string } | undefined;
      while (!building && Date.now() < deadline) {
        building = (await builds()).find((b) => !before.has(b.id) && b.status === "building");
        if (!building) await new Promise((wait) => setTimeout(wait, 10));
      }
      expect(building, "a site build of the change started").toBeDefined();
      process.kill(-first.pid!, "SIGSTOP");
      if ((await page()).text.includes(name)) {
        process.kill(-first.pid!, "SIGCONT");
        await expect.poll(async () => (await builds()).some((b) => b.status === "building"), { timeout: 90_000 }).toBe(false);
      } else {
        interrupted = building;
      }
    }
    expect(interrupted, "a build caught before it published").toBeDefined();
    await killGroup(first);

    const during = await page();
    expect(during.status).toBe(200);
    expect(during.text).toContain(formatToman(3_000_000));
    expect(during.text).not.toContain(name);

    startWorker();
    await expect.poll(async () => (await page()).text, { timeout: 150_000, interval: 1000 }).toContain(name);
    const after = await builds();
    expect(after.find((b) => b.id === interrupted!.id)).toMatchObject({ status: "failed", error: expect.stringContaining("interrupted") });
    expect(after.at(-1)!.status).toBe("succeeded");
    expect(after.some((b) => b.status === "building")).toBe(false);
  });
});
