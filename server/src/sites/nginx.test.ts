import { readFileSync, realpathSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordSlugChange } from "../catalog/slug-redirects.js";
import { createApp } from "../main/app.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { setStoreStatus } from "../tenancy/tenancy.service.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { freePort } from "../test/free-port.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { startNginx, type NginxServer } from "../test/nginx-server.js";
import { useTestPlatform } from "../test/test-platform.js";
import { renderNginxConfig } from "./nginx-config.js";
import { buildLanding } from "./landing-build.service.js";
import { buildSite } from "./site-build.service.js";
import { syncHostLinks } from "./site-hosts.js";
import { sitePaths } from "./site-paths.js";

const test = useTestPlatform();
let app: TestServer;
let nginx: NginxServer;
let nginxPort: number;
let store: Store;

function get(
  path: string,
  host: string,
  encoding = "identity",
  port = nginxPort,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host, "accept-encoding": encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString("utf8"), bytes });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource, { name: "فروشگاه پشت nginx" });
  const vase = await buildProduct(test.platform.dataSource, store.id, {
    nameFa: "گلدان سفالی",
    slug: "vase",
    basePrice: 2_000_000,
    stock: 3,
  });
  // Once named clay-vase: the build's redirect table sends the old address to the new one.
  await test.platform.dataSource.transaction((m) =>
    recordSlugChange(systemContext(m, "test"), store.id, "product", vase.id, "clay-vase", "vase"),
  );
  expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");
  app = await startTestServer(createApp(test.platform));
  nginxPort = await freePort();
  nginx = await startNginx(
    renderNginxConfig({
      upstreams: [`127.0.0.1:${app.port}`],
      sitesDir: test.config.SITES_DIR,
      listen: `127.0.0.1:${nginxPort}`,
      brotliStatic: true,
    }),
    nginxPort,
  );
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  await app?.close();
});

describe("the generated nginx config, with Debian's nginx", () => {
  const host = () => `${store.slug}.mall.localhost`;

  it("serves a store's built pages from disk by Host, with the site's headers", async () => {
    const home = await get("/", host());
    expect(home.status).toBe(200);
    expect(home.headers.server).toMatch(/^nginx/);
    expect(home.headers["x-powered-by"]).toBeUndefined();
    expect(home.headers["cache-control"]).toBe("public, max-age=0, must-revalidate");
    expect(home.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(home.body).toContain("گلدان سفالی");
    const product = await get("/p/vase/", host());
    expect(product.status).toBe(200);
    expect(product.headers["content-type"]).toContain("text/html");
    const css = home.body.match(/href="(\/_astro\/[^"]+\.css)"/)![1]!;
    const asset = await get(css, host());
    expect(asset.status).toBe(200);
    expect(asset.headers["content-type"]).toContain("text/css");
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("sends the build's .br and .gz twins by Accept-Encoding, with Vary, and the plain file otherwise", async () => {
    const live = realpathSync(sitePaths(test.config.SITES_DIR, store.id).current);
    const home = await get("/", host());
    const css = home.body.match(/href="(\/_astro\/[^"]+\.css)"/)![1]!;
    for (const [path, file] of [
      ["/p/vase/", "p/vase/index.html"],
      [css, css.slice(1)],
    ] as const) {
      const br = await get(path, host(), "gzip, deflate, br");
      expect(br.status).toBe(200);
      expect(br.headers["content-encoding"]).toBe("br");
      // Once: the location's add_header, not gzip_vary's too.
      expect(br.headers.vary).toBe("Accept-Encoding");
      expect(br.bytes.equals(readFileSync(join(live, `${file}.br`)))).toBe(true);
      const gz = await get(path, host(), "gzip");
      expect(gz.headers["content-encoding"]).toBe("gzip");
      expect(gz.headers.vary).toBe("Accept-Encoding");
      expect(gz.bytes.equals(readFileSync(join(live, `${file}.gz`)))).toBe(true);
      expect(Number(gz.headers["content-length"])).toBe(gz.bytes.length);
      const plain = await get(path, host(), "identity");
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.headers.vary).toBe("Accept-Encoding");
      expect(plain.bytes.equals(readFileSync(join(live, file)))).toBe(true);
    }
    const page = await get("/p/vase/", host(), "br");
    expect(page.headers["cache-control"]).toBe("public, max-age=0, must-revalidate");
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("sends the API, and pages that do not exist, to the server", async () => {
    const api = await get("/api/v1/store", host());
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body).id).toBe(store.id);
    const missing = await get("/p/no-such-product/", host());
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("این صفحه پیدا نشد");
    // The server's own 404 page with the server's headers, not nginx's added on top (one policy).
    expect(String(missing.headers["content-security-policy"]).match(/frame-ancestors/g)).toHaveLength(1);
    const unknown = await get("/", "nobody.mall.localhost");
    expect(unknown.status).toBe(404);
  });

  it("answers a page's address without its slash as the server does, and asks the server for the address as it was written", async () => {
    // nginx's own 301 for the folder, relative and with the query: what the server answers for the same request.
    for (const port of [nginxPort, app.port]) {
      const folder = await get("/p/vase?ref=x", host(), "identity", port);
      expect(folder.status).toBe(301);
      expect(folder.headers.location).toBe("/p/vase/?ref=x");
    }
    // An old slug's 301 is the server's: it was asked for /p/clay-vase/, not the …/index.html nginx tried.
    const moved = await get("/p/clay-vase/?ref=x", host());
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe("/p/vase/?ref=x");
    const robots = await get("/robots.txt", host());
    expect(robots.status).toBe(200);
    expect(robots.headers["content-type"]).toContain("text/plain");
  });

  it("serves the platform's landing page at the bare domain, through its own host link", async () => {
    expect((await buildLanding(test.platform, "test")).status).toBe("succeeded");
    const landing = await get("/", "mall.localhost");
    expect(landing.status).toBe(200);
    expect(landing.headers.server).toMatch(/^nginx/);
    expect(landing.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(landing.body).toContain("درخواست ساخت فروشگاه");
    expect(landing.body).toContain("فروشگاه پشت nginx");
    const check = await get("/api/v1/store-requests/slug-availability?slug=golbaran", "mall.localhost");
    expect(JSON.parse(check.body)).toMatchObject({ available: true });
  });

  it("stops serving a suspended store's files at once, and the server answers 410", async () => {
    await test.platform.dataSource.transaction((m) => setStoreStatus(systemContext(m, "test"), store.id, "suspended"));
    await test.platform.storeCache.invalidate([store]);
    await syncHostLinks(test.platform.dataSource, test.config, store.id);
    const res = await get("/", host());
    expect(res.status).toBe(410);
    expect(res.body).toContain("غیرفعال");
    expect(res.body).not.toContain("گلدان سفالی");
  });

  it("refuses a Host that tries to be a path", async () => {
    expect((await get("/", "..")).status).toBe(400);
  });
});
