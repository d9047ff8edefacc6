import { NotFoundError } from "../http/errors.js";
import { readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import type { GatewayDrivers } from "./gateways.js";
import { REFUND_METHODS, REFUND_STATUSES, type OrderRefund } from "./refund.entity.js";
import { orderRefund, refundOrder, type RefundDeps } from "./refund.service.js";

const orderParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست."), orderId: z.uuid("شناسهٔ سفارش معتبر نیست.") });
const refundBodySchema = z
  .object({
    method: z.enum(REFUND_METHODS, "روش بازپرداخت را انتخاب کنید: برگشت از درگاه (gateway) یا بازپرداخت دستی (manual)."),
    amount: z
      .number("مبلغ را به ریال و با عدد وارد کنید.")
      .int("مبلغ باید عدد صحیح (ریال) باشد.")
      .positive("مبلغ بازپرداخت باید بیشتر از صفر باشد.")
      .optional()
      .openapi({ description: "Rials; default: the whole paid amount. A gateway reversal is always the whole payment." }),
    restock: z.boolean("بگویید کالاها به موجودی برگردند یا نه.").openapi({ description: "Put the order's items back in stock (once)" }),
    note: z.string().trim().max(500, "توضیح حداکثر ۵۰۰ نویسه است.").optional(),
    reference: z.string().trim().max(100, "شمارهٔ پیگیری حداکثر ۱۰۰ نویسه است.").optional().openapi({ description: "A manual refund's bank reference" }),
  })
  .openapi("RefundOrder");
const refundSchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    paymentId: z.uuid().nullable(),
    method: z.enum(REFUND_METHODS),
    status: z.enum(REFUND_STATUSES),
    amount: z.number().int(),
    restock: z.boolean(),
    note: z.string().nullable(),
    reference: z.string().nullable(),
    actorUserId: z.uuid().nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .openapi("OrderRefund");

export function presentRefund(refund: OrderRefund) {
  return {
    id: refund.id,
    orderId: refund.orderId,
    paymentId: refund.paymentId,
    method: refund.method,
    status: refund.status,
    amount: refund.amount,
    restock: refund.restock,
    note: refund.note,
    reference: refund.reference,
    actorUserId: refund.actorUserId,
    createdAt: refund.createdAt.toISOString(),
    completedAt: refund.completedAt?.toISOString() ?? null,
  };
}

/** Refunding a paid order, for the store's owner or managers (another store's order answers 404). */
export function refundRoutes(platform: Platform, gateways: GatewayDrivers): AnyRouteSpec[] {
  const deps: RefundDeps = { dataSource: platform.dataSource, config: platform.config, gateways };
  return [
    defineRoute({
      method: "post",
      path: "/stores/:storeId/orders/:orderId/refund",
      summary:
        "Refunds a paid order once: `gateway` reverses its online payment where the gateway still allows it (409 reversal_refused otherwise), `manual` records money given back outside Mall (at most the paid amount); the order becomes refunded, its items back in stock if `restock`",
      tags: ["orders (merchant)"],
      auth: true,
      params: orderParams,
      body: refundBodySchema,
      response: refundSchema,
      status: 201,
      errors: [400, 403, 404, 409, 422, 503],
      handler: async ({ params, body }, req) => presentRefund(await refundOrder(deps, { ...readContext(req, platform.dataSource), surface: "api" }, params.storeId, params.orderId, body)),
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

class RefundNotFoundError extends NotFoundError {
  constructor() {
    super("این سفارش بازپرداختی ندارد.", "refund_not_found");
  }
}
