import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { User } from "../identity/user.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { buildUser } from "../test/sign-in.js";
import { buildProductImage, connectThroughInstagramLogin, useSocialTestPlatform } from "../test/social.js";
import { InstagramGraphClient } from "./instagram-graph.js";
import { createInstagramLogin, instagramLoginGraphUrl } from "./instagram-login.js";
import { INSTAGRAM_TOKEN_SWEEP_EVERY_MS, refreshInstagramTokens, type InstagramTokenDeps } from "./instagram-token.job.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { instagramToken } from "./instagram-token.js";
import { InstagramAccount } from "./instagram.entity.js";
import {
  INSTAGRAM_ACCESS_LOST,
  INSTAGRAM_TOKEN_EXPIRED,
  publishProductToInstagram,
  type InstagramPublishDeps,
} from "./instagram.service.js";

/**
 * Long-lived tokens of accounts connected through Instagram Login, against
 * the local Graph fake (which refuses what Instagram refuses: an expired or
 * revoked token, a refresh of a token under a day old): the worker's sweep
 * refreshes the ones near their expiry and leaves the others alone, pauses
 * an account whose token expired or was revoked, and publishing stops for it.
 */
const test = useSocialTestPlatform();
const DAY = 86_400_000;
let owner: User;
let deps: InstagramTokenDeps;

beforeAll(() => {
  const { platform } = test;
  deps = {
    dataSource: platform.dataSource,
    config: platform.config,
    logger: platform.logger,
    login: createInstagramLogin(platform.config),
  };
});
// The sweep looks at every store: each test starts with no account connected.
beforeEach(() => test.platform.dataSource.query(`DELETE FROM instagram_accounts`));
afterEach(() => {
  test.instagram.now = () => Date.now();
});

let nextAccount = 17841400000000100;
async function connectedStore(username: string): Promise<{ store: Store; igUserId: string }> {
  owner = await buildUser(test.platform.dataSource);
  const store = await buildStore(test.platform.dataSource, { ownerPhone: owner.phone });
  const igUserId = String(nextAccount++);
  test.instagram.addLoginAccount(igUserId, username);
  const outcome = await connectThroughInstagramLogin(test, store.id, owner.id);
  expect(outcome).toEqual({ result: "connected", storeId: store.id, username });
  return { store, igUserId };
}
const accountOf = (storeId: string) => test.platform.dataSource.getRepository(InstagramAccount).findOneByOrFail({ storeId });

describe("Instagram tokens", () => {
  it("keeps the long-lived token sealed, with its expiry about 60 days on", async () => {
    const { store, igUserId } = await connectedStore("sealed.shop");
    const account = await accountOf(store.id);
    const token = test.instagram.currentToken(igUserId)!;
    expect(account).toMatchObject({
      igUserId,
      username: "sealed.shop",
      connectedVia: "instagram_login",
      status: "active",
      accessToken: null,
    });
    expect(account.accessTokenSealed).not.toContain(token);
    expect(instagramToken(test.platform.config, account)).toBe(token);
    expect(account.tokenExpiresAt!.getTime() - account.tokenIssuedAt!.getTime()).toBe(60 * DAY);
    // A sealed token moved to another store's row does not open there.
    expect(() => instagramToken(test.platform.config, { ...account, storeId: randomUUID() })).toThrow();
  });

  it("refreshes tokens within INSTAGRAM_TOKEN_REFRESH_DAYS of expiry, and leaves fresh and day-old ones alone", async () => {
    const due = await connectedStore("due.shop");
    const fresh = await connectedStore("fresh.shop");
    const before = { due: await accountOf(due.store.id), fresh: await accountOf(fresh.store.id) };
    // 55 days on, on both clocks: «due» expires in 5 days; «fresh» is reconnected today, so its token is new.
    const later = new Date(Date.now() + 55 * DAY);
    test.instagram.now = () => later.getTime();
    await test.platform.dataSource
      .getRepository(InstagramAccount)
      .update({ storeId: fresh.store.id }, { tokenIssuedAt: later, tokenExpiresAt: new Date(later.getTime() + 60 * DAY) });
    const tooYoung = await connectedStore("young.shop");
    await test.platform.dataSource
      .getRepository(InstagramAccount)
      .update(
        { storeId: tooYoung.store.id },
        { tokenIssuedAt: new Date(later.getTime() - 3600_000), tokenExpiresAt: new Date(later.getTime() + 2 * DAY) },
      );
    test.instagram.reset();

    expect(await refreshInstagramTokens(deps, later)).toEqual({ refreshed: 1, expired: 0, revoked: 0, failed: 0, tooYoung: 1 });
    const refreshed = await accountOf(due.store.id);
    expect(refreshed.tokenExpiresAt!.getTime()).toBe(later.getTime() + 60 * DAY);
    expect(refreshed.tokenIssuedAt!.getTime()).toBe(later.getTime());
    expect(instagramToken(test.platform.config, refreshed)).toBe(test.instagram.currentToken(due.igUserId));
    expect(instagramToken(test.platform.config, refreshed)).not.toBe(instagramToken(test.platform.config, before.due));
    const refreshCalls = test.instagram.requests.filter((request) => request.path.startsWith("/refresh_access_token"));
    expect(refreshCalls).toHaveLength(1);
    expect(new URL(refreshCalls[0]!.path, "http://x").searchParams.get("grant_type")).toBe("ig_refresh_token");
    expect((await accountOf(fresh.store.id)).accessTokenSealed).toBe(before.fresh.accessTokenSealed);

    // The next sweep has nothing to do for the refreshed one.
    test.instagram.reset();
    expect(await refreshInstagramTokens(deps, later)).toMatchObject({ refreshed: 0 });
    expect(test.instagram.requests).toEqual([]);
  });

  it("pauses an account whose token expired or was revoked, and publishing stops for it", async () => {
    const expired = await connectedStore("expired.shop");
    const revoked = await connectedStore("revoked.shop");
    test.instagram.revokeAccess(revoked.igUserId);
    const later = new Date(Date.now() + 59 * DAY);
    test.instagram.now = () => later.getTime();
    await test.platform.dataSource
      .getRepository(InstagramAccount)
      .update({ storeId: expired.store.id }, { tokenExpiresAt: new Date(later.getTime() - 60_000) });

    const outcome = await refreshInstagramTokens(deps, later);
    expect(outcome).toMatchObject({ expired: 1, revoked: 1 });
    expect(await accountOf(expired.store.id)).toMatchObject({ status: "broken", lastError: INSTAGRAM_TOKEN_EXPIRED });
    expect(await accountOf(revoked.store.id)).toMatchObject({ status: "broken", lastError: INSTAGRAM_ACCESS_LOST });
    // Paused accounts are not tried again by later sweeps.
    test.instagram.reset();
    expect(await refreshInstagramTokens(deps, later)).toEqual({ refreshed: 0, expired: 0, revoked: 0, failed: 0, tooYoung: 0 });
    expect(test.instagram.requests).toEqual([]);
  });

  it("publishes through Instagram Login's host with the account's token, and stops once the token is past its expiry", async () => {
    const { store, igUserId } = await connectedStore("publishing.shop");
    const { platform } = test;
    const publish: InstagramPublishDeps = {
      dataSource: platform.dataSource,
      // The pasted-token host is wrong for this account: nothing may go there.
      graph: new InstagramGraphClient({ baseUrl: "http://127.0.0.1:9/unused" }),
      loginGraph: new InstagramGraphClient({ baseUrl: instagramLoginGraphUrl(platform.config) }),
      storage: platform.mediaStorage,
      config: platform.config,
      logger: platform.logger,
      pollIntervalMs: 10,
    };
    const first = await buildProduct(platform.dataSource, store.id, { nameFa: "گلدان سفالی", basePrice: 5_000_000, stock: 1 });
    await buildProductImage(platform, store.id, first.id);
    test.instagram.reset();
    expect(await publishProductToInstagram(publish, store.id, first.id)).toBe("published");
    expect(test.instagram.published.at(-1)).toMatchObject({ igUserId });
    const create = test.instagram.requests.find((request) => request.path.endsWith("/media"))!;
    expect(create.path).toBe(`/v21.0/${igUserId}/media`);
    expect((create.body as Record<string, string>).access_token).toBe(test.instagram.currentToken(igUserId));

    const second = await buildProduct(platform.dataSource, store.id, { nameFa: "کاسهٔ مسی", basePrice: 7_000_000, stock: 1 });
    await buildProductImage(platform, store.id, second.id);
    await platform.dataSource
      .getRepository(InstagramAccount)
      .update({ storeId: store.id }, { tokenExpiresAt: new Date(Date.now() - 1000) });
    test.instagram.reset();
    expect(await publishProductToInstagram(publish, store.id, second.id)).toBe("account-broken");
    expect(test.instagram.requests).toEqual([]);
    expect(await accountOf(store.id)).toMatchObject({ status: "broken", lastError: INSTAGRAM_TOKEN_EXPIRED });
  });

  it("is swept by the worker: a schedule every six hours, and a sweep job refreshes what is due", async () => {
    const due = await connectedStore("worker.shop");
    // Issued 55 days ago (on both clocks), 5 days left: due, and old enough to refresh.
    const issued = new Date(Date.now() - 55 * DAY);
    await test.platform.dataSource
      .getRepository(InstagramAccount)
      .update({ storeId: due.store.id }, { tokenIssuedAt: issued, tokenExpiresAt: new Date(issued.getTime() + 60 * DAY) });
    test.instagram.tokens.get(test.instagram.currentToken(due.igUserId)!)!.issuedAt = issued.getTime();
    let worker: RunningWorker | undefined;
    try {
      worker = startWorkers(test.platform, { queues: ["instagram-token"], relayIntervalMs: 60_000 });
      const queue = test.platform.queues.get("instagram-token");
      await expect
        .poll(async () => (await queue.getJobSchedulers()).map((s) => [s.key, s.every]), { timeout: 15_000 })
        .toContainEqual(["instagram-token-sweep", INSTAGRAM_TOKEN_SWEEP_EVERY_MS]);
      await queue.add("sweep", {});
      await expect
        .poll(async () => (await accountOf(due.store.id)).tokenExpiresAt!.getTime(), { timeout: 30_000, interval: 200 })
        .toBeGreaterThan(Date.now() + 59 * DAY);
    } finally {
      await worker?.stop();
    }
  });

  it("reads the code exchange's answer wrapped in data[] as well as flat", async () => {
    test.instagram.wrapCodeAnswer = true;
    try {
      const { store } = await connectedStore("wrapped.shop");
      expect((await accountOf(store.id)).connectedVia).toBe("instagram_login");
    } finally {
      test.instagram.wrapCodeAnswer = false;
    }
  });
});
