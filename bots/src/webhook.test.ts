import { createApp } from "@mall/server/main/app.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { startTestServer, type TestServer } from "@mall/server/test/http-client.js";
import { useSocialTestPlatform } from "@mall/server/test/social.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBot } from "./run-bot.js";

const SECRET = "webhook-secret_0123456789abcdef";
const test = useSocialTestPlatform({ TELEGRAM_WEBHOOK_SECRET: SECRET });
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "سلام" } };

describe("the Telegram webhook", () => {
  it("refuses an update without the secret token, or with a wrong one (403), before touching Telegram", async () => {
    const missing = await server.request("POST", "/api/v1/telegram/webhook", { body: update });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe("telegram_secret_mismatch");
    const wrong = await server.request("POST", "/api/v1/telegram/webhook", {
      body: update,
      headers: { "X-Telegram-Bot-Api-Secret-Token": `${SECRET}x` },
    });
    expect(wrong.status).toBe(403);
    const near = await server.request("POST", "/api/v1/telegram/webhook", {
      body: update,
      headers: { "X-Telegram-Bot-Api-Secret-Token": SECRET.replace("w", "W") },
    });
    expect(near.status).toBe(403);
    expect(test.telegram.requests).toEqual([]);
  });

  it("is registered by the bot process with its secret, and Telegram's updates then reach the bot through the server", async () => {
    const store = await buildStore(test.platform.dataSource, { slug: "hook-shop", name: "فروشگاه قلاب" });
    const product = await buildProduct(test.platform.dataSource, store.id, { nameFa: "قوری چینی", stock: 1 });
    const url = `${server.url}/api/v1/telegram/webhook`;
    const running = runBot({ ...test.platform, config: { ...test.config, TELEGRAM_WEBHOOK_URL: url } });
    try {
      const deadline = Date.now() + 5000;
      while (!test.telegram.webhookOf() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(test.telegram.webhookOf()).toMatchObject({
        url,
        secretToken: SECRET,
        allowedUpdates: ["message", "callback_query", "channel_post"],
      });

      const user = test.telegram.addUser();
      test.telegram.userSends(user, `/start p_${product.id}`);
      while (test.telegram.deliveries.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(test.telegram.deliveries[0]!.status).toBe(200);
      const reply = test.telegram.chatMessages(user.id).find((message) => message.fromId === test.telegram.bot.id);
      expect(reply!.text).toContain("قوری چینی");
      // While the webhook is set, getUpdates is refused, as Telegram does.
      const polled = await fetch(`${test.telegram.url}/bot${test.telegram.bot.token}/getUpdates`);
      expect(polled.status).toBe(409);
    } finally {
      await running.stop();
    }
  });
});
