import { createHash } from "node:crypto";
import { INSTAGRAM_LOGIN_MESSAGES, type InstagramLoginResult } from "@mall/locale";
import { AuditEntry } from "@mall/server/audit/audit-entry.entity.js";
import { InstagramAccount } from "@mall/server/social/instagram.entity.js";
import { instagramToken } from "@mall/server/social/instagram-token.js";
import { buildStore } from "@mall/server/test/factories.js";
import { startInstagramGraphFake } from "@mall/server/test/fakes/instagram-graph-server.js";
import { answerInstagramAuthorize, instagramLoginEnv } from "@mall/server/test/social.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * Instagram Login through the back office's routes, over HTTP as the
 * merchant's browser makes the calls (the session cookie, redirects read
 * by hand), against the local Instagram fake (which checks the app secret,
 * the exact redirect URI, and codes used once): /admin/instagram/authorize
 * sends the browser to Instagram with a state; the callback connects the
 * store only for the state's own person, once, within its minutes.
 */
const REDIRECT_URI = "https://mall.example/admin/instagram/callback";
const instagram = await startInstagramGraphFake();
instagram.app.redirectUri = REDIRECT_URI;
const test = useAdminServer({
  env: { ...instagramLoginEnv(instagram), INSTAGRAM_GRAPH_URL: `${instagram.url}/v21.0`, INSTAGRAM_REDIRECT_URI: REDIRECT_URI },
});
const IG_USER = "17841400000000777";
let storeA: Store;
let storeB: Store;
let merchantA: AdminSession;
let merchantB: AdminSession;

beforeAll(async () => {
  const { dataSource } = test.platform;
  storeA = await buildStore(dataSource, { name: "گالری آفتاب" });
  storeB = await buildStore(dataSource, { name: "فروشگاه همسایه" });
  const phone = async (store: Store) =>
    ((await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId])) as [{ phone: string }])[0].phone;
  merchantA = await signInToAdmin(test.server, test.platform, await phone(storeA));
  merchantB = await signInToAdmin(test.server, test.platform, await phone(storeB));
  instagram.addLoginAccount(IG_USER, "aftab.gallery");
}, 60_000);
beforeEach(async () => {
  await test.platform.dataSource.query(`DELETE FROM instagram_accounts`);
  instagram.app.redirectUri = REDIRECT_URI;
});
afterAll(() => instagram.close());

/** «اتصال به اینستاگرام»: where our route sends the browser. */
async function authorize(session: AdminSession, store: Store): Promise<string> {
  const res = await session.get(`/instagram/authorize?storeId=${store.id}`);
  expect(res.status, res.text).toBe(303);
  return res.headers.get("location")!;
}
/** Instagram sending the browser back to our callback with what it brought. */
const callback = (session: AdminSession, back: URL | string) =>
  session.get(`/instagram/callback${typeof back === "string" ? back : back.search}`);
const pageOf = (store: Store, result: InstagramLoginResult) => `/admin/resources/stores/records/${store.id}/instagram?instagram=${result}`;
const accountOf = (store: Store) => test.platform.dataSource.getRepository(InstagramAccount).findOneBy({ storeId: store.id });
const exchanges = () => instagram.requests.filter((request) => request.path === "/oauth/access_token");

describe("Instagram Login from the back office", () => {
  it("sends the merchant to Instagram's authorize page with the app, the exact redirect URI, the publishing scopes and a state", async () => {
    const url = new URL(await authorize(merchantA, storeA));
    expect(`${url.origin}${url.pathname}`).toBe(`${instagram.url}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: instagram.app.id,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "instagram_business_basic,instagram_business_content_publish",
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    // Another store's authorize: not found, no state made, nowhere to go.
    const other = await merchantA.get(`/instagram/authorize?storeId=${storeB.id}`);
    expect(other.status).toBe(404);
    expect(other.text).toContain("این فروشگاه پیدا نشد.");
  });

  it("connects: code → short-lived → long-lived token, the account read, the token sealed, audited, back to the page", async () => {
    instagram.reset();
    const back = await answerInstagramAuthorize(instagram, await authorize(merchantA, storeA));
    const res = await callback(merchantA, back);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(pageOf(storeA, "connected"));

    const [exchange] = exchanges();
    expect(exchange!.body).toEqual({
      client_id: instagram.app.id,
      client_secret: instagram.app.secret,
      grant_type: "authorization_code",
      redirect_uri: REDIRECT_URI,
      code: back.searchParams.get("code"),
    });
    const longLived = instagram.requests.find((request) => request.path.startsWith("/access_token?"))!;
    expect(new URL(longLived.path, "http://x").searchParams.get("grant_type")).toBe("ig_exchange_token");
    const account = (await accountOf(storeA))!;
    expect(account).toMatchObject({
      igUserId: IG_USER,
      username: "aftab.gallery",
      connectedVia: "instagram_login",
      status: "active",
      accessToken: null,
    });
    expect(instagramToken(test.platform.config, account)).toBe(instagram.currentToken(IG_USER));
    expect(account.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    const audit = await test.platform.dataSource
      .getRepository(AuditEntry)
      .findOneByOrFail({ storeId: storeA.id, action: "instagram.connected" });
    expect(audit).toMatchObject({
      surface: "admin",
      actorUserId: storeA.ownerId,
      after: { instagramAccount: "@aftab.gallery", instagramConnectedVia: "instagram_login" },
    });
    expect(JSON.stringify(audit)).not.toContain(instagram.currentToken(IG_USER));

    // The page shows it.
    const shown = await merchantA.recordAction("stores", storeA.id, "instagram");
    expect(shown.body.instagram.account).toMatchObject({
      username: "aftab.gallery",
      connectedVia: "instagram_login",
      tokenExpiresAt: account.tokenExpiresAt!.toISOString(),
    });

    // The same return again (a reload, or someone who copied the URL): the state is spent.
    const again = await callback(merchantA, back);
    expect(again.status).toBe(400);
    expect(again.text).toContain(INSTAGRAM_LOGIN_MESSAGES.bad_state);
    expect(exchanges()).toHaveLength(1);
  });

  it("refuses a forged state without spending the code, and a state that came back in another merchant's session", async () => {
    const back = await answerInstagramAuthorize(instagram, await authorize(merchantA, storeA));
    const code = back.searchParams.get("code")!;
    instagram.reset();
    for (const state of ["forged", "A".repeat(43), ""]) {
      const res = await callback(merchantA, `?code=${code}&state=${state}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain(INSTAGRAM_LOGIN_MESSAGES.bad_state);
    }
    expect(exchanges()).toHaveLength(0);
    expect(instagram.codes.get(code)!.used).toBe(false);

    // Merchant B is handed merchant A's return (a link in a message): B's session is not the one that started it.
    const res = await callback(merchantB, back);
    expect(res.status).toBe(400);
    expect(res.text).toContain(INSTAGRAM_LOGIN_MESSAGES.other_user);
    expect(res.text).not.toContain(storeA.id);
    expect(exchanges()).toHaveLength(0);
    expect(await accountOf(storeA)).toBeNull();
    expect(await accountOf(storeB)).toBeNull();
    // …and A's state is spent by that attempt: it cannot be used after all.
    expect((await callback(merchantA, back)).text).toContain(INSTAGRAM_LOGIN_MESSAGES.bad_state);
  });

  it("refuses an expired state, a refusal on Instagram's page, a reused code and a code issued for another redirect URI, in Persian", async () => {
    // Expired: the state's minutes are over.
    const expiring = new URL(await authorize(merchantA, storeA));
    const key = `instagram-login:${createHash("sha256").update(expiring.searchParams.get("state")!).digest("hex")}`;
    const saved = JSON.parse((await test.platform.redis.get(key))!) as Record<string, string>;
    await test.platform.redis.set(key, JSON.stringify({ ...saved, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const late = await answerInstagramAuthorize(instagram, expiring.toString());
    expect((await callback(merchantA, late)).headers.get("location")).toBe(pageOf(storeA, "expired_state"));

    // «Cancel» on Instagram's page.
    const cancelled = await answerInstagramAuthorize(instagram, await authorize(merchantA, storeA), "cancel");
    expect(cancelled.searchParams.get("error")).toBe("access_denied");
    expect((await callback(merchantA, cancelled)).headers.get("location")).toBe(pageOf(storeA, "denied"));

    // A code already exchanged, brought back with a fresh state of the same person: Instagram refuses it.
    const first = await answerInstagramAuthorize(instagram, await authorize(merchantA, storeA));
    expect((await callback(merchantA, first)).headers.get("location")).toBe(pageOf(storeA, "connected"));
    await test.platform.dataSource.query(`DELETE FROM instagram_accounts`);
    const fresh = new URL(await authorize(merchantA, storeA));
    instagram.reset();
    const reused = await callback(merchantA, `?code=${first.searchParams.get("code")}&state=${fresh.searchParams.get("state")}`);
    expect(reused.headers.get("location")).toBe(pageOf(storeA, "provider_error"));
    expect(exchanges()).toHaveLength(1);
    expect(await accountOf(storeA)).toBeNull();

    // A code Instagram issued for another redirect URI is not exchanged for ours.
    instagram.app.redirectUri = "https://evil.example/callback";
    const elsewhere = new URL(await authorize(merchantA, storeA));
    expect((await fetch(elsewhere)).status).toBe(400); // Instagram's page refuses our URI: it is not the registered one.
    elsewhere.searchParams.set("redirect_uri", "https://evil.example/callback");
    const stolen = await answerInstagramAuthorize(instagram, elsewhere.toString());
    const wrong = await callback(merchantA, `?code=${stolen.searchParams.get("code")}&state=${stolen.searchParams.get("state")}`);
    expect(wrong.headers.get("location")).toBe(pageOf(storeA, "provider_error"));
    expect(await accountOf(storeA)).toBeNull();
  });
});
