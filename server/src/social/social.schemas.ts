import { z } from "../platform/zod.js";
import { REMOVED_POST_ACTIONS } from "./telegram-channel.entity.js";

const CHANNEL_USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const CHANNEL_ID = /^-100\d{5,15}$/;

/**
 * A channel as a merchant names it: `@name`, `name`, `t.me/name`,
 * `https://t.me/name`, or the numeric id (-100…) of a private channel.
 * Becomes what the Bot API takes as chat_id: `@name` or the id.
 */
export const channelReferenceSchema = z
  .string("نشانی کانال را بنویسید.")
  .trim()
  .min(1, "نشانی کانال را بنویسید.")
  .transform((value, ctx) => {
    const bare = value
      .replace(/^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\//i, "")
      .replace(/^@/, "")
      .replace(/\/+$/, "");
    if (CHANNEL_ID.test(bare)) return bare;
    if (CHANNEL_USERNAME.test(bare)) return `@${bare}`;
    ctx.addIssue({
      code: "custom",
      message: "نشانی کانال درست نیست؛ آن را به شکل @name (یا شناسهٔ عددی کانال خصوصی که با -100 شروع می‌شود) بنویسید.",
    });
    return z.NEVER;
  })
  .openapi({ description: "`@name`, a t.me link, or the numeric id (-100…) of a private channel", example: "@my_shop" });

export const connectTelegramSchema = z
  .object({
    channel: channelReferenceSchema,
    onRemoved: z
      .enum(REMOVED_POST_ACTIONS, "یکی از delete (حذف پست) یا mark (علامت «دیگر عرضه نمی‌شود») را انتخاب کنید.")
      .default("delete")
      .openapi({ description: "When a product is deactivated or deleted: delete its posts, or mark them as no longer sold" }),
  })
  .openapi("ConnectTelegramChannel");
export type ConnectTelegramInput = z.input<typeof connectTelegramSchema>;

export const telegramChannelSchema = z
  .object({
    chatId: z.string(),
    username: z.string().nullable(),
    title: z.string(),
    onRemoved: z.enum(REMOVED_POST_ACTIONS),
    status: z.enum(["active", "broken"]),
    lastError: z.string().nullable(),
    connectedAt: z.string(),
    provenAt: z.string().nullable().openapi({
      description:
        "When the merchant proved control of the channel (a code posted there); null for a connection made before that was required, which stays broken until proven",
    }),
  })
  .openapi("TelegramChannel");

export const telegramClaimSchema = z
  .object({
    chatId: z.string(),
    username: z.string().nullable(),
    title: z.string(),
    onRemoved: z.enum(REMOVED_POST_ACTIONS),
    code: z.string().openapi({
      description: "To be posted, alone, in the channel by one of its administrators; the bot then connects the channel",
      example: "MALL-7K2Q9XBC",
    }),
    expiresAt: z.string(),
    expired: z.boolean(),
    lastError: z.string().nullable().openapi({ description: "Why the last post of a code in the channel did not connect it, in Persian" }),
    steps: z.array(z.string()).openapi({ description: "What to do, in Persian" }),
  })
  .openapi("TelegramChannelClaim");

export const telegramPostAllSchema = z.object({ queued: z.int().nonnegative() }).openapi("TelegramPostAll");

export const connectInstagramSchema = z
  .object({
    igUserId: z
      .string("شناسهٔ حساب اینستاگرام را بنویسید.")
      .trim()
      .regex(/^\d{5,25}$/, "شناسهٔ حساب اینستاگرام (IG User ID) فقط رقم است.")
      .openapi({ description: "The Instagram professional account's IG User ID", example: "17841400000000000" }),
    accessToken: z
      .string("توکن دسترسی را بنویسید.")
      .trim()
      .min(20, "توکن دسترسی کامل نیست.")
      .max(1000, "توکن دسترسی بیش از حد بلند است.")
      .openapi({ description: "A long-lived token with instagram_content_publish (or instagram_business_content_publish)" }),
  })
  .openapi("ConnectInstagramAccount");
export type ConnectInstagramInput = z.input<typeof connectInstagramSchema>;

export const instagramAccountSchema = z
  .object({
    igUserId: z.string(),
    username: z.string().nullable(),
    status: z.enum(["active", "broken"]),
    lastError: z.string().nullable(),
    connectedAt: z.string(),
  })
  .openapi("InstagramAccount");
