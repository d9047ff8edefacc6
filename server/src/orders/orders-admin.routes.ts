import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { orderInvoice } from "./invoice.js";
import { getStoreOrder, listStoreOrders, transitionOrder } from "./order.service.js";
import { presentOrder, presentOrderPage, presentShippingMethod } from "./orders.presenters.js";
import {
  createShippingMethodSchema,
  orderListQuerySchema,
  orderListSchema,
  orderSchema,
  shippingMethodListSchema,
  shippingMethodSchema,
  transitionSchema,
  updateShippingMethodSchema,
} from "./orders.schemas.js";
import { retryTransaction } from "./retry.js";
import { createShippingMethod, deleteShippingMethod, listShippingMethods, updateShippingMethod } from "./shipping.service.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });
const orderParams = storeParams.extend({ orderId: z.uuid("شناسهٔ سفارش معتبر نیست.") });
const methodParams = storeParams.extend({ methodId: z.uuid("شناسهٔ روش ارسال معتبر نیست.") });
const deletedSchema = z.object({ deleted: z.literal(true) });

/**
 * The merchant's side of orders and shipping, under `/stores/:storeId`:
 * signed in, and each service call checks `store.manage` through the one
 * authorisation helper (another store answers 404, as a missing one).
 */
export function ordersAdminRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource } = platform;
  return [
    defineRoute({
      method: "get",
      path: "/stores/:storeId/shipping-methods",
      summary: "The store's shipping methods, active or not",
      tags: ["orders (merchant)"],
      auth: true,
      params: storeParams,
      response: shippingMethodListSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => ({
        items: (await listShippingMethods(readContext(req, dataSource), params.storeId)).map(presentShippingMethod),
      }),
    }),
    defineRoute({
      method: "post",
      path: "/stores/:storeId/shipping-methods",
      summary:
        "Adds a shipping method: post_pishtaz, post_sefareshi, tipax, courier (its city) or pickup; flat or per-province price, free above an amount, optionally only some provinces",
      tags: ["orders (merchant)"],
      auth: true,
      params: storeParams,
      body: createShippingMethodSchema,
      response: shippingMethodSchema,
      status: 201,
      errors: [403, 404],
      handler: async ({ params, body }, req) =>
        presentShippingMethod(await inTransaction(req, dataSource, (ctx) => createShippingMethod(ctx, params.storeId, body))),
    }),
    defineRoute({
      method: "patch",
      path: "/stores/:storeId/shipping-methods/:methodId",
      summary: "Changes a shipping method (orders keep what they were placed with)",
      tags: ["orders (merchant)"],
      auth: true,
      params: methodParams,
      body: updateShippingMethodSchema,
      response: shippingMethodSchema,
      errors: [403, 404],
      handler: async ({ params, body }, req) =>
        presentShippingMethod(
          await inTransaction(req, dataSource, (ctx) => updateShippingMethod(ctx, params.storeId, params.methodId, body)),
        ),
    }),
    defineRoute({
      method: "delete",
      path: "/stores/:storeId/shipping-methods/:methodId",
      summary: "Removes a shipping method",
      tags: ["orders (merchant)"],
      auth: true,
      params: methodParams,
      response: deletedSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        await inTransaction(req, dataSource, (ctx) => deleteShippingMethod(ctx, params.storeId, params.methodId));
        return { deleted: true as const };
      },
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/orders",
      summary:
        "The store's orders, newest first: by state (comma-separated) and Jalali dates in Tehran time (from=1404/08/01&to=1404/08/30, inclusive), paged by `before`",
      tags: ["orders (merchant)"],
      auth: true,
      params: storeParams,
      query: orderListQuerySchema,
      response: orderListSchema,
      errors: [403, 404],
      handler: async ({ params, query }, req) =>
        presentOrderPage(await listStoreOrders(readContext(req, dataSource), params.storeId, query)),
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/orders/:orderId",
      summary: "One order with its lines, address and history",
      tags: ["orders (merchant)"],
      auth: true,
      params: orderParams,
      response: orderSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => presentOrder(await getStoreOrder(readContext(req, dataSource), params.storeId, params.orderId)),
    }),
    defineRoute({
      method: "post",
      path: "/stores/:storeId/orders/:orderId/transitions",
      summary:
        "Moves an order along its life cycle (paid → processing → shipped with a tracking code → delivered; cancelled while unpaid); refunded, or cancelling a paid order, is 422 refund_required (POST …/refund gives the money back); anything else is 422 invalid_transition",
      tags: ["orders (merchant)"],
      auth: true,
      params: orderParams,
      body: transitionSchema,
      response: orderSchema,
      errors: [403, 404, 409, 422],
      handler: async ({ params, body }, req) => {
        const view = await retryTransaction(() =>
          inTransaction(req, dataSource, async (ctx) => {
            await transitionOrder(ctx, params.storeId, params.orderId, body.to, { reason: body.reason, trackingCode: body.trackingCode });
            return getStoreOrder(ctx, params.storeId, params.orderId);
          }),
        );
        return presentOrder(view);
      },
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/orders/:orderId/invoice",
      summary: "A printable Persian invoice (RTL HTML): store, order number, Jalali date, lines, totals in Tomans, address",
      tags: ["orders (merchant)"],
      auth: true,
      params: orderParams,
      response: z.string().openapi({ description: "text/html" }),
      html: true,
      errors: [403, 404],
      handler: async ({ params }, req, res) => {
        res.setHeader("Cache-Control", "private, no-store");
        return orderInvoice(readContext(req, dataSource), params.storeId, params.orderId);
      },
    }),
  ];
}
