import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemContext } from "../core/context.js";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { storeReadiness } from "../tenancy/store-readiness.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildStore } from "../test/factories.js";
import type { FakeChat, FakeUser } from "../test/fakes/telegram-server.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useSocialTestPlatform } from "../test/social.js";
import { TelegramChannelClaim, TelegramChannelOwner } from "./telegram-channel-claim.entity.js";
import { TelegramChannel } from "./telegram-channel.entity.js";

const SECRET = "channel-proof_0123456789abcdef";
const test = useSocialTestPlatform({ TELEGRAM_WEBHOOK_SECRET: SECRET });
let server: TestServer;
let owner: User;
let rival: User;
let store: Store;
let rivalStore: Store;

beforeAll(async () => {
  const { dataSource } = test.platform;
  owner = await buildUser(dataSource);
  rival = await buildUser(dataSource);
  store = await buildStore(dataSource, { ownerPhone: owner.phone });
  rivalStore = await buildStore(dataSource, { ownerPhone: rival.phone });
  server = await startTestServer(createApp(test.platform));
  // Telegram delivers the bot's updates to the server's webhook, with the secret, as in production.
  const set = await fetch(`${test.telegram.url}/bot${test.telegram.bot.token}/setWebhook`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: `${server.url}/api/v1/telegram/webhook`, secret_token: SECRET }),
  });
  expect(set.status).toBe(200);
});
afterAll(() => server.close());
beforeEach(() => test.telegram.reset());

const all = { can_post_messages: true, can_edit_messages: true, can_delete_messages: true };
const as = (user: User | null) => (user ? bearer(test.config, user) : {});
const claim = (user: User | null, body: unknown, storeId = store.id) =>
  server.request("POST", `/api/v1/stores/${storeId}/telegram/claim`, { headers: as(user), body });
const connect = (user: User | null, body: unknown, storeId = store.id) =>
  server.request("PUT", `/api/v1/stores/${storeId}/telegram`, { headers: as(user), body });
const read = (user: User, storeId = store.id) => server.request("GET", `/api/v1/stores/${storeId}/telegram`, { headers: as(user) });
const readClaim = (user: User, storeId = store.id) =>
  server.request("GET", `/api/v1/stores/${storeId}/telegram/claim`, { headers: as(user) });
const disconnect = (user: User, storeId = store.id) =>
  server.request("DELETE", `/api/v1/stores/${storeId}/telegram`, { headers: as(user) });

/** A channel with the bot as administrator (with `rights`) and a person who created it. */
function channel(
  username: string,
  rights?: Record<string, boolean>,
  type: "channel" | "supergroup" = "channel",
): FakeChat & { creator: FakeUser } {
  const creator = test.telegram.addUser({ firstName: "صاحب کانال" });
  const chat = test.telegram.addChannel({
    username,
    title: `کانال ${username}`,
    type,
    admins: rights ? { [test.telegram.bot.id]: rights } : {},
  });
  test.telegram.setMember(chat.id, creator.id, "creator");
  return Object.assign(chat, { creator });
}

/** Telegram delivers the update to the webhook; the server answers once the bot has handled it. */
async function delivered(update: Record<string, unknown> | null): Promise<void> {
  expect(update).not.toBeNull();
  const deadline = Date.now() + 20_000;
  while (!test.telegram.deliveries.some((delivery) => delivery.update === update)) {
    if (Date.now() > deadline) throw new Error("the update was not delivered");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(test.telegram.deliveries.find((delivery) => delivery.update === update)!.status).toBe(200);
}

/** An update Telegram would send for a text in a group (a channel's discussion group, say), sent to the webhook as Telegram does. */
async function groupMessage(chatId: number, from: FakeUser, text: string) {
  const update = {
    update_id: 900_000 + Math.floor(Math.random() * 1000),
    message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "supergroup", title: "گفت‌وگو" }, from, text },
  };
  return server.request("POST", "/api/v1/telegram/webhook", { body: update, headers: { "X-Telegram-Bot-Api-Secret-Token": SECRET } });
}

const setupDone = async (storeId: string) =>
  (await storeReadiness(systemContext(test.platform.dataSource.manager, "test"), storeId)).setup.find((item) => item.key === "telegram")!
    .done;

describe("connecting a Telegram channel takes proof that the merchant controls it", () => {
  it("gives a one-time code with Persian steps, connects nothing until the code is posted in that channel, then connects it for good", async () => {
    const chat = channel("pirhan_shop", all);
    const asked = await claim(owner, { channel: "https://t.me/pirhan_shop", onRemoved: "delete" });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      chatId: String(chat.id),
      username: "pirhan_shop",
      title: "کانال pirhan_shop",
      expired: false,
      lastError: null,
    });
    expect(asked.body.code).toMatch(/^MALL-[2-9A-Z]{8}$/);
    expect(asked.body.steps.join("\n")).toContain(
      `این کد را به‌تنهایی، بدون هیچ متن دیگری، در کانال @pirhan_shop منتشر کنید: ${asked.body.code}`,
    );
    expect(asked.body.steps[0]).toContain("@mall_test_bot");
    expect(new Date(asked.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(test.telegram.calls("getChatMember")[0]!.params).toMatchObject({ chat_id: chat.id, user_id: test.telegram.bot.id });

    // Asked is not connected: no channel, nothing on the checklist.
    expect((await read(owner)).status).toBe(404);
    expect(await setupDone(store.id)).toBe(false);

    // The creator posts the code (Persian digits and lower case, as a phone keyboard may make it), the bot sees the channel post.
    const typed = ` ${asked.body.code.toLowerCase().replace(/\d/g, (d: string) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)]!)} `;
    const update = test.telegram.postInChannel(chat, chat.creator.id, typed);
    await delivered(update);
    const connected = await read(owner);
    expect(connected.status).toBe(200);
    expect(connected.body).toMatchObject({
      chatId: String(chat.id),
      username: "pirhan_shop",
      status: "active",
      onRemoved: "delete",
      lastError: null,
    });
    expect(connected.body.provenAt).toEqual(expect.any(String));
    expect(await setupDone(store.id)).toBe(true);
    // The code is spent, and its post removed from the channel (the bot may delete others' posts).
    expect((await readClaim(owner)).status).toBe(404);
    expect(test.telegram.chatMessages(chat.id)).toEqual([]);
    const [audit] = await test.platform.dataSource.query(
      `SELECT action, surface, after FROM audit_entries WHERE store_id = $1 AND action = 'telegram.connected'`,
      [store.id],
    );
    expect(audit).toMatchObject({ action: "telegram.connected", after: { telegramChannel: String(chat.id), requestedBy: owner.id } });

    // The same post delivered again (Telegram retries) changes nothing.
    await disconnect(owner);
    const again = test.telegram.postInChannel(chat, chat.creator.id, asked.body.code);
    await delivered(again);
    expect((await read(owner)).status).toBe(404);
  });

  it("connects nothing for a wrong code, a code posted in another channel, a forwarded code, one from an inline bot, or one sent by someone who cannot post in the channel", async () => {
    const target = channel("target_shop", all);
    const { body: issued } = await claim(owner, { channel: "@target_shop" });

    await delivered(test.telegram.postInChannel(target, target.creator.id, "MALL-ABCDEFGH"));
    expect((await read(owner)).status).toBe(404);
    expect((await readClaim(owner)).body.lastError).toContain("با کد فعلی یکی نیست");

    // The right code, in a channel the poster runs but that is not the one asked for.
    const elsewhere = channel("elsewhere_shop", all);
    await delivered(test.telegram.postInChannel(elsewhere, elsewhere.creator.id, issued.code));
    expect((await read(owner)).status).toBe(404);

    // Forwarded into the channel by its creator (the text came from someone else's channel), or written by an inline bot.
    await delivered(test.telegram.postInChannel(target, target.creator.id, issued.code, { forwardedFrom: elsewhere }));
    expect((await read(owner)).status).toBe(404);
    expect((await readClaim(owner)).body.lastError).toContain("هدایت‌شده");
    const inline = test.telegram.addBot("some_inline_bot");
    await delivered(test.telegram.postInChannel(target, target.creator.id, issued.code, { viaBot: inline }));
    expect((await read(owner)).status).toBe(404);

    // A follower cannot post in a channel at all (Telegram refuses); in its discussion group, or to the bot, the code proves nothing.
    const follower = test.telegram.addUser();
    test.telegram.setMember(target.id, follower.id, "member");
    expect(() => test.telegram.postInChannel(target, follower.id, issued.code)).toThrow();
    expect((await groupMessage(-1_009_999_000_001, follower as FakeUser, issued.code)).status).toBe(200);
    await delivered(test.telegram.userSends(follower, issued.code));
    expect((await read(owner)).status).toBe(404);
    expect(await setupDone(store.id)).toBe(false);

    // An expired code proves nothing either.
    await test.platform.dataSource
      .getRepository(TelegramChannelClaim)
      .update({ storeId: store.id }, { expiresAt: new Date(Date.now() - 1000) });
    await delivered(test.telegram.postInChannel(target, target.creator.id, issued.code));
    expect((await read(owner)).status).toBe(404);
    const expired = await readClaim(owner);
    expect(expired.body).toMatchObject({ expired: true, lastError: "زمان این کد گذشته است؛ کد تازه‌ای بگیرید." });

    // Posted by hand while fresh, it connects.
    const { body: fresh } = await claim(owner, { channel: "@target_shop" });
    expect(fresh.code).not.toBe(issued.code);
    await delivered(test.telegram.postInChannel(target, target.creator.id, issued.code));
    expect((await read(owner)).status).toBe(404);
    await delivered(test.telegram.postInChannel(target, target.creator.id, fresh.code));
    expect((await read(owner)).body).toMatchObject({ chatId: String(target.id), status: "active" });
    await disconnect(owner);
  });

  it("keeps one channel to one store: another store is refused in Persian, before and after a code, and the database holds it too", async () => {
    const shared = channel("shared_shop", all);
    // Both merchants are administrators of the channel and both ask for a code.
    const rivalAdmin = test.telegram.addUser();
    test.telegram.setMember(shared.id, rivalAdmin.id, "administrator", { can_post_messages: true });
    const mine = await claim(owner, { channel: "@shared_shop" });
    const theirs = await claim(rival, { channel: "@shared_shop" }, rivalStore.id);
    expect(theirs.status).toBe(201);
    await delivered(test.telegram.postInChannel(shared, shared.creator.id, mine.body.code));
    expect((await read(owner)).status).toBe(200);

    // The rival's code, posted later, does not take the channel over.
    await delivered(test.telegram.postInChannel(shared, rivalAdmin.id, theirs.body.code));
    expect((await read(rival, rivalStore.id)).status).toBe(404);
    expect((await readClaim(rival, rivalStore.id)).body.lastError).toContain("به فروشگاه دیگری در مال وصل است");
    // Nor can they ask again, through either route.
    const refused = await claim(rival, { channel: "@shared_shop" }, rivalStore.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "telegram_channel_taken",
      field: "channel",
      message:
        "این کانال به فروشگاه دیگری در مال وصل است و هر کانال فقط به یک فروشگاه وصل می‌شود. اگر کانال مال شماست، ابتدا آن را از آن فروشگاه جدا کنید.",
    });
    const put = await connect(rival, { channel: "@shared_shop" }, rivalStore.id);
    expect(put.status).toBe(400);
    expect(put.body.error).toMatchObject({ code: "telegram_proof_required", field: "channel" });

    await expect(
      test.platform.dataSource.getRepository(TelegramChannelOwner).insert({ chatId: String(shared.id), storeId: rivalStore.id }),
    ).rejects.toThrow(/duplicate key/);

    // Once the first store lets go, the other may prove it.
    await disconnect(owner);
    const next = await claim(rival, { channel: "@shared_shop" }, rivalStore.id);
    await delivered(test.telegram.postInChannel(shared, rivalAdmin.id, next.body.code));
    expect((await read(rival, rivalStore.id)).body).toMatchObject({ chatId: String(shared.id), status: "active" });
    await disconnect(rival, rivalStore.id);
  });

  it("changes settings of the proven channel through PUT, and refuses PUT for any channel not proven", async () => {
    const proven = channel("settings_shop", all);
    const other = channel("other_settings_shop", all);
    const before = await connect(owner, { channel: "@settings_shop", onRemoved: "mark" });
    expect(before.status).toBe(400);
    expect(before.body.error).toMatchObject({ code: "telegram_proof_required", field: "channel" });
    const { body } = await claim(owner, { channel: "@settings_shop" });
    await delivered(test.telegram.postInChannel(proven, proven.creator.id, body.code));
    const connectedAt = (await read(owner)).body.connectedAt;

    const marked = await connect(owner, { channel: `${proven.id}`, onRemoved: "mark" });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ onRemoved: "mark", connectedAt });
    expect((await connect(owner, { channel: "@other_settings_shop" })).body.error.code).toBe("telegram_proof_required");
    expect(other.id).not.toBe(proven.id);

    // A connection from before proof was required: broken until proven, never on the checklist, and it holds the channel against nobody.
    await disconnect(owner);
    await test.platform.dataSource.getRepository(TelegramChannel).insert({
      storeId: rivalStore.id,
      chatId: String(proven.id),
      title: "قدیمی",
      status: "broken",
      lastError: "تأیید نشده",
      connectedAt: new Date(),
      provenAt: null,
    });
    expect(await setupDone(rivalStore.id)).toBe(false);
    expect((await connect(rival, { channel: "@settings_shop" }, rivalStore.id)).body.error.code).toBe("telegram_proof_required");
    const { body: retaken } = await claim(owner, { channel: "@settings_shop" });
    await delivered(test.telegram.postInChannel(proven, proven.creator.id, retaken.code));
    expect((await read(owner)).status).toBe(200);
    expect((await read(rival, rivalStore.id)).status).toBe(404);
    await disconnect(owner);
  });
});

describe("asking for a code", () => {
  it("says in Persian exactly which rights are missing, naming the field `channel`", async () => {
    channel("no_rights_shop", { can_post_messages: false, can_delete_messages: false });
    const both = await claim(owner, { channel: "@no_rights_shop", onRemoved: "delete" });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({ code: "telegram_rights_missing", field: "channel" });
    expect(both.body.error.message).toBe(
      "ربات @mall_test_bot در کانال «کانال no_rights_shop» مدیر است، اما این دسترسی‌ها را ندارد: «ارسال پیام» و «حذف پیام‌های دیگران». در تنظیمات مدیران کانال آن‌ها را روشن کنید.",
    );
    channel("post_only_shop", { can_post_messages: true });
    expect((await claim(owner, { channel: "@post_only_shop", onRemoved: "delete" })).body.error.message).toContain(
      "این دسترسی را ندارد: «حذف پیام‌های دیگران»",
    );
    // Marking removed products needs no right to delete.
    expect((await claim(owner, { channel: "@post_only_shop", onRemoved: "mark" })).status).toBe(201);
  });

  it("refuses when the bot is not an administrator, not in the channel, the chat is a group, or there is no such channel", async () => {
    channel("not_admin_shop");
    const notAdmin = await claim(owner, { channel: "@not_admin_shop" });
    expect(notAdmin.status).toBe(400);
    expect(notAdmin.body.error).toMatchObject({ code: "telegram_bot_not_admin", field: "channel" });
    expect(notAdmin.body.error.message).toContain("ربات @mall_test_bot در کانال «کانال not_admin_shop» مدیر نیست");
    channel("group_shop", all, "supergroup");
    expect((await claim(owner, { channel: "@group_shop" })).body.error).toMatchObject({ code: "telegram_not_a_channel", field: "channel" });
    expect((await claim(owner, { channel: "@nobody_here" })).body.error).toMatchObject({
      code: "telegram_channel_not_found",
      field: "channel",
    });
    const kickedPrivate = test.telegram.addChannel({ title: "خصوصی", admins: { [test.telegram.bot.id]: all } });
    test.telegram.setMember(kickedPrivate.id, test.telegram.bot.id, "kicked");
    expect((await claim(owner, { channel: String(kickedPrivate.id) })).body.error).toMatchObject({
      code: "telegram_bot_not_member",
      field: "channel",
    });
    const garbage = await claim(owner, { channel: "not a channel!" });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.field).toBe("channel");
  });

  it("answers 503 while Telegram (or its relay) is unreachable", async () => {
    channel("relay_down_shop", all);
    test.telegram.failNext(1, { httpStatus: 502 });
    const res = await claim(owner, { channel: "@relay_down_shop" });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("telegram_unavailable");
  });

  it("is for the store's members only: another merchant gets 404, nobody signed in 401, and Telegram is not asked", async () => {
    channel("others_shop", all);
    expect((await claim(rival, { channel: "@others_shop" })).status).toBe(404);
    expect((await claim(null, { channel: "@others_shop" })).status).toBe(401);
    expect((await readClaim(rival)).status).toBe(404);
    expect((await server.request("POST", `/api/v1/stores/${store.id}/telegram/post-all`, { headers: as(rival) })).status).toBe(404);
    expect(test.telegram.requests).toEqual([]);
  });
});
