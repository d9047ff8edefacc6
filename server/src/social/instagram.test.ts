import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "bullmq";
import { updateProduct } from "../catalog/product.service.js";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { buildProductImage, useSocialTestPlatform } from "../test/social.js";
import { InstagramGraphClient, InstagramGraphError } from "./instagram-graph.js";
import { instagramLoginGraphUrl } from "./instagram-login.js";
import { instagramPublishJob } from "./instagram-publish.job.js";
import { InstagramAccount, InstagramPost } from "./instagram.entity.js";
import { ContainerPendingError, publishProductToInstagram, type InstagramPublishDeps } from "./instagram.service.js";

// The fake downloads each image_url, as Meta does, and refuses anything but a JPEG.
const test = useSocialTestPlatform({}, { fetchImages: true });
const IG_USER = "17841400000000001";
const TOKEN = "EAAG-long-lived-token-0123456789";
let server: TestServer;
let owner: User;
let store: Store;
let deps: InstagramPublishDeps;

beforeAll(async () => {
  const { platform } = test;
  owner = await buildUser(platform.dataSource);
  store = await buildStore(platform.dataSource, { ownerPhone: owner.phone, slug: "gallery-shop" });
  server = await startTestServer(createApp(platform));
  test.instagram.addAccount(IG_USER, TOKEN, "gallery.shop");
  // The server's address is the public one here: Graph fetches the JPEGs from its /media.
  deps = {
    dataSource: platform.dataSource,
    graph: new InstagramGraphClient({ baseUrl: platform.config.INSTAGRAM_GRAPH_URL }),
    loginGraph: new InstagramGraphClient({ baseUrl: instagramLoginGraphUrl(platform.config) }),
    storage: platform.mediaStorage,
    config: { ...platform.config, PUBLIC_URL: server.url },
    logger: platform.logger,
    pollIntervalMs: 10,
  };
});
afterAll(() => server.close());
beforeEach(() => {
  test.instagram.reset();
  test.instagram.processingPolls = 0;
});

const connect = (body: unknown) =>
  server.request("PUT", `/api/v1/stores/${store.id}/instagram`, { headers: bearer(test.config, owner), body });
const post = (productId: string) => test.platform.dataSource.getRepository(InstagramPost).findOneBy({ storeId: store.id, productId });
const paths = () => test.instagram.requests.map((request) => `${request.method} ${new URL(request.path, "http://x").pathname}`);

async function newProduct(nameFa = "تابلوی فیروزه‌کوب") {
  const product = await buildProduct(test.platform.dataSource, store.id, { nameFa, basePrice: 90_000_000, stock: 1 });
  await buildProductImage(test.platform, store.id, product.id);
  return product;
}

describe("Instagram", () => {
  it("connects a professional account after Graph confirms the token, and never shows the token", async () => {
    const bad = await connect({ igUserId: IG_USER, accessToken: "EAAG-wrong-token-000000000000" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: "accessToken", code: "instagram_rejected" });
    const unknown = await connect({ igUserId: "17841499999999999", accessToken: TOKEN });
    expect(unknown.body.error).toMatchObject({ field: "igUserId" });
    test.instagram.failNext(1, { httpStatus: 502 });
    expect((await connect({ igUserId: IG_USER, accessToken: TOKEN })).status).toBe(503);

    const res = await connect({ igUserId: IG_USER, accessToken: TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      igUserId: IG_USER,
      username: "gallery.shop",
      status: "active",
      lastError: null,
      connectedAt: expect.any(String),
    });
    expect(res.text).not.toContain(TOKEN);
    const read = await server.request("GET", `/api/v1/stores/${store.id}/instagram`, { headers: bearer(test.config, owner) });
    expect(read.body.igUserId).toBe(IG_USER);
  });

  it("publishes a new product: a container from its JPEG and caption, its status, then media_publish — once", async () => {
    const product = await newProduct();
    test.instagram.processingPolls = 2;
    expect(await publishProductToInstagram(deps, store.id, product.id)).toBe("published");
    expect(paths()).toEqual([
      `POST /v21.0/${IG_USER}/media`,
      `GET /v21.0/${test.instagram.published[0]!.containerId}`,
      `GET /v21.0/${test.instagram.published[0]!.containerId}`,
      `GET /v21.0/${test.instagram.published[0]!.containerId}`,
      `POST /v21.0/${IG_USER}/media_publish`,
    ]);
    const [create] = test.instagram.requests;
    const body = create!.body as Record<string, string>;
    expect(body.image_url).toMatch(new RegExp(`^${server.url}/media/public/${store.id}/.+-social\\.jpg$`));
    expect(body.caption).toBe(
      [
        "تابلوی فیروزه‌کوب",
        "",
        "💰 قیمت: ۹٬۰۰۰٬۰۰۰ تومان",
        "✅ موجود",
        "",
        `🛍 مشاهده و خرید: http://gallery-shop.mall.localhost:${server.port}/p/${product.slug}/`,
      ].join("\n"),
    );
    expect(body.access_token).toBe(TOKEN);
    expect(await post(product.id)).toMatchObject({ state: "published", mediaId: test.instagram.published[0]!.id });

    test.instagram.reset();
    expect(await publishProductToInstagram(deps, store.id, product.id)).toBe("already-published");
    await test.platform.dataSource.transaction((manager) =>
      updateProduct(systemContext(manager, "test"), store.id, product.id, { basePrice: 1 }),
    );
    expect(await publishProductToInstagram(deps, store.id, product.id)).toBe("already-published");
    expect(test.instagram.requests).toEqual([]);
    expect(test.instagram.published).toHaveLength(1);
  });

  it("hands the job back while the container is processing, then publishes that same container", async () => {
    const product = await newProduct("گلیم دستباف");
    test.instagram.processingPolls = 50;
    await expect(publishProductToInstagram(deps, store.id, product.id)).rejects.toBeInstanceOf(ContainerPendingError);
    const waiting = (await post(product.id))!;
    expect(waiting.state).toBe("container");
    test.instagram.containers.get(waiting.containerId!)!.pollsLeft = 0;
    expect(await publishProductToInstagram(deps, store.id, product.id)).toBe("published");
    expect(test.instagram.requests.filter((request) => request.path.endsWith("/media"))).toHaveLength(1);
    expect(test.instagram.published.at(-1)!.containerId).toBe(waiting.containerId);
  });

  it("never publishes twice when the answer to media_publish is lost: the container says it was published", async () => {
    const product = await newProduct("سینی مسی");
    const lost: InstagramPublishDeps = {
      ...deps,
      graph: Object.assign(Object.create(deps.graph) as InstagramGraphClient, {
        publish: async (igUserId: string, token: string, containerId: string) => {
          await deps.graph.publish(igUserId, token, containerId);
          throw new InstagramGraphError("media_publish", 0, null, null, "socket hang up");
        },
      }),
    };
    await expect(publishProductToInstagram(lost, store.id, product.id)).rejects.toBeInstanceOf(InstagramGraphError);
    expect(await post(product.id)).toMatchObject({ state: "publishing" });
    const before = test.instagram.published.length;
    expect(await publishProductToInstagram(deps, store.id, product.id)).toBe("published");
    expect(test.instagram.published).toHaveLength(before);
    expect(await post(product.id)).toMatchObject({ state: "published" });
  });

  it("stops on an image Instagram refuses, pauses on a revoked token, and retries on rate limits", async () => {
    const refused = await newProduct("عکس کشیده");
    test.instagram.failNextContainer();
    expect(await publishProductToInstagram(deps, store.id, refused.id)).toBe("failed");
    expect((await post(refused.id))!.lastError).toContain("container ERROR: Error: the image's aspect ratio is not supported");
    expect(await publishProductToInstagram(deps, store.id, refused.id)).toBe("failed");

    const limited = await newProduct("کوزهٔ سفالی");
    test.instagram.failNextGraph(1, { code: 4, message: "Application request limit reached", transient: true }, /\/media$/);
    await expect(publishProductToInstagram(deps, store.id, limited.id)).rejects.toMatchObject({ transient: true });
    expect(await publishProductToInstagram(deps, store.id, limited.id)).toBe("published");

    const revoked = await newProduct("قلمدان");
    test.instagram.failNextGraph(1, { code: 190, message: "Error validating access token: The session has been invalidated" });
    expect(await publishProductToInstagram(deps, store.id, revoked.id)).toBe("account-broken");
    const account = await test.platform.dataSource.getRepository(InstagramAccount).findOneByOrFail({ storeId: store.id });
    expect(account.status).toBe("broken");
    expect(await publishProductToInstagram(deps, store.id, revoked.id)).toBe("account-broken");
    // Connecting again mends it, keeping the connection time.
    expect((await connect({ igUserId: IG_USER, accessToken: TOKEN })).body.status).toBe("active");
    expect(await publishProductToInstagram(deps, store.id, revoked.id)).toBe("published");
  });

  it("asks for a sync only for stores with an account, and leaves products older than the connection alone", async () => {
    const added: unknown[] = [];
    const queues = { get: () => ({ add: async (...args: unknown[]) => added.push(args) }) } as unknown as InstagramPublishDeps & {
      queues: never;
    };
    const job = instagramPublishJob({ ...deps, queues: queues as never, delayMs: 0 });
    const event = (storeId: string) =>
      ({
        name: "product.changed",
        data: { eventId: "1", storeId, type: "product.changed", entityId: "00000000-0000-4000-8000-000000000001", payload: {} },
      }) as unknown as Job;
    expect(await job(event(store.id))).toBe("requested");
    const lonely = await buildStore(test.platform.dataSource);
    expect(await job(event(lonely.id))).toBe("ignored");
    expect(added).toHaveLength(1);

    const old = await newProduct("قدیمی");
    await test.platform.dataSource
      .getRepository(InstagramAccount)
      .update({ storeId: store.id }, { connectedAt: new Date(Date.now() + 60_000) });
    expect(await publishProductToInstagram(deps, store.id, old.id)).toBe("not-published-before-connect");
  });
});
