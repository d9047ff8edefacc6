import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import type { InstagramGraphApi } from "./instagram-graph.js";
import { connectInstagramAccount, disconnectInstagramAccount, getInstagramAccount } from "./instagram.service.js";
import { presentInstagramAccount, presentTelegramChannel } from "./social.presenters.js";
import { connectInstagramSchema, connectTelegramSchema, instagramAccountSchema, telegramChannelSchema } from "./social.schemas.js";
import type { TelegramChannelApi } from "./telegram-api.js";
import { connectTelegramChannel, disconnectTelegramChannel, getTelegramChannel } from "./telegram-channel.service.js";

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
      method: "put",
      path: "/stores/:storeId/telegram",
      summary: "Connects the store's channel once the bot is an administrator there with the rights it needs; new products are posted to it",
      body: connectTelegramSchema,
      response: telegramChannelSchema,
      errors: [403, 404, 503],
      handler: ({ params, body }, req) =>
        inTransaction(req, dataSource, async (ctx) => presentTelegramChannel(await connectTelegramChannel(ctx, clients.telegram, params.storeId, body))),
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
        inTransaction(req, dataSource, async (ctx) => presentInstagramAccount(await connectInstagramAccount(ctx, clients.graph, params.storeId, body))),
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
