import { readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import type { PaymentDeps } from "./gateway-drivers.js";
import { RefundNotFoundError } from "./payments.errors.js";
import { presentRefund } from "./payments.presenters.js";
import { refundOrderSchema, refundSchema } from "./payments.schemas.js";
import { orderRefund, refundOrder } from "./refund.service.js";

const orderParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست."), orderId: z.uuid("شناسهٔ سفارش معتبر نیست.") });

/** Refunding a paid order, for the store's owner or managers (another store's order answers 404). */
export function refundRoutes(platform: Platform, deps: PaymentDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: "post",
      path: "/stores/:storeId/orders/:orderId/refund",
      summary:
        "Refunds a paid order once: `gateway` reverses its online payment where the gateway still allows it (409 reversal_refused otherwise), `manual` records money given back outside Mall (at most the paid amount); the order becomes refunded, its items back in stock if `restock`",
      tags: ["orders (merchant)"],
      auth: true,
      params: orderParams,
      body: refundOrderSchema,
      response: refundSchema,
      status: 201,
      errors: [400, 403, 404, 409, 422, 503],
      // The refund service opens its own transactions (the bank is called between them).
      handler: async ({ params, body }, req) =>
        presentRefund(
          await refundOrder({ ...readContext(req, platform.dataSource), surface: "api" }, deps, params.storeId, params.orderId, body),
        ),
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/orders/:orderId/refund",
      summary: "The order's refund (404 refund_not_found when it has none)",
      tags: ["orders (merchant)"],
      auth: true,
      params: orderParams,
      response: refundSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        const refund = await orderRefund(readContext(req, platform.dataSource), params.storeId, params.orderId);
        if (!refund) throw new RefundNotFoundError();
        return presentRefund(refund);
      },
    }),
  ];
}
