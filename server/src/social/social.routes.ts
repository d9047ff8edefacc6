import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import type { InstagramGraphApi } from "./instagram-graph.js";
import { connectInstagramAccount, disconnectInstagramAccount, getInstagramAccount } from "./instagram.service.js";
import { presentInstagramAccount, presentTelegramChannel, presentTelegramClaim } from "./social.presenters.js";
import {
  connectInstagramSchema,
  connectTelegramSchema,
  instagramAccountSchema,
  telegramChannelSchema,
  telegramClaimSchema,
  telegramPostAllSchema,
} from "./social.schemas.js";
import type { TelegramChannelApi } from "./telegram-api.js";
import { postAllProducts } from "./telegram-channel-state.js";
import {
  claimTelegramChannel,
  connectTelegramChannel,
  disconnectTelegramChannel,
  getTelegramChannel,
  getTelegramClaim,
  telegramBotUsername,
} from "./telegram-channel.service.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });
const disconnectedSchema = z.object({ disconnected: z.literal(true) });

export interface SocialClients {
  /** Null when no bot token is configured. */
  telegram: TelegramChannelApi | null;
  graph: InstagramGraphApi;
}

/** A store's Telegram channel and Instagram account, for its owner and managers (and staff). */
export function socialRoutes(platform: Platform, clients: SocialClients): AnyRouteSpec[] {
  const { dataSource } = platform;
  const common = { auth: true, errors: [403 as const, 404 as const], params: storeParams };
  const telegram = { ...common, tags: ["telegram"] };
  const instagram = { ...common, tags: ["instagram"] };
  return [
    defineRoute({
      ...telegram,
      method: "get",
      path: "/stores/:storeId/telegram",
      summary: "The store's Telegram channel connection (broken, with the reason, when the bot lost the channel)",
      response: telegramChannelSchema,
      handler: async ({ params }, req) => presentTelegramChannel(await getTelegramChannel(readContext(req, dataSource), params.storeId)),
    }),
    defineRoute({
      ...telegram,
      method: "post",
      path: "/stores/:storeId/telegram/claim",
      summary:
        "Step one of connecting a channel: once the bot is an administrator there and no other store holds it, a one-time code (30 minutes) for the merchant to post in the channel; the bot's seeing it connects the channel",
      body: connectTelegramSchema,
      response: telegramClaimSchema,
      status: 201,
      errors: [403, 404, 409, 503],
      handler: ({ params, body }, req) =>
        inTransaction(req, dataSource, async (ctx) =>
          presentTelegramClaim(
            await claimTelegramChannel(ctx, clients.telegram, params.storeId, body),
            await telegramBotUsername(clients.telegram),
          ),
        ),
    }),
    defineRoute({
      ...telegram,
      method: "get",
      path: "/stores/:storeId/telegram/claim",
      summary:
        "The store's pending code (expired or not, and why a posted code was refused); 404 when there is none (never asked, or used: the channel is connected)",
      response: telegramClaimSchema,
      handler: async ({ params }, req) =>
        presentTelegramClaim(
          await getTelegramClaim(readContext(req, dataSource), params.storeId),
          await telegramBotUsername(clients.telegram),
        ),
    }),
    defineRoute({
      ...telegram,
      method: "post",
      path: "/stores/:storeId/telegram/post-all",
      summary:
        "Posts every active product to the proven channel now, older ones included, through the sync queue (already posted ones are edited or left alone)",
      response: telegramPostAllSchema,
      status: 202,
      errors: [403, 404, 409],
      handler: ({ params }, req) =>
        inTransaction(req, dataSource, async (ctx) => ({ queued: await postAllProducts(ctx, platform.queues, params.storeId) })),
    }),
    defineRoute({
      ...telegram,
      method: "put",
      path: "/stores/:storeId/telegram",
      summary:
        "Changes the settings of the store's proven channel, or mends it once the bot is back as an administrator; any other channel must be proven first (POST …/telegram/claim), else 400 telegram_proof_required",
      body: connectTelegramSchema,
      response: telegramChannelSchema,
      errors: [403, 404, 503],
      handler: ({ params, body }, req) =>
        inTransaction(req, dataSource, async (ctx) =>
          presentTelegramChannel(await connectTelegramChannel(ctx, clients.telegram, params.storeId, body)),
        ),
    }),
    defineRoute({
      ...telegram,
      method: "delete",
      path: "/stores/:storeId/telegram",
      summary: "Disconnects the channel: the sync stops, the posts stay",
      response: disconnectedSchema,
      handler: ({ params }, req) =>
        inTransaction(req, dataSource, async (ctx) => {
          await disconnectTelegramChannel(ctx, params.storeId);
          return { disconnected: true as const };
        }),
    }),
    defineRoute({
      ...instagram,
      method: "get",
      path: "/stores/:storeId/instagram",
      summary: "The store's Instagram account (never its token)",
      response: instagramAccountSchema,
      handler: async ({ params }, req) => presentInstagramAccount(await getInstagramAccount(readContext(req, dataSource), params.storeId)),
    }),
    defineRoute({
      ...instagram,
      method: "put",
      path: "/stores/:storeId/instagram",
      summary: "Connects an Instagram professional account (IG User ID and a token that may publish); new products are published to it",
      body: connectInstagramSchema,
      response: instagramAccountSchema,
      errors: [403, 404, 503],
      handler: ({ params, body }, req) =>
        inTransaction(req, dataSource, async (ctx) =>
          presentInstagramAccount(
            await connectInstagramAccount(ctx, { graph: clients.graph, config: platform.config }, params.storeId, body),
          ),
        ),
    }),
    defineRoute({
      ...instagram,
      method: "delete",
      path: "/stores/:storeId/instagram",
      summary: "Disconnects the Instagram account: nothing more is published",
      response: disconnectedSchema,
      handler: ({ params }, req) =>
        inTransaction(req, dataSource, async (ctx) => {
          await disconnectInstagramAccount(ctx, params.storeId);
          return { disconnected: true as const };
        }),
    }),
  ];
}
