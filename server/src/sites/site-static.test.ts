import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { request } from "node:http";
import { join, relative } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deactivateProduct, updateProduct } from "../catalog/product.service.js";
import { systemContext } from "../core/context.js";
import { createApp } from "../main/app.js";
import type { Store } from "../tenancy/store.entity.js";
import { setStoreStatus } from "../tenancy/tenancy.service.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildSite } from "./site-build.service.js";
import { siteCsp } from "./site-csp.js";
import { syncHostLinks } from "./site-hosts.js";
import { sitePaths } from "./site-paths.js";

const test = useTestPlatform();
let server: TestServer;
let store: Store;
let bowlId: string;
let spoonId: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: the bytes as sent, undecoded, so what the server compressed is what is checked. */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: server.port, path, headers: { host: `${store.slug}.mall.localhost`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const live = () => realpathSync(sitePaths(test.config.SITES_DIR, store.id).current);
const built = (file: string) => readFileSync(join(live(), file));
const decode = { br: brotliDecompressSync, gzip: gunzipSync, identity: (bytes: Buffer) => bytes } as const;
const inTx = <T>(work: (ctx: ReturnType<typeof systemContext>) => Promise<T>) =>
  test.platform.dataSource.transaction((m) => work(systemContext(m, "test")));

/** Every twin (.br, .gz) in a build folder decompresses to the file beside it. */
function twinsOf(dir: string): Array<{ twin: string; matches: boolean }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(br|gz)$/.test(e.name))
    .map((e) => {
      const path = join(e.parentPath, e.name);
      const file = path.slice(0, -3);
      const bytes = readFileSync(path);
      const plain = existsSync(file) ? readFileSync(file) : null;
      const decoded = path.endsWith(".br") ? brotliDecompressSync(bytes) : gunzipSync(bytes);
      return { twin: relative(dir, path), matches: plain !== null && decoded.equals(plain) };
    });
}

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource, { name: "فروشگاه فایل‌های فشرده" });
  bowlId = (
    await buildProduct(test.platform.dataSource, store.id, { nameFa: "کاسهٔ چوبی", slug: "wooden-bowl", basePrice: 3_000_000, stock: 4 })
  ).id;
  spoonId = (
    await buildProduct(test.platform.dataSource, store.id, { nameFa: "قاشق چوبی", slug: "wooden-spoon", basePrice: 500_000, stock: 9 })
  ).id;
  expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");
  server = await startTestServer(createApp(test.platform));
}, 120_000);
afterAll(() => server?.close());

describe("the Node storefront's static files", { timeout: 120_000 }, () => {
  it("sends the brotli or gzip twin the build wrote, by Accept-Encoding, and its bytes decompress to exactly the built file", async () => {
    const home = await get("/", { "accept-encoding": "identity" });
    const css = home.body.toString("utf8").match(/href="(\/_astro\/[^"]+\.css)"/)![1]!;
    const cases = [
      { path: "/p/wooden-bowl/", file: "p/wooden-bowl/index.html" },
      { path: css, file: css.slice(1) },
    ];
    for (const { path, file } of cases) {
      for (const [accept, encoding] of [
        ["gzip, deflate, br, zstd", "br"],
        ["gzip", "gzip"],
        ["br;q=0, gzip;q=0.5", "gzip"],
        ["identity", "identity"],
        ["", "identity"],
      ] as const) {
        const res = await get(path, accept ? { "accept-encoding": accept } : {});
        expect(res.status).toBe(200);
        expect(res.headers["content-encoding"] ?? "identity").toBe(encoding);
        expect(res.headers.vary).toMatch(/accept-encoding/i);
        expect(Number(res.headers["content-length"])).toBe(res.body.length);
        expect(decode[encoding](res.body).equals(built(file))).toBe(true);
      }
    }
    // What the build wrote is what went out: the twin's own bytes.
    const br = await get("/p/wooden-bowl/", { "accept-encoding": "br" });
    expect(br.body.equals(built("p/wooden-bowl/index.html.br"))).toBe(true);
  });

  it("gives each representation its own strong ETag and answers 304 to If-None-Match, with Vary and no body", async () => {
    const br = await get("/p/wooden-bowl/", { "accept-encoding": "br" });
    const gz = await get("/p/wooden-bowl/", { "accept-encoding": "gzip" });
    const plain = await get("/p/wooden-bowl/", { "accept-encoding": "identity" });
    const tags = [br, gz, plain].map((r) => r.headers.etag as string);
    for (const tag of tags) expect(tag).toMatch(/^"[^"]+"$/);
    expect(new Set(tags).size).toBe(3);

    const again = await get("/p/wooden-bowl/", { "accept-encoding": "br", "if-none-match": tags[0]! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(tags[0]);
    expect(again.headers.vary).toMatch(/accept-encoding/i);
    expect(again.headers["cache-control"]).toBe("public, max-age=0, must-revalidate");
    // Another representation's tag is not this one's.
    expect((await get("/p/wooden-bowl/", { "accept-encoding": "br", "if-none-match": tags[2]! })).status).toBe(200);
    const head = await get("/p/wooden-bowl/", { "accept-encoding": "br" });
    expect(head.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("writes twins for text only, never serves a twin by its own name, and every twin decompresses to its file", async () => {
    const files = readdirSync(live(), { recursive: true }).map(String);
    expect(files).toContain("p/wooden-bowl/index.html.br");
    expect(files).toContain("p/wooden-bowl/index.html.gz");
    expect(files.filter((f) => /\.woff2\.(br|gz)$/.test(f))).toEqual([]);
    const twins = twinsOf(live());
    expect(twins.length).toBeGreaterThan(10);
    expect(twins.filter((t) => !t.matches)).toEqual([]);
    expect((await get("/p/wooden-bowl/index.html.br")).status).toBe(404);
  });

  it("keeps the twins in step through incremental builds: a rebuilt page gets new ones, a removed page loses them", async () => {
    const before = await get("/p/wooden-bowl/", { "accept-encoding": "br" });

    await inTx((ctx) => updateProduct(ctx, store.id, bowlId, { nameFa: "کاسهٔ گردویی" }));
    const renamed = await buildSite(test.platform, store.id, "test");
    expect(renamed.mode).toBe("incremental");
    const after = await get("/p/wooden-bowl/", { "accept-encoding": "br" });
    expect(brotliDecompressSync(after.body).toString("utf8")).toContain("کاسهٔ گردویی");
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((await get("/p/wooden-bowl/", { "accept-encoding": "gzip" })).body.equals(built("p/wooden-bowl/index.html.gz"))).toBe(true);
    expect(twinsOf(live()).filter((t) => !t.matches)).toEqual([]);

    await inTx((ctx) => deactivateProduct(ctx, store.id, spoonId));
    const removed = await buildSite(test.platform, store.id, "test");
    expect(removed.mode).toBe("incremental");
    const files = readdirSync(live(), { recursive: true }).map(String);
    expect(files.filter((f) => f.startsWith("p/wooden-spoon/"))).toEqual([]);
    expect((await get("/p/wooden-spoon/", { "accept-encoding": "br" })).status).toBe(404);
    expect(twinsOf(live()).filter((t) => !t.matches)).toEqual([]);
  });

  it("sends a live build's file with the server's security headers and the site's own CSP, once each", async () => {
    for (const path of ["/p/wooden-bowl/", "/"]) {
      const res = await get(path, { "accept-encoding": "br" });
      expect(res.status).toBe(200);
      expect(res.headers["content-security-policy"]).toBe(siteCsp(test.config));
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["strict-transport-security"]).toMatch(/max-age=/);
      expect(res.headers["referrer-policy"]).toBeTruthy();
      expect(res.headers["x-powered-by"]).toBeUndefined();
    }
    // A page the build does not have goes through the whole stack: the build's 404 page, with the same headers.
    const missing = await get("/p/no-such-thing/", { "accept-encoding": "br" });
    expect(missing.status).toBe(404);
    expect(missing.headers["content-security-policy"]).toBe(siteCsp(test.config));
    expect(missing.headers["x-content-type-options"]).toBe("nosniff");
    expect(missing.headers["x-request-id"]).toBeTruthy();
  });

  it("serves by the host's link, as nginx does: once a suspended store's links are gone, the store's answer is 410", async () => {
    await inTx((ctx) => setStoreStatus(ctx, store.id, "suspended"));
    await test.platform.storeCache.invalidate([store]);
    await syncHostLinks(test.platform.dataSource, test.config, store.id);
    for (const path of ["/", "/p/wooden-bowl/"]) {
      const res = await get(path, { "accept-encoding": "identity" });
      expect(res.status).toBe(410);
      expect(res.body.toString("utf8")).toContain("غیرفعال");
      expect(res.body.toString("utf8")).not.toContain("کاسهٔ گردویی");
    }
  });
});
