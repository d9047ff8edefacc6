import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateInstance } from "../catalog/instance.service.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { longRetryBackoff } from "../jobs/queues.js";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { systemContext } from "../core/context.js";
import { buildProduct, buildStore } from "../test/factories.js";
import type { FakeChat } from "../test/fakes/telegram-server.js";
import { buildProductImage, connectChannelWithProof, useSocialTestPlatform } from "../test/social.js";
import { TelegramPost } from "./telegram-post.entity.js";

// A short debounce, and a channel that takes three messages a minute, to see the limit hold.
const test = useSocialTestPlatform({ SOCIAL_SYNC_DELAY_MS: "600", TELEGRAM_CHANNEL_MESSAGES_PER_MINUTE: "3" });
let worker: RunningWorker;
let storeId: string;
let chat: FakeChat;

beforeAll(async () => {
  const { platform } = test;
  const store = await buildStore(platform.dataSource);
  storeId = store.id;
  chat = test.telegram.addChannel({
    username: "job_shop",
    title: "کانال",
    admins: { [test.telegram.bot.id]: { can_post_messages: true, can_delete_messages: true } },
  });
  await connectChannelWithProof(test, storeId, chat);
  worker = startWorkers(platform, { queues: ["telegram-sync"], relayIntervalMs: 50 });
});
afterAll(() => worker?.stop());

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe("the telegram-sync queue", () => {
  it("posts a product from its catalog events once (a burst of events makes one post), then edits it on a stock change", async () => {
    const { platform } = test;
    const product = await buildProduct(platform.dataSource, storeId, { nameFa: "گلدان سفالی", basePrice: 4_500_000, stock: 2 });
    await buildProductImage(platform, storeId, product.id);
    await buildProductImage(platform, storeId, product.id, { r: 10, g: 200, b: 30 });
    await until(() => test.telegram.chatMessages(chat.id).length > 0);
    // Give any straggling job time to (not) post again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(test.telegram.chatMessages(chat.id)).toHaveLength(2);
    expect(test.telegram.calls("sendMediaGroup")).toHaveLength(1);
    expect(test.telegram.calls("sendPhoto")).toHaveLength(0);

    const [instance] = await platform.dataSource.getRepository(ProductInstance).findBy({ storeId, productId: product.id });
    await platform.dataSource.transaction((manager) => updateInstance(systemContext(manager, "test"), storeId, instance!.id, { stock: 0 }));
    await until(() => test.telegram.chatMessages(chat.id)[0]!.caption!.includes("❌ ناموجود"));

    // The relay delivering an event again (same job id) changes nothing; neither does a repeated sync job.
    const [event] = await platform.dataSource.query(
      `SELECT id, type, entity_id, payload FROM outbox WHERE store_id = $1 ORDER BY id LIMIT 1`,
      [storeId],
    );
    await platform.queues
      .get("telegram-sync")
      .add(
        event.type,
        { eventId: event.id, storeId, type: event.type, entityId: event.entity_id, payload: event.payload },
        { jobId: `evt-${event.id}` },
      );
    await platform.queues.get("telegram-sync").add("sync", { storeId, productId: product.id });
    await platform.queues.get("telegram-sync").add("sync", { storeId, productId: product.id });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(test.telegram.calls("sendMediaGroup")).toHaveLength(1);
    expect(test.telegram.chatMessages(chat.id)).toHaveLength(2);
  });

  it("keeps a channel under its per-minute limit across the queue: the job waits (delayed) without spending an attempt", async () => {
    const { platform } = test;
    const product = await buildProduct(platform.dataSource, storeId, { nameFa: "کاسهٔ مسی", stock: 1 });
    await buildProductImage(platform, storeId, product.id);
    // The album and the edit above took the minute's three messages: this post must wait for the window.
    await until(async () => {
      const jobs = await platform.queues.get("telegram-sync").getDelayed();
      return jobs.some((job) => job.name === "sync" && job.data.productId === product.id && job.attemptsMade === 0 && job.delay > 20_000);
    });
    expect(test.telegram.chatMessages(chat.id)).toHaveLength(2);
    expect(await platform.dataSource.getRepository(TelegramPost).existsBy({ storeId, productId: product.id })).toBe(false);
  });

  it("retries for about a day with a backoff doubling from 5 s up to half an hour", async () => {
    const options = test.platform.queues.get("telegram-sync").defaultJobOptions;
    expect(options).toMatchObject({ attempts: 60, backoff: { type: "long-retry" } });
    const delays = Array.from({ length: 59 }, (_, i) => longRetryBackoff(i + 1));
    expect(delays[0]).toBeGreaterThanOrEqual(4000);
    expect(delays[0]).toBeLessThanOrEqual(5000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30 * 60_000);
    expect(delays.reduce((sum, delay) => sum + delay, 0)).toBeGreaterThan(20 * 3600_000);
  });
});
