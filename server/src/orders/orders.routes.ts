import type { Request } from "express";
import { ServiceUnavailableError } from "../core/errors.js";
import { inTransaction, onOneConnection, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import { parseInput } from "../core/validation.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { storeOf } from "../tenancy/tenancy.routes.js";
import { createAddress, deleteAddress, listAddresses, updateAddress } from "./address.service.js";
import { checkCart } from "./cart.service.js";
import { getMyOrder, listMyOrders, placeOrder, refuseVisiblyShort } from "./order.service.js";
import { presentAddress, presentCartCheck, presentOrder, presentOrderPage } from "./orders.presenters.js";
import {
  addressInputSchema,
  addressListSchema,
  addressSchema,
  cartCheckResultSchema,
  cartCheckSchema,
  idempotencyKeySchema,
  myOrdersQuerySchema,
  orderListSchema,
  orderSchema,
  placeOrderSchema,
} from "./orders.schemas.js";
import { isPoolExhausted } from "../db/errors.js";
import { retryTransaction } from "./retry.js";

const addressParams = z.object({ addressId: z.uuid("شناسهٔ نشانی معتبر نیست.") });
const orderParams = z.object({ orderId: z.uuid("شناسهٔ سفارش معتبر نیست.") });
const deletedSchema = z.object({ deleted: z.literal(true) });

/** The optional `Idempotency-Key` header, validated like any other input. */
function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.get("idempotency-key");
  return raw === undefined ? undefined : parseInput(idempotencyKeySchema, raw, "Idempotency-Key");
}

/**
 * The shopper's side, on the store's host (or X-Store): the cart check, their
 * addresses, placing an order and following their orders. Everything but the
 * cart check needs a signed-in shopper, and shows only their own rows.
 */
export function ordersRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource, config } = platform;
  return [
    defineRoute({
      method: "post",
      path: "/cart/check",
      summary:
        "Checks a cart kept in the browser: current prices, stock, line totals and what changed (with Persian messages); with a destination, the shipping options",
      tags: ["orders"],
      store: true,
      body: cartCheckSchema,
      response: cartCheckResultSchema,
      handler: async ({ body }, req) => presentCartCheck(await checkCart(readContext(req, dataSource), storeOf(req).id, body)),
    }),
    defineRoute({
      method: "get",
      path: "/me/addresses",
      summary: "The signed-in shopper's saved addresses at this store, newest first",
      tags: ["orders"],
      store: true,
      auth: true,
      response: addressListSchema,
      handler: async (_input, req) => ({ items: (await listAddresses(readContext(req, dataSource), storeOf(req).id)).map(presentAddress) }),
    }),
    defineRoute({
      method: "post",
      path: "/me/addresses",
      summary: "Saves an address: province and city from the list, a 10-digit postal code, the receiver's name and mobile",
      tags: ["orders"],
      store: true,
      auth: true,
      body: addressInputSchema,
      response: addressSchema,
      status: 201,
      handler: async ({ body }, req) =>
        presentAddress(await inTransaction(req, dataSource, (ctx) => createAddress(ctx, storeOf(req).id, body))),
    }),
    defineRoute({
      method: "put",
      path: "/me/addresses/:addressId",
      summary: "Replaces a saved address (orders placed with it keep their copy)",
      tags: ["orders"],
      store: true,
      auth: true,
      params: addressParams,
      body: addressInputSchema,
      response: addressSchema,
      errors: [404],
      handler: async ({ params, body }, req) =>
        presentAddress(await inTransaction(req, dataSource, (ctx) => updateAddress(ctx, storeOf(req).id, params.addressId, body))),
    }),
    defineRoute({
      method: "delete",
      path: "/me/addresses/:addressId",
      summary: "Deletes a saved address",
      tags: ["orders"],
      store: true,
      auth: true,
      params: addressParams,
      response: deletedSchema,
      errors: [404],
      handler: async ({ params }, req) => {
        await inTransaction(req, dataSource, (ctx) => deleteAddress(ctx, storeOf(req).id, params.addressId));
        return { deleted: true as const };
      },
    }),
    defineRoute({
      method: "post",
      path: "/orders",
      summary:
        "Places an order: reserves every line's stock atomically, copies the lines, prices shipping; the order waits for payment until reservedUntil. " +
        "With an Idempotency-Key header, the same key and body answer the same order (200) for 24 hours; the same key with another body is refused (422).",
      tags: ["orders"],
      store: true,
      auth: true,
      body: placeOrderSchema,
      response: orderSchema,
      status: 201,
      errors: [404, 409, 422, 503],
      handler: async ({ body }, req, res) => {
        const idempotencyKey = idempotencyKeyOf(req);
        const storeId = storeOf(req).id;
        const placed = await onOneConnection(req, dataSource, async (ctx) => {
          // A crowd at a sold-out model is answered on one read, without a transaction.
          await refuseVisiblyShort(ctx, storeId, body, { idempotencyKey });
          return retryTransaction(() =>
            ctx.manager.transaction((manager) =>
              placeOrder({ ...ctx, manager }, storeId, body, { idempotencyKey, reservationMinutes: config.ORDER_RESERVATION_MINUTES }),
            ),
          );
        }).catch((error: unknown) => {
          // A crowd at a sale: a clear "try again" (safe with the same Idempotency-Key), not a 500.
          if (isPoolExhausted(error))
            throw new ServiceUnavailableError("فروشگاه همین حالا بسیار شلوغ است؛ لطفاً چند لحظهٔ دیگر دوباره «ثبت سفارش» را بزنید.", "busy");
          throw error;
        });
        if (placed.replayed) res.locals.status = 200;
        return presentOrder(placed, { replayed: placed.replayed });
      },
    }),
    defineRoute({
      method: "get",
      path: "/me/orders",
      summary: "The signed-in shopper's orders at this store, newest first",
      tags: ["orders"],
      store: true,
      auth: true,
      query: myOrdersQuerySchema,
      response: orderListSchema,
      handler: async ({ query }, req) => presentOrderPage(await listMyOrders(readContext(req, dataSource), storeOf(req).id, query)),
    }),
    defineRoute({
      method: "get",
      path: "/orders/:orderId",
      summary: "One of the signed-in shopper's own orders at this store: state, lines, totals, address and history",
      tags: ["orders"],
      store: true,
      auth: true,
      params: orderParams,
      response: orderSchema,
      errors: [404],
      handler: async ({ params }, req) => presentOrder(await getMyOrder(readContext(req, dataSource), storeOf(req).id, params.orderId)),
    }),
  ];
}
