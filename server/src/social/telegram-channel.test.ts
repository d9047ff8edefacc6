import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useSocialTestPlatform } from "../test/social.js";
import { TelegramChannel } from "./telegram-channel.entity.js";

const test = useSocialTestPlatform();
let server: TestServer;
let owner: User;
let stranger: User;
let store: Store;

beforeAll(async () => {
  const { dataSource } = test.platform;
  owner = await buildUser(dataSource);
  stranger = await buildUser(dataSource);
  store = await buildStore(dataSource, { ownerPhone: owner.phone });
  await buildStore(dataSource, { ownerPhone: stranger.phone });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());
beforeEach(() => test.telegram.reset());

const all = { can_post_messages: true, can_edit_messages: true, can_delete_messages: true };
const connect = (user: User | null, body: unknown, storeId = store.id) =>
  server.request("PUT", `/api/v1/stores/${storeId}/telegram`, { headers: user ? bearer(test.config, user) : {}, body });

function channel(username: string, rights?: Record<string, boolean>, type: "channel" | "supergroup" = "channel") {
  return test.telegram.addChannel({ username, title: `کانال ${username}`, type, admins: rights ? { [test.telegram.bot.id]: rights } : {} });
}

describe("connecting a Telegram channel", () => {
  it("connects when the bot is an administrator that may post and delete, after asking getMe, getChat and getChatMember", async () => {
    const chat = channel("pirhan_shop", all);
    const res = await connect(owner, { channel: "https://t.me/pirhan_shop", onRemoved: "delete" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ chatId: String(chat.id), username: "pirhan_shop", title: "کانال pirhan_shop", onRemoved: "delete", status: "active", lastError: null });
    expect(test.telegram.requests.map((request) => request.method)).toEqual(["getMe", "getChat", "getChatMember"]);
    expect(test.telegram.calls("getChat")[0]!.params.chat_id).toBe("@pirhan_shop");
    expect(test.telegram.calls("getChatMember")[0]!.params).toMatchObject({ chat_id: chat.id, user_id: test.telegram.bot.id });

    const read = await server.request("GET", `/api/v1/stores/${store.id}/telegram`, { headers: bearer(test.config, owner) });
    expect(read.body).toMatchObject({ chatId: String(chat.id), onRemoved: "delete" });
  });

  it("says in Persian exactly which rights are missing, naming the field `channel`", async () => {
    channel("no_rights_shop", { can_post_messages: false, can_delete_messages: false });
    const both = await connect(owner, { channel: "@no_rights_shop", onRemoved: "delete" });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({ code: "telegram_rights_missing", field: "channel" });
    expect(both.body.error.message).toBe(
      "ربات @mall_test_bot در کانال «کانال no_rights_shop» مدیر است، اما این دسترسی‌ها را ندارد: «ارسال پیام» و «حذف پیام‌های دیگران». در تنظیمات مدیران کانال آن‌ها را روشن کنید.",
    );

    channel("post_only_shop", { can_post_messages: true });
    const deleting = await connect(owner, { channel: "@post_only_shop", onRemoved: "delete" });
    expect(deleting.status).toBe(400);
    expect(deleting.body.error.message).toContain("این دسترسی را ندارد: «حذف پیام‌های دیگران»");
    // Marking removed products needs no right to delete.
    const marking = await connect(owner, { channel: "@post_only_shop", onRemoved: "mark" });
    expect(marking.status).toBe(200);
    expect(marking.body.onRemoved).toBe("mark");
  });

  it("refuses when the bot is not an administrator, not in the channel, the chat is a group, or there is no such channel", async () => {
    channel("not_admin_shop");
    const notAdmin = await connect(owner, { channel: "@not_admin_shop" });
    expect(notAdmin.status).toBe(400);
    expect(notAdmin.body.error).toMatchObject({ code: "telegram_bot_not_admin", field: "channel" });
    expect(notAdmin.body.error.message).toContain("ربات @mall_test_bot در کانال «کانال not_admin_shop» مدیر نیست");

    channel("group_shop", all, "supergroup");
    const group = await connect(owner, { channel: "@group_shop" });
    expect(group.body.error).toMatchObject({ code: "telegram_not_a_channel", field: "channel" });

    const missing = await connect(owner, { channel: "@nobody_here" });
    expect(missing.body.error).toMatchObject({ code: "telegram_channel_not_found", field: "channel" });

    const privateChannel = test.telegram.addChannel({ title: "خصوصی" });
    const hidden = await connect(owner, { channel: String(privateChannel.id) });
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.code).toBe("telegram_channel_not_found");

    // Removed from a public channel: Telegram still shows the channel, and the bot is no administrator there.
    const kickedPublic = channel("kicked_shop", all);
    test.telegram.setMember(kickedPublic.id, test.telegram.bot.id, "kicked");
    expect((await connect(owner, { channel: "@kicked_shop" })).body.error.code).toBe("telegram_bot_not_admin");
    // Removed from a private one: Telegram answers 403.
    const kickedPrivate = test.telegram.addChannel({ title: "خصوصی ۲", admins: { [test.telegram.bot.id]: all } });
    test.telegram.setMember(kickedPrivate.id, test.telegram.bot.id, "kicked");
    const gone = await connect(owner, { channel: String(kickedPrivate.id) });
    expect(gone.body.error).toMatchObject({ code: "telegram_bot_not_member", field: "channel" });

    const garbage = await connect(owner, { channel: "not a channel!" });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.field).toBe("channel");
  });

  it("answers 503 while Telegram (or its relay) is unreachable", async () => {
    channel("relay_down_shop", all);
    test.telegram.failNext(1, { httpStatus: 502 });
    const res = await connect(owner, { channel: "@relay_down_shop" });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("telegram_unavailable");
  });

  it("is for the store's members only: another merchant gets 404, nobody signed in 401", async () => {
    channel("others_shop", all);
    expect((await connect(stranger, { channel: "@others_shop" })).status).toBe(404);
    expect((await connect(null, { channel: "@others_shop" })).status).toBe(401);
    expect(test.telegram.requests).toEqual([]);
  });

  it("keeps the connection time when settings change and restarts it for another channel; disconnecting stops the sync", async () => {
    const first = channel("clock_shop", all);
    await connect(owner, { channel: "@clock_shop" });
    const connected = await test.platform.dataSource.getRepository(TelegramChannel).findOneByOrFail({ storeId: store.id });
    await connect(owner, { channel: `${first.id}`, onRemoved: "mark" });
    const same = await test.platform.dataSource.getRepository(TelegramChannel).findOneByOrFail({ storeId: store.id });
    expect(same.connectedAt.getTime()).toBe(connected.connectedAt.getTime());
    expect(same.onRemoved).toBe("mark");

    channel("clock_shop_two", all);
    await connect(owner, { channel: "@clock_shop_two" });
    const moved = await test.platform.dataSource.getRepository(TelegramChannel).findOneByOrFail({ storeId: store.id });
    expect(moved.connectedAt.getTime()).toBeGreaterThan(connected.connectedAt.getTime());

    const headers = bearer(test.config, owner);
    expect((await server.request("DELETE", `/api/v1/stores/${store.id}/telegram`, { headers })).body).toEqual({ disconnected: true });
    expect((await server.request("GET", `/api/v1/stores/${store.id}/telegram`, { headers })).status).toBe(404);
    expect((await server.request("DELETE", `/api/v1/stores/${store.id}/telegram`, { headers })).status).toBe(404);
  });
});
