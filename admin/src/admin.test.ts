import { buildStore, randomPhone } from "@mall/server/test/factories.js";
import { buildUser, clearRateLimits, waitForLastOtp } from "@mall/server/test/sign-in.js";
import express from "express";
import { beforeEach, describe, expect, it } from "vitest";
import { IoredisSessionStore, SESSION_KEY_PREFIX, SESSION_TTL_SECONDS, adminSession } from "./auth/session.js";
import { stampScriptNonces } from "./script-nonce.js";
import { signInToAdmin, useAdminServer } from "./test/admin-server.js";
import { toPersianDigits } from "@mall/locale";

const test = useAdminServer();
beforeEach(() => clearRateLimits(test.platform));

async function post(path: string, body: unknown) {
  const response = await fetch(`${test.server.url}/admin${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    redirect: "manual",
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { error?: { message: string; field?: string; code: string } },
  };
}

describe("the back office's pages and assets", () => {
  it("sends a visitor who is not signed in to the Persian sign-in page", async () => {
    const home = await fetch(`${test.server.url}/admin`, { redirect: "manual" });
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/admin/login");
    const api = await fetch(`${test.server.url}/admin/api/resources/products/actions/list`);
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(/وارد/);
  });

  it("serves the sign-in page right to left, with a nonce on each script and a CSP that names it", async () => {
    const page = await fetch(`${test.server.url}/admin/login`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const csp = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).not.toContain("unsafe-inline' 'self'");
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).not.toContain("fonts.googleapis.com");
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(3);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).toContain("/admin/assets/admin.css");
    // Each page its own nonce.
    const again = await fetch(`${test.server.url}/admin/login`);
    expect(again.headers.get("content-security-policy")).not.toContain(nonce!);
  });

  it("stamps the nonce on the scripts AdminJS writes and on no script smuggled into the page's state", async () => {
    const store = await buildStore(test.platform.dataSource);
    const owner = await test.platform.dataSource.query(`SELECT u.phone FROM users u JOIN stores s ON s.owner_id = u.id WHERE s.id = $1`, [
      store.id,
    ]);
    const session = await signInToAdmin(test.server, test.platform, owner[0].phone as string);
    const page = await fetch(`${test.server.url}/admin`, { headers: { cookie: session.cookie } });
    expect(page.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(page.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    const html = await page.text();
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    // The REDUX_STATE and start-up inline scripts, AdminJS's four bundles, our components: each with this page's nonce.
    expect(scripts.length).toBeGreaterThanOrEqual(6);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    // The same page as AdminJS wrote it, with a person's text carrying a script in its state (JSON, as
    // JSON.stringify writes it): the rewriter stamps AdminJS's tags and leaves the smuggled one bare.
    const hostile = '</script><script>alert(document.cookie)</script><script src=\\"/admin/x.js\\">';
    const unstamped = html.replaceAll(` nonce="${nonce}"`, "").replace('"title":"', `"title":"${hostile}`);
    expect(unstamped).toContain("<script>alert(document.cookie)</script>");
    const restamped = stampScriptNonces(unstamped, "n0nce");
    expect(restamped).toContain("<script>alert(document.cookie)</script>");
    expect(restamped).toContain('<script src=\\"/admin/x.js\\">');
    expect((restamped.match(/<script nonce="n0nce"/g) ?? []).length).toBe(scripts.length);
  });

  it("keeps the API's and the store sites' CSP as strict as before", async () => {
    const api = await fetch(`${test.server.url}/api/v1/auth/me`);
    const csp = api.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("nonce-");
  });

  it("answers 200 for the custom components' bundle (ADMIN_JS_TMP_DIR, no dot-folder) and the Vazirmatn font", async () => {
    const started = Date.now();
    const bundle = await fetch(`${test.server.url}/admin/frontend/assets/components.bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    const code = await bundle.text();
    expect(code).toContain("AdminJS.UserComponents");
    expect(code).toContain("ورود به پیشخوان مال");
    console.info(`admin components bundle: ${Date.now() - started} ms (built or reused) in ${test.platform.config.ADMIN_JS_TMP_DIR}`); // eslint-disable-line no-console
    for (const path of [
      "/admin/frontend/assets/app.bundle.js",
      "/admin/assets/admin.css",
      "/admin/assets/fonts/Vazirmatn-Regular.woff2",
      "/admin/assets/favicon.svg",
    ]) {
      expect((await fetch(`${test.server.url}${path}`)).status, path).toBe(200);
    }
  }, 180_000);
});

describe("signing in with an SMS code", () => {
  it("texts a code, refuses a wrong one with a Persian message, and starts a Redis session on the right one", async () => {
    const store = await buildStore(test.platform.dataSource);
    const owner = await test.platform.dataSource.query(`SELECT u.phone FROM users u JOIN stores s ON s.owner_id = u.id WHERE s.id = $1`, [
      store.id,
    ]);
    const phone = owner[0].phone as string;

    const before = new Date().toISOString();
    const sent = await post("/login/code", { phone: `0${phone.slice(3)}` });
    expect(sent.status).toBe(202);
    const { code } = await waitForLastOtp(test.platform.redis, phone, { newerThan: before });

    const wrong = await post("/login", { phone, code: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ field: "code", code: "otp_invalid" });
    expect(wrong.body.error?.message).toMatch(/درست نیست/);

    const right = await post("/login", { phone, code: toPersianDigits(code) });
    expect(right.status).toBe(200);
    const cookie = right.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^mall_admin=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/i); // PUBLIC_URL is http here
    const sid = decodeURIComponent(cookie.split(";")[0]!.split("=")[1]!).slice(2).split(".")[0]!;
    expect(await test.platform.redis.exists(`${SESSION_KEY_PREFIX}${sid}`)).toBe(1);
    // Redis forgets it with the cookie: twelve hours from now.
    expect(await test.platform.redis.ttl(`${SESSION_KEY_PREFIX}${sid}`)).toBeGreaterThan(SESSION_TTL_SECONDS - 60);
    expect(await test.platform.redis.ttl(`${SESSION_KEY_PREFIX}${sid}`)).toBeLessThanOrEqual(SESSION_TTL_SECONDS);

    const home = await fetch(`${test.server.url}/admin`, { headers: { cookie: cookie.split(";")[0]! } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("window.REDUX_STATE");
  });

  it("refuses a phone that runs no store, after the code, without a session", async () => {
    const phone = randomPhone();
    const before = new Date().toISOString();
    expect((await post("/login/code", { phone })).status).toBe(202);
    const { code } = await waitForLastOtp(test.platform.redis, phone, { newerThan: before });
    const refused = await post("/login", { phone, code });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toMatch(/دسترسی ندارد/);
    expect(refused.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a number that is not a mobile number, naming the field", async () => {
    const refused = await post("/login/code", { phone: "12345" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ field: "phone", code: "invalid_phone" });
  });

  it("signs out: the session is gone from Redis and the API answers 401", async () => {
    const staff = await buildUser(test.platform.dataSource, { isStaff: true });
    const session = await signInToAdmin(test.server, test.platform, staff.phone);
    expect((await session.list("stores")).status).toBe(200);
    const out = await session.get("/logout");
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/admin/login");
    expect((await session.list("stores")).status).toBe(401);
  });

  it("marks the cookie Secure when the platform is served over https", async () => {
    const app = express();
    app.set("trust proxy", true);
    app.use(adminSession({ SESSION_SECRET: "x".repeat(40), PUBLIC_URL: "https://mall.example" }, test.platform.redis));
    app.get("/admin/touch", (req, res) => {
      req.session.adminUser = { id: "u", email: "e", title: "t", isStaff: false };
      res.send("ok");
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/admin/touch`, { headers: { "x-forwarded-proto": "https" } });
      expect(response.headers.get("set-cookie")).toMatch(/; Secure/i);
    } finally {
      server.close();
    }
  });
});

describe("the session store on the platform's Redis client", () => {
  const call = <T>(run: (done: (error: unknown, value?: T) => void) => void) =>
    new Promise<T | undefined>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));

  it("keeps a session as long as its cookie lives, extends it when touched, and forgets it when destroyed", async () => {
    const store = new IoredisSessionStore(test.platform.redis);
    const sid = `store-test-${Date.now()}`;
    const key = `${SESSION_KEY_PREFIX}${sid}`;
    const cookie = (seconds: number) => ({
      originalMaxAge: seconds * 1000,
      expires: new Date(Date.now() + seconds * 1000),
      httpOnly: true,
      path: "/admin",
    });
    const data = { cookie: cookie(60), adminUser: { id: "u1", email: "u1@mall", title: "مریم", isStaff: false } };

    await call((done) => store.set(sid, data, done));
    expect(await test.platform.redis.ttl(key)).toBeGreaterThan(55);
    expect(await test.platform.redis.ttl(key)).toBeLessThanOrEqual(60);
    expect(await call((done) => store.get(sid, done))).toMatchObject({ adminUser: { id: "u1", title: "مریم" } });

    await call((done) => store.touch(sid, { ...data, cookie: cookie(3600) }, () => done(null)));
    expect(await test.platform.redis.ttl(key)).toBeGreaterThan(3500);

    await call((done) => store.destroy(sid, done));
    expect(await test.platform.redis.exists(key)).toBe(0);
    expect(await call((done) => store.get(sid, done))).toBeNull();
  });
});
