import { authorize } from "../identity/authorization.js";
import type { ServiceContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import { TelegramChannelNotConnectedError, TelegramChannelRejectedError, TelegramNotConfiguredError, TelegramUnavailableError } from "./social.errors.js";
import { connectTelegramSchema, type ConnectTelegramInput } from "./social.schemas.js";
import { TelegramApiError, TelegramUnreachableError, type TelegramChannelApi, type TelegramChatMember } from "./telegram-api.js";
import { TelegramChannel, type RemovedPostAction } from "./telegram-channel.entity.js";

/**
 * A store's Telegram channel. The only place that decides whether the bot
 * may post there: it must be an administrator of a channel (not a group)
 * with «ارسال پیام», and with «حذف پیام‌های دیگران» when the store wants
 * posts of removed products deleted (Telegram lets a bot delete its own
 * channel posts only within 48 hours without it). Editing needs no right of
 * its own: the bot edits only the posts it made.
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
        throw new TelegramChannelRejectedError(`ربات ${bot} عضو کانال ${channel} نیست. آن را به‌عنوان مدیر به کانال اضافه کنید و دسترسی «${RIGHTS.can_post_messages}» را به آن بدهید.`, "telegram_bot_not_member");
      }
      if (error instanceof TelegramApiError && error.errorCode === 400) {
        throw new TelegramChannelRejectedError(`کانال ${channel} پیدا نشد. نشانی را بررسی کنید؛ اگر کانال خصوصی است، ابتدا ربات ${bot} را به‌عنوان مدیر به آن اضافه کنید.`, "telegram_channel_not_found");
      }
      throw error;
    }
    if (chat.type !== "channel") {
      throw new TelegramChannelRejectedError(`${channel} کانال نیست (گروه یا حساب شخصی است)؛ نشانی یک کانال تلگرام را بنویسید.`, "telegram_not_a_channel");
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
    if (error instanceof TelegramUnreachableError || (error instanceof TelegramApiError && error.transient)) throw new TelegramUnavailableError();
    throw error;
  }
}

/**
 * Connects a store's channel (or changes its settings) once the bot is found
 * able to post there; a broken connection is mended. Products created from
 * the first connection to a channel on are posted; connecting another
 * channel starts that clock again for it.
 * For the API and the back office's action alike; the actor must manage the store.
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
  const verified = await verifyChannel(telegram, data.channel, data.onRemoved);
  const channels = ctx.manager.getRepository(TelegramChannel);
  const existing = await channels.findOneBy({ storeId });
  const sameChat = existing?.chatId === verified.chatId;
  await channels.upsert(
    {
      storeId,
      chatId: verified.chatId,
      username: verified.username,
      title: verified.title,
      onRemoved: data.onRemoved,
      status: "active",
      lastError: null,
      connectedAt: sameChat ? existing.connectedAt : new Date(),
    },
    { conflictPaths: ["storeId"] },
  );
  return channels.findOneByOrFail({ storeId });
}

/** Disconnects the store's channel: the sync stops; the posts stay in the channel as they are. */
export async function disconnectTelegramChannel(ctx: ServiceContext, storeId: string): Promise<void> {
  await canManageStore(ctx, storeId);
  const result = await ctx.manager.getRepository(TelegramChannel).delete({ storeId });
  if (!result.affected) throw new TelegramChannelNotConnectedError();
}

/** The store's channel connection, for the merchant. */
export async function getTelegramChannel(ctx: ServiceContext, storeId: string): Promise<TelegramChannel> {
  await canManageStore(ctx, storeId);
  const channel = await ctx.manager.getRepository(TelegramChannel).findOneBy({ storeId });
  if (!channel) throw new TelegramChannelNotConnectedError();
  return channel;
}

