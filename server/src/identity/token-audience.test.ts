import jwt from "jsonwebtoken";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { renderDomainServerBlock, renderNginxConfig } from "../sites/nginx-config.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildStore, randomPhone } from "../test/factories.js";
import { freePort } from "../test/free-port.js";
import { httpClient, startTestServer, type TestServer } from "../test/http-client.js";
import { startNginx, type NginxServer } from "../test/nginx-server.js";
import { clearRateLimits, signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";

/**
 * Issue 24 #4: a token from store A is refused at store B and by the merchant
 * API; merchant tokens (issued on the platform's own host) are refused on a
 * store's custom domain; the back office is not served there (server and
 * nginx); a store site's refresh token lives in an httpOnly cookie of the
 * store's host, out of page scripts' reach.
 */
const test = useTestPlatform();
let server: TestServer;
let storeA: Store;
let storeB: Store;
let ownerPhone: string;
const customDomain = `shop-${Date.now()}.example`;
const hostOf = (store: Store) => `${store.slug}.mall.localhost`;

beforeAll(async () => {
  ownerPhone = randomPhone();
  storeA = await buildStore(test.platform.dataSource, { ownerPhone });
  storeB = await buildStore(test.platform.dataSource);
  await test.platform.dataSource.query(`UPDATE stores SET custom_domain = $1, custom_domain_verified = true WHERE id = $2`, [
    customDomain,
    storeA.id,
  ]);
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());
beforeEach(() => clearRateLimits(test.platform));

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const cookieOf = (setCookie: string[] | undefined) => setCookie?.find((line) => line.startsWith("mall_refresh="));

function expectWrongAudience(res: { status: number; body: { error: { code: string; message: string } } }) {
  expect(res.status).toBe(401);
  expect(res.body.error.code).toBe("token_wrong_audience");
  expect(res.body.error.message).toMatch(/وارد شوید/);
}

describe("a shopper's tokens belong to the store they signed in at", () => {
  it("works at that store (its host or X-Store) and is refused at another store, on the platform's host and by the merchant API", async () => {
    const shopper = await signInThroughApi(server, test.platform, { host: hostOf(storeA), storeId: storeA.id });
    expect(jwt.decode(shopper.accessToken)).toMatchObject({ aud: `store:${storeA.id}` });

    expect(
      (await server.request("GET", "/api/v1/me/addresses", { host: hostOf(storeA), headers: bearer(shopper.accessToken) })).status,
    ).toBe(200);
    expect((await server.request("GET", "/api/v1/me/orders", { host: customDomain, headers: bearer(shopper.accessToken) })).status).toBe(
      200,
    );
    expect(
      (await server.request("GET", "/api/v1/me/addresses", { headers: { ...bearer(shopper.accessToken), "X-Store": storeA.slug } })).status,
    ).toBe(200);

    expectWrongAudience(
      await server.request("GET", "/api/v1/me/addresses", { host: hostOf(storeB), headers: bearer(shopper.accessToken) }),
    );
    expectWrongAudience(
      await server.request("GET", "/api/v1/me/orders", { headers: { ...bearer(shopper.accessToken), "X-Store": storeB.id } }),
    );
    expectWrongAudience(
      await server.request("POST", "/api/v1/orders", { host: hostOf(storeB), headers: bearer(shopper.accessToken), body: {} }),
    );
    expectWrongAudience(await server.request("GET", "/api/v1/auth/me", { headers: bearer(shopper.accessToken) }));
    // The merchant API: even naming the token's own store in X-Store does not make it a merchant's token.
    expectWrongAudience(
      await server.request("GET", `/api/v1/stores/${storeB.id}/members`, {
        headers: { ...bearer(shopper.accessToken), "X-Store": storeA.slug },
      }),
    );
    expectWrongAudience(
      await server.request("GET", `/api/v1/stores/${storeA.id}/members`, { host: hostOf(storeA), headers: bearer(shopper.accessToken) }),
    );
  });

  it("a refresh token is exchanged only at its own store; brought elsewhere it is refused and left as it was", async () => {
    const shopper = await signInThroughApi(server, test.platform, { host: hostOf(storeA), storeId: storeA.id });
    const elsewhere = await server.request("POST", "/api/v1/auth/refresh-token", {
      host: hostOf(storeB),
      body: { refreshToken: shopper.refreshToken },
    });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.error.code).toBe("refresh_token_wrong_store");
    const onPlatform = await server.request("POST", "/api/v1/auth/refresh-token", { body: { refreshToken: shopper.refreshToken } });
    expect(onPlatform.status).toBe(401);
    // Signing out elsewhere does not end it either.
    expect(
      (await server.request("POST", "/api/v1/auth/logout", { host: hostOf(storeB), body: { refreshToken: shopper.refreshToken } })).status,
    ).toBe(200);

    const home = await server.request("POST", "/api/v1/auth/refresh-token", {
      host: hostOf(storeA),
      body: { refreshToken: shopper.refreshToken },
    });
    expect(home.status).toBe(200);
    expect(jwt.decode(home.body.accessToken)).toMatchObject({ aud: `store:${storeA.id}` });
    expect(
      (await server.request("GET", "/api/v1/me/addresses", { host: hostOf(storeB), headers: bearer(home.body.accessToken) })).status,
    ).toBe(401);
  });
});

describe("merchant and back-office access only on the platform's own host", () => {
  it("a token signed in on the platform's host runs the store there and is refused on the store's custom domain", async () => {
    const owner = await signInThroughApi(server, test.platform, { phone: ownerPhone, host: "mall.localhost" });
    expect(jwt.decode(owner.accessToken)).toMatchObject({ aud: "platform" });
    expect(
      (await server.request("GET", `/api/v1/stores/${storeA.id}/members`, { host: "mall.localhost", headers: bearer(owner.accessToken) }))
        .status,
    ).toBe(200);
    expect((await server.request("GET", `/api/v1/stores/${storeA.id}/members`, { headers: bearer(owner.accessToken) })).status).toBe(200);
    expectWrongAudience(
      await server.request("GET", `/api/v1/stores/${storeA.id}/members`, { host: customDomain, headers: bearer(owner.accessToken) }),
    );
    expectWrongAudience(await server.request("GET", "/api/v1/auth/me", { host: customDomain, headers: bearer(owner.accessToken) }));
  });

  it("/admin is not served on a custom domain: 404 JSON, no sign-in page, no session cookie", async () => {
    for (const path of ["/admin", "/admin/login", "/admin/api/resources/products/actions/list"]) {
      const res = await server.request("GET", path, { host: customDomain });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
    const code = await server.request("POST", "/admin/login/code", { host: customDomain, body: { phone: ownerPhone } });
    expect(code.status).toBe(404);
    expect((await server.request("GET", "/admin/login", { host: "mall.localhost" })).status).toBe(200);
  });
});

describe("the store site's refresh token in an httpOnly cookie", () => {
  it("sign-in with refreshTokenIn=cookie keeps the token out of the body; refresh and sign-out read the cookie; another store's host gets nothing from it", async () => {
    const phone = randomPhone();
    const { issueOtp, otpKey } = await import("./otp.service.js");
    const { systemContext } = await import("../core/context.js");
    const { code } = await test.platform.dataSource.transaction((manager) =>
      issueOtp(systemContext(manager, "test"), { phone, storeId: storeA.id }, otpKey(test.config.JWT_SECRET)),
    );
    const signedIn = await server.request("POST", "/api/v1/auth/verify-otp", {
      host: hostOf(storeA),
      body: { phone, code, refreshTokenIn: "cookie" },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.refreshToken).toBeUndefined();
    expect(signedIn.text).not.toMatch(/refresh_?token"?\s*:/i);
    const cookie = cookieOf(signedIn.headers["set-cookie"])!;
    expect(cookie).toMatch(/^mall_refresh=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/api\/v1\/auth/);
    expect(cookie).not.toMatch(/Domain=/i); // this host only: the store's origin
    const pair = cookie.split(";")[0]!;

    const refreshed = await server.request("POST", "/api/v1/auth/refresh-token", {
      host: hostOf(storeA),
      headers: { cookie: pair },
      body: {},
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    const next = cookieOf(refreshed.headers["set-cookie"])!.split(";")[0]!;
    expect(next).not.toBe(pair);
    expect(
      (await server.request("GET", "/api/v1/me/addresses", { host: hostOf(storeA), headers: bearer(refreshed.body.accessToken) })).status,
    ).toBe(200);

    // The used cookie is spent; the cookie brought to another store's host is refused there.
    expect(
      (await server.request("POST", "/api/v1/auth/refresh-token", { host: hostOf(storeB), headers: { cookie: next }, body: {} })).status,
    ).toBe(401);

    const out = await server.request("POST", "/api/v1/auth/logout", { host: hostOf(storeA), headers: { cookie: next }, body: {} });
    expect(out.status).toBe(200);
    expect(cookieOf(out.headers["set-cookie"])).toMatch(/^mall_refresh=;/);
    const after = await server.request("POST", "/api/v1/auth/refresh-token", { host: hostOf(storeA), headers: { cookie: next }, body: {} });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("refresh_token_invalid");
  });
});

describe("the custom domain's nginx block", () => {
  let nginx: NginxServer;
  let platformBlock: TestServer;
  let domainBlock: TestServer;
  beforeAll(async () => {
    const port = await freePort();
    const domainPort = await freePort();
    const block = renderDomainServerBlock({
      domain: customDomain,
      listen: `127.0.0.1:${domainPort}`,
      certFile: "",
      keyFile: "",
      sitesDir: test.config.SITES_DIR,
    }).replace(/^\s*ssl_certificate.*$/gm, "");
    nginx = await startNginx(
      `${renderNginxConfig({ upstreams: [`127.0.0.1:${server.port}`], sitesDir: test.config.SITES_DIR, listen: `127.0.0.1:${port}` })}\n${block}`,
      port,
    );
    platformBlock = httpClient(port);
    domainBlock = httpClient(domainPort);
  }, 60_000);
  afterAll(() => nginx?.stop());

  it("answers 404 for the back office and the merchant API, and still proxies the shoppers' API", async () => {
    for (const path of ["/admin", "/admin/login", "/admin/", `/api/v1/stores/${storeA.id}/members`]) {
      const res = await domainBlock.request("GET", path, { host: customDomain });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await domainBlock.request("GET", "/api/v1/products", { host: customDomain })).status).toBe(200);
    expect((await platformBlock.request("GET", "/admin/login", { host: "mall.localhost" })).status).toBe(200);
  });
});
