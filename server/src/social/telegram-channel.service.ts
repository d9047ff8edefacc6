import { randomInt } from "node:crypto";
import { toLatinDigits } from "@mall/locale";
import { recordAudit } from "../audit/audit.service.js";
import { authorize } from "../identity/authorization.js";
import type { ServiceContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import {
  TelegramChannelNotConnectedError,
  TelegramChannelRejectedError,
  TelegramChannelTakenError,
  TelegramClaimNotFoundError,
  TelegramNotConfiguredError,
  TelegramProofRequiredError,
  TelegramUnavailableError,
} from "./social.errors.js";
import { connectTelegramSchema, type ConnectTelegramInput } from "./social.schemas.js";
import { TelegramApiError, TelegramUnreachableError, type TelegramChannelApi, type TelegramChatMember } from "./telegram-api.js";
import { TelegramChannelClaim, TelegramChannelOwner } from "./telegram-channel-claim.entity.js";
import { TelegramChannel, type RemovedPostAction } from "./telegram-channel.entity.js";

/**
 * A store's Telegram channel. The only place that decides whether the bot
 * may post there: it must be an administrator of a channel (not a group)
 * with «ارسال پیام», and with «حذف پیام‌های دیگران» when the store wants
 * posts of removed products deleted (Telegram lets a bot delete its own
 * channel posts only within 48 hours without it). Editing needs no right of
 * its own: the bot edits only the posts it made.
 *
 * And the only place that decides which store a channel belongs to (issue 24
 * #3): the bot being an administrator proves nothing about who asks, so a
 * channel is connected only once the merchant has proven control of it. They
 * ask to connect it and get a one-time code (claimTelegramChannel), post the
 * code in the channel, and the bot sees it as a `channel_post` of that very
 * channel (PROTOCOLS.md §7.3: only the channel's administrators can post
 * there): proveTelegramChannel then connects it. A code is good for one
 * channel, one store, 30 minutes and one use; a forwarded post or one sent
 * through an inline bot proves nothing (anyone's text can be forwarded). One
 * channel belongs to one store at a time (telegram_channel_owners, keyed by
 * the chat id).
 */

/** The rights the bot needs, with the names Telegram's Persian interface gives them. */
const RIGHTS = {
  can_post_messages: "ارسال پیام",
  can_delete_messages: "حذف پیام‌های دیگران",
} as const;

function requiredRights(onRemoved: RemovedPostAction): Array<keyof typeof RIGHTS> {
  return onRemoved === "delete" ? ["can_post_messages", "can_delete_messages"] : ["can_post_messages"];
}

/** «الف»، «ب» و «ج» */
function persianList(items: string[]): string {
  const quoted = items.map((item) => `«${item}»`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join("، ")} و ${quoted.at(-1)}`;
}

/** The actor may manage the store's settings (owner, manager, staff), and the store exists. */
export async function canManageStore(ctx: ServiceContext, storeId: string): Promise<void> {
  await authorize(ctx, "store.manage", { storeId });
  // Staff pass authorize() for any id; a store that does not exist is still a 404.
  if (!(await ctx.manager.existsBy(Store, { id: storeId }))) throw new StoreNotFoundError();
}

export interface VerifiedChannel {
  chatId: string;
  username: string | null;
  title: string;
}

/**
 * Asks Telegram whether the bot can run the channel: getMe for the bot's id,
 * getChat for the channel, getChatMember for the bot there. Throws a
 * TelegramChannelRejectedError (400, field `channel`) saying in Persian what
 * exactly is missing.
 */
export async function verifyChannel(telegram: TelegramChannelApi, channel: string, onRemoved: RemovedPostAction): Promise<VerifiedChannel> {
  try {
    const me = await telegram.getMe();
    const bot = me.username ? `@${me.username}` : "ربات فروشگاه";
    let chat;
    try {
      chat = await telegram.getChat(channel);
    } catch (error) {
      if (error instanceof TelegramApiError && error.errorCode === 403) {
        throw new TelegramChannelRejectedError(
          `ربات ${bot} عضو کانال ${channel} نیست. آن را به‌عنوان مدیر به کانال اضافه کنید و دسترسی «${RIGHTS.can_post_messages}» را به آن بدهید.`,
          "telegram_bot_not_member",
        );
      }
      if (error instanceof TelegramApiError && error.errorCode === 400) {
        throw new TelegramChannelRejectedError(
          `کانال ${channel} پیدا نشد. نشانی را بررسی کنید؛ اگر کانال خصوصی است، ابتدا ربات ${bot} را به‌عنوان مدیر به آن اضافه کنید.`,
          "telegram_channel_not_found",
        );
      }
      throw error;
    }
    if (chat.type !== "channel") {
      throw new TelegramChannelRejectedError(
        `${channel} کانال نیست (گروه یا حساب شخصی است)؛ نشانی یک کانال تلگرام را بنویسید.`,
        "telegram_not_a_channel",
      );
    }
    const title = chat.title ?? channel;
    let member: TelegramChatMember | null;
    try {
      member = await telegram.getChatMember(chat.id, me.id);
    } catch (error) {
      if (error instanceof TelegramApiError && (error.errorCode === 400 || error.errorCode === 403)) member = null;
      else throw error;
    }
    if (!member || member.status !== "administrator") {
      throw new TelegramChannelRejectedError(
        `ربات ${bot} در کانال «${title}» مدیر نیست. آن را به‌عنوان مدیر به کانال اضافه کنید و دسترسی ${persianList(requiredRights(onRemoved).map((right) => RIGHTS[right]))} را به آن بدهید.`,
        "telegram_bot_not_admin",
      );
    }
    const missing = requiredRights(onRemoved).filter((right) => member[right] !== true);
    if (missing.length > 0) {
      const names = persianList(missing.map((right) => RIGHTS[right]));
      throw new TelegramChannelRejectedError(
        `ربات ${bot} در کانال «${title}» مدیر است، اما ${missing.length === 1 ? "این دسترسی" : "این دسترسی‌ها"} را ندارد: ${names}. در تنظیمات مدیران کانال ${missing.length === 1 ? "آن را" : "آن‌ها را"} روشن کنید.`,
        "telegram_rights_missing",
      );
    }
    return { chatId: String(chat.id), username: chat.username ?? null, title };
  } catch (error) {
    if (error instanceof TelegramUnreachableError || (error instanceof TelegramApiError && error.transient))
      throw new TelegramUnavailableError();
    throw error;
  }
}

/** The bot's @username for the merchant's instructions, or null when Telegram cannot be asked now. */
export async function telegramBotUsername(telegram: TelegramChannelApi | null): Promise<string | null> {
  if (!telegram) return null;
  let known = botNames.get(telegram);
  if (!known) {
    known = telegram.getMe().then((me) => me.username ?? null);
    botNames.set(telegram, known);
  }
  try {
    return await known;
  } catch {
    // Asked again next time, not remembered.
    botNames.delete(telegram);
    return null;
  }
}
const botNames = new WeakMap<TelegramChannelApi, Promise<string | null>>();

/** How long a code may be posted. */
export const CLAIM_TTL_MINUTES = 30;
/** No 0/O, 1/I/L: read off a screen and typed on a phone. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_PATTERN = /^MALL-[2-9A-HJKMNP-Z]{8}$/;

function newCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `MALL-${code}`;
}

/** The post's text as a code, whatever the keyboard did to it (Persian digits, lower case, spaces around it); null when it is no code. */
export function codeOf(text: string): string | null {
  const candidate = toLatinDigits(text).trim().toUpperCase().replace(/\s+/g, "");
  return CODE_PATTERN.test(candidate) ? candidate : null;
}

/** The steps a merchant follows, in Persian, for the API's answer and the back office alike. */
export function claimSteps(claim: Pick<TelegramChannelClaim, "code" | "title" | "username">, botUsername: string | null): string[] {
  const where = claim.username ? `@${claim.username}` : `«${claim.title}»`;
  const bot = botUsername ? `@${botUsername}` : "ربات فروشگاه";
  return [
    `ربات ${bot} را به‌عنوان مدیر به کانال ${where} اضافه کنید (اگر نکرده‌اید).`,
    `این کد را به‌تنهایی، بدون هیچ متن دیگری، در کانال ${where} منتشر کنید: ${claim.code}`,
    "پیام را از جای دیگری هدایت (فوروارد) نکنید؛ خودتان آن را در کانال بنویسید یا بچسبانید.",
    `کد تا ${CLAIM_TTL_MINUTES.toLocaleString("fa-IR")} دقیقه و فقط یک بار اعتبار دارد. کانال همین که ربات کد را ببیند وصل می‌شود؛ پس از آن می‌توانید پیام کد را پاک کنید.`,
  ];
}

async function ownerOf(ctx: ServiceContext, chatId: string): Promise<TelegramChannelOwner | null> {
  return ctx.manager.findOneBy(TelegramChannelOwner, { chatId });
}

/**
 * Step one of connecting a channel: checks that the bot can run it (as
 * verifyChannel) and that no other store holds it, then gives the store a
 * one-time code to post there (replacing any earlier one). Nothing is
 * connected yet. The store's own proven channel needs no code: its settings
 * change through connectTelegramChannel.
 */
export async function claimTelegramChannel(
  ctx: ServiceContext,
  telegram: TelegramChannelApi | null,
  storeId: string,
  input: ConnectTelegramInput,
): Promise<TelegramChannelClaim> {
  await canManageStore(ctx, storeId);
  const data = connectTelegramSchema.parse(input);
  if (!telegram) throw new TelegramNotConfiguredError();
  const verified = await verifyChannel(telegram, data.channel, data.onRemoved);
  const owner = await ownerOf(ctx, verified.chatId);
  if (owner && owner.storeId !== storeId) throw new TelegramChannelTakenError();
  const claims = ctx.manager.getRepository(TelegramChannelClaim);
  await claims.delete({ storeId });
  const claim = await claims.save(
    claims.create({
      storeId,
      chatId: verified.chatId,
      username: verified.username,
      title: verified.title,
      onRemoved: data.onRemoved,
      code: newCode(),
      expiresAt: new Date(Date.now() + CLAIM_TTL_MINUTES * 60_000),
      lastError: null,
      requestedBy: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    }),
  );
  return claims.findOneByOrFail({ id: claim.id });
}

/** The store's pending code (also once expired, to say so), for the merchant. */
export async function getTelegramClaim(ctx: ServiceContext, storeId: string): Promise<TelegramChannelClaim> {
  await canManageStore(ctx, storeId);
  const claim = await ctx.manager.findOneBy(TelegramChannelClaim, { storeId });
  if (!claim) throw new TelegramClaimNotFoundError();
  return claim;
}

/** A channel post as the bot received it: only what the proof looks at. */
export interface ChannelPost {
  /** `chat.id` of the update: the channel it was posted in (Telegram's word, delivered to our webhook with its secret). */
  chatId: string;
  chatType: string;
  messageId: number;
  text: string;
  /** forward_origin / forward_from_chat / forward_date: someone else's text, passed on. */
  forwarded: boolean;
  /** via_bot: written by an inline bot, which anyone can make say anything. */
  viaBot: boolean;
}

export type ProofOutcome = "connected" | "not-a-code" | "unknown-code" | "forwarded" | "expired" | "taken" | "rejected";

/**
 * Step two: a `channel_post` the bot received. When its text is a code
 * issued for this very channel, still fresh and unused, posted by hand (not
 * forwarded, not through an inline bot), and the bot can still run the
 * channel and no other store holds it, the channel becomes the store's:
 * connected, proven, its owner row written, the code spent, audited. Any
 * other post changes nothing (a code that failed says why on the claim, for
 * the merchant). Called by the bot with a system context, outside a
 * transaction (it opens its own, after asking Telegram).
 */
export async function proveTelegramChannel(ctx: ServiceContext, telegram: TelegramChannelApi, post: ChannelPost): Promise<ProofOutcome> {
  const code = post.chatType === "channel" ? codeOf(post.text) : null;
  if (!code) return "not-a-code";
  const claims = ctx.manager.getRepository(TelegramChannelClaim);
  // The code must have been issued for this channel: a code posted anywhere else proves nothing about it.
  const claim = await claims.findOneBy({ code, chatId: post.chatId });
  if (!claim) {
    // A stale or mistyped code: the merchant waiting on this channel is told.
    await claims
      .createQueryBuilder()
      .update()
      .set({ lastError: "کدی که در کانال منتشر شد با کد فعلی یکی نیست؛ همان کدی را منتشر کنید که اکنون در صفحهٔ «کانال تلگرام» می‌بینید." })
      .where("chat_id = :chatId AND code <> :code", { chatId: post.chatId, code })
      .execute();
    return "unknown-code";
  }
  const refuse = async (outcome: ProofOutcome, lastError: string) => {
    await claims.update({ id: claim.id }, { lastError });
    return outcome;
  };
  if (post.forwarded || post.viaBot) {
    return refuse(
      "forwarded",
      "کد به‌صورت پیام هدایت‌شده (فوروارد) یا از راه ربات دیگری در کانال آمد و پذیرفته نشد؛ کد را خودتان در کانال بنویسید یا بچسبانید.",
    );
  }
  if (claim.expiresAt.getTime() <= Date.now()) return refuse("expired", "زمان این کد گذشته است؛ کد تازه‌ای بگیرید.");
  let verified: VerifiedChannel;
  try {
    verified = await verifyChannel(telegram, claim.chatId, claim.onRemoved);
  } catch (error) {
    if (error instanceof TelegramChannelRejectedError) return refuse("rejected", error.message);
    throw error;
  }
  return ctx.manager.transaction(async (manager) => {
    const tx: ServiceContext = { ...ctx, manager };
    // The code is spent by whoever locks it first: a second delivery of the same post finds nothing.
    const locked = await manager.findOne(TelegramChannelClaim, { where: { id: claim.id, code }, lock: { mode: "pessimistic_write" } });
    if (!locked) return "unknown-code";
    // The primary key on chat_id decides a race between two stores.
    await manager.query(`INSERT INTO telegram_channel_owners (chat_id, store_id) VALUES ($1, $2) ON CONFLICT (chat_id) DO NOTHING`, [
      claim.chatId,
      claim.storeId,
    ]);
    const owner = await manager.findOneByOrFail(TelegramChannelOwner, { chatId: claim.chatId });
    if (owner.storeId !== claim.storeId) {
      await manager.update(TelegramChannelClaim, { id: claim.id }, { lastError: new TelegramChannelTakenError().message });
      return "taken";
    }
    await manager.delete(TelegramChannelClaim, { id: claim.id });
    const existing = await manager.findOneBy(TelegramChannel, { storeId: claim.storeId });
    if (existing?.provenAt && existing.chatId !== claim.chatId) {
      await manager.delete(TelegramChannelOwner, { chatId: existing.chatId, storeId: claim.storeId });
    }
    // Connections of other stores to this channel that were never proven (made before proof was required) give way.
    await manager.query(`DELETE FROM telegram_channels WHERE chat_id = $1 AND store_id <> $2 AND proven_at IS NULL`, [
      claim.chatId,
      claim.storeId,
    ]);
    const sameChat = existing?.chatId === claim.chatId;
    const now = new Date();
    await manager.getRepository(TelegramChannel).upsert(
      {
        storeId: claim.storeId,
        chatId: claim.chatId,
        username: verified.username,
        title: verified.title,
        onRemoved: claim.onRemoved,
        status: "active",
        lastError: null,
        connectedAt: sameChat ? existing.connectedAt : now,
        provenAt: now,
        postAllAt: sameChat ? existing.postAllAt : null,
      },
      { conflictPaths: ["storeId"] },
    );
    await recordAudit(tx, {
      storeId: claim.storeId,
      action: "telegram.connected",
      entityType: "store",
      entityId: claim.storeId,
      before: existing ? { telegramChannel: existing.chatId, telegramChannelTitle: existing.title } : null,
      after: { telegramChannel: claim.chatId, telegramChannelTitle: verified.title, requestedBy: claim.requestedBy },
    });
    return "connected" as const;
  });
}

/**
 * Changes the settings of the store's proven channel (what happens to posts
 * of removed products), or mends it once the bot is back as an
 * administrator. Any other channel, or one whose control was never proven,
 * needs a code first (claimTelegramChannel): 400 naming `channel`.
 * For the API and the back office alike; the actor must manage the store.
 */
export async function connectTelegramChannel(
  ctx: ServiceContext,
  telegram: TelegramChannelApi | null,
  storeId: string,
  input: ConnectTelegramInput,
): Promise<TelegramChannel> {
  await canManageStore(ctx, storeId);
  const data = connectTelegramSchema.parse(input);
  if (!telegram) throw new TelegramNotConfiguredError();
  const channels = ctx.manager.getRepository(TelegramChannel);
  const existing = await channels.findOneBy({ storeId });
  if (!existing?.provenAt) throw new TelegramProofRequiredError();
  const verified = await verifyChannel(telegram, data.channel, data.onRemoved);
  if (verified.chatId !== existing.chatId) throw new TelegramProofRequiredError();
  const after = {
    username: verified.username,
    title: verified.title,
    onRemoved: data.onRemoved,
    status: "active" as const,
    lastError: null,
  };
  await channels.update({ id: existing.id, storeId }, after);
  await recordAudit(ctx, {
    storeId,
    action: "telegram.updated",
    entityType: "store",
    entityId: storeId,
    before: { telegramOnRemoved: existing.onRemoved, telegramStatus: existing.status },
    after: { telegramOnRemoved: data.onRemoved, telegramStatus: "active" },
  });
  return channels.findOneByOrFail({ storeId });
}

/** Disconnects the store's channel (and forgets a pending code): the sync stops; the posts stay in the channel as they are; another store may then claim it. */
export async function disconnectTelegramChannel(ctx: ServiceContext, storeId: string): Promise<void> {
  await canManageStore(ctx, storeId);
  await ctx.manager.delete(TelegramChannelClaim, { storeId });
  const existing = await ctx.manager.findOneBy(TelegramChannel, { storeId });
  if (!existing) throw new TelegramChannelNotConnectedError();
  await ctx.manager.delete(TelegramChannel, { id: existing.id, storeId });
  await ctx.manager.delete(TelegramChannelOwner, { chatId: existing.chatId, storeId });
  await recordAudit(ctx, {
    storeId,
    action: "telegram.disconnected",
    entityType: "store",
    entityId: storeId,
    before: { telegramChannel: existing.chatId, telegramChannelTitle: existing.title },
    after: null,
  });
}

/** The store's channel connection, for the merchant. */
export async function getTelegramChannel(ctx: ServiceContext, storeId: string): Promise<TelegramChannel> {
  await canManageStore(ctx, storeId);
  const channel = await ctx.manager.getRepository(TelegramChannel).findOneBy({ storeId });
  if (!channel) throw new TelegramChannelNotConnectedError();
  return channel;
}
