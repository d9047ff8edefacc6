import { requireUser } from "../identity/authorization.js";
import { inTransaction, readContext } from "../http/request-context.js";
import { limiter } from "../http/rate-limit.js";
import { storeOf } from "../tenancy/tenancy.routes.js";
import { myRestockRequests, requestRestockNotice } from "./restock.service.js";
import { myWishlist, removeFromWishlist, saveToWishlist, type WishlistEntry } from "./wishlist.service.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { getRetentionSettings, MAX_SMS_DAILY_BUDGET, renewEmallsToken, updateRetentionSettings } from "./retention-settings.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });

const retentionSettingsSchema = z
  .object({
    unpaidReminderMinutes: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Minutes after placement when an unpaid order gets its one reminder SMS; null: off" }),
    smsDailyBudget: z.number().int().openapi({ description: "Reminder and back-in-stock SMS the store may send a Tehran day" }),
    smsUsedToday: z.number().int().openapi({ description: "… of which queued or sent today" }),
    smsWithheldToday: z
      .number()
      .int()
      .openapi({ description: "Reminder and back-in-stock SMS the budget held back today (not sent because it was spent)" }),
    torobEnabled: z
      .boolean()
      .openapi({ description: "Torob may read the products through POST /torob_api/v3/products on the store's host" }),
    torobUrl: z.string().openapi({ description: "The address to give Torob (Torob signs its calls itself)" }),
    emallsEnabled: z.boolean().openapi({ description: "Emalls may read the products through /emalls_api/products on the store's host" }),
    emallsUrl: z.string().openapi({ description: "The address to give Emalls" }),
    emallsToken: z
      .string()
      .nullable()
      .openapi({ description: "The token to give Emalls with the address (its `token` parameter or a Bearer header); null while off" }),
    reservationMinutes: z.number().int().openapi({ description: "How long an order's stock is held; the reminder comes before" }),
  })
  .openapi("RetentionSettings");

const retentionSettingsInput = z
  .object({
    unpaidReminderMinutes: z
      .number("مدت یادآوری باید عدد باشد.")
      .int("مدت یادآوری باید عدد صحیح باشد.")
      .min(1, "مدت یادآوری دست‌کم یک دقیقه است.")
      .nullable()
      .optional(),
    smsDailyBudget: z
      .number("سقف پیامک باید عدد باشد.")
      .int("سقف پیامک باید عدد صحیح باشد.")
      .min(0, "سقف پیامک منفی نمی‌شود.")
      .max(MAX_SMS_DAILY_BUDGET)
      .optional(),
    torobEnabled: z.boolean("روشن یا خاموش بودن ترب را مشخص کنید.").optional(),
    emallsEnabled: z.boolean("روشن یا خاموش بودن ایمالز را مشخص کنید.").optional(),
  })
  .strict();

const productParams = z.object({ productId: z.uuid("شناسهٔ کالا معتبر نیست.") });
const restockInput = z.object({ instanceId: z.uuid("مدل کالا را انتخاب کنید.") }).strict();
const restockRequestSchema = z.object({ instanceId: z.uuid(), productId: z.uuid(), createdAt: z.iso.datetime() }).openapi("RestockRequest");
const wishlistSchema = z
  .object({
    items: z.array(
      z.object({
        productId: z.uuid(),
        slug: z.string(),
        name: z.string(),
        image: z.string().nullable(),
        price: z.number().int().openapi({ description: "The product's lowest price now, Rials" }),
        savedPrice: z.number().int().openapi({ description: "… when it was saved" }),
        priceDropped: z.boolean(),
        inStock: z.boolean(),
        savedAt: z.string(),
      }),
    ),
  })
  .openapi("Wishlist");
const wishlistInput = z.object({ productId: z.uuid("شناسهٔ کالا معتبر نیست.") }).strict();
const presentWishlist = (items: WishlistEntry[]) => ({ items: items.map((item) => ({ ...item, savedAt: item.savedAt.toISOString() })) });
const presentRestock = (view: { instanceId: string; productId: string; createdAt: Date }) => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
});

/**
 * «موجود شد خبرم کن» for signed-in shoppers (issue 27 #2), and a store's
 * unpaid-order reminder and daily SMS budget (#3, #6) for its owners and managers.
 */
export function retentionRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource, config, redis, logger } = platform;
  const options = { reservationMinutes: config.ORDER_RESERVATION_MINUTES, config };
  // A shopper waits for a handful of variants at a time; more from one account in an hour is a script.
  const requestsPerUser = limiter(redis, logger, { name: "restock-request-user", points: 30, durationSeconds: 3600, failOpen: false });
  // Hearts are tapped on and off; hundreds a minute from one account is a script.
  const wishlistPerUser = limiter(redis, logger, { name: "wishlist-user", points: 120, durationSeconds: 60, failOpen: false });
  return [
    defineRoute({
      method: "get",
      path: "/me/wishlist",
      summary:
        "The signed-in shopper's saved products at this store, newest first, each with its price now and when saved (priceDropped) and whether it is in stock",
      tags: ["retention"],
      store: true,
      auth: true,
      response: wishlistSchema,
      handler: async (_input, req) => presentWishlist(await myWishlist(readContext(req, dataSource), storeOf(req).id)),
    }),
    defineRoute({
      method: "post",
      path: "/me/wishlist",
      summary: "Saves a product to the shopper's wishlist (again: nothing changes); answers the whole list",
      tags: ["retention"],
      store: true,
      auth: true,
      body: wishlistInput,
      response: wishlistSchema,
      errors: [404, 409, 429],
      handler: async ({ body }, req) => {
        await wishlistPerUser(requireUser(readContext(req, dataSource)).userId);
        await inTransaction(req, dataSource, (ctx) => saveToWishlist(ctx, storeOf(req).id, body.productId));
        return presentWishlist(await myWishlist(readContext(req, dataSource), storeOf(req).id));
      },
    }),
    defineRoute({
      method: "delete",
      path: "/me/wishlist/:productId",
      summary: "Takes a product off the shopper's wishlist; answers the whole list",
      tags: ["retention"],
      store: true,
      auth: true,
      params: productParams,
      response: wishlistSchema,
      errors: [404, 429],
      handler: async ({ params }, req) => {
        await wishlistPerUser(requireUser(readContext(req, dataSource)).userId);
        await inTransaction(req, dataSource, (ctx) => removeFromWishlist(ctx, storeOf(req).id, params.productId));
        return presentWishlist(await myWishlist(readContext(req, dataSource), storeOf(req).id));
      },
    }),
    defineRoute({
      method: "post",
      path: "/products/:productId/restock-requests",
      summary:
        "Puts the signed-in shopper's mobile number on a sold-out variant's waiting list: one SMS with the product's link when it is back (asking again keeps the first place)",
      tags: ["retention"],
      store: true,
      auth: true,
      params: productParams,
      body: restockInput,
      response: restockRequestSchema,
      status: 201,
      errors: [404, 409, 429],
      handler: async ({ params, body }, req) => {
        await requestsPerUser(requireUser(readContext(req, dataSource)).userId);
        return presentRestock(
          await inTransaction(req, dataSource, (ctx) => requestRestockNotice(ctx, storeOf(req).id, params.productId, body.instanceId)),
        );
      },
    }),
    defineRoute({
      method: "get",
      path: "/products/:productId/restock-requests",
      summary: "The variants of the product the signed-in shopper is waiting for",
      tags: ["retention"],
      store: true,
      auth: true,
      params: productParams,
      response: z.object({ items: z.array(restockRequestSchema) }),
      errors: [404],
      handler: async ({ params }, req) => ({
        items: (await myRestockRequests(readContext(req, dataSource), storeOf(req).id, params.productId)).map(presentRestock),
      }),
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/retention",
      summary: "When unpaid orders are reminded by SMS, the store's daily SMS budget and what is spent of it today",
      tags: ["store"],
      auth: true,
      params: storeParams,
      response: retentionSettingsSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => getRetentionSettings(readContext(req, dataSource), params.storeId, options),
    }),
    defineRoute({
      method: "patch",
      path: "/stores/:storeId/retention",
      summary:
        "Changes the reminder delay (within the reservation; null turns reminders off), the daily SMS budget, or turns Torob's or Emalls' webservice on or off; audited",
      tags: ["store"],
      auth: true,
      params: storeParams,
      body: retentionSettingsInput,
      response: retentionSettingsSchema,
      errors: [400, 403, 404],
      handler: ({ params, body }, req) =>
        inTransaction(req, dataSource, (ctx) => updateRetentionSettings(ctx, params.storeId, body, options)),
    }),
    defineRoute({
      method: "post",
      path: "/stores/:storeId/retention/emalls-token",
      summary: "Renews the store's Emalls token: the one given before stops working at once; audited",
      tags: ["store"],
      auth: true,
      params: storeParams,
      response: retentionSettingsSchema,
      errors: [403, 404],
      handler: ({ params }, req) => inTransaction(req, dataSource, (ctx) => renewEmallsToken(ctx, params.storeId, options)),
    }),
  ];
}
