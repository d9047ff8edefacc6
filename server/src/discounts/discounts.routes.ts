import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { createDiscount, deleteDiscount, getDiscount, listDiscounts, updateDiscount } from "./discount.service.js";
import { presentDiscount } from "./discounts.presenters.js";
import { createDiscountSchema, discountListSchema, discountSchema, updateDiscountSchema } from "./discounts.schemas.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });
const discountParams = storeParams.extend({ discountId: z.uuid("شناسهٔ تخفیف معتبر نیست.") });
const deletedSchema = z.object({ deleted: z.literal(true) });
const tags = ["discounts (merchant)"];

/**
 * The merchant's discounts under `/stores/:storeId/discounts`: signed in, and
 * each service call checks `store.manage` (another store answers 404).
 */
export function discountsRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource } = platform;
  return [
    defineRoute({
      method: "get",
      path: "/stores/:storeId/discounts",
      summary: "The store's discount codes and automatic promotions, newest first",
      tags,
      auth: true,
      params: storeParams,
      response: discountListSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => ({
        items: (await listDiscounts(readContext(req, dataSource), params.storeId)).map(presentDiscount),
      }),
    }),
    defineRoute({
      method: "post",
      path: "/stores/:storeId/discounts",
      summary:
        "Adds a discount: with a code (case- and digit-insensitive, unique in the store) or without one (an automatic promotion); percentage or fixed Rials; " +
        "on the whole order, categories (and their subcategories) or products; minimum order amount; starts/ends as Jalali date and Tehran time (1404/09/01 14:30); total and per-customer limits; free shipping",
      tags,
      auth: true,
      params: storeParams,
      body: createDiscountSchema,
      response: discountSchema,
      status: 201,
      errors: [403, 404, 409],
      handler: async ({ params, body }, req) =>
        presentDiscount(await inTransaction(req, dataSource, (ctx) => createDiscount(ctx, params.storeId, body))),
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/discounts/:discountId",
      summary: "One discount, with how many orders hold a use of it",
      tags,
      auth: true,
      params: discountParams,
      response: discountSchema,
      errors: [403, 404],
      handler: async ({ params }, req) =>
        presentDiscount(await getDiscount(readContext(req, dataSource), params.storeId, params.discountId)),
    }),
    defineRoute({
      method: "patch",
      path: "/stores/:storeId/discounts/:discountId",
      summary: "Changes a discount (orders keep the discount lines they were placed with)",
      tags,
      auth: true,
      params: discountParams,
      body: updateDiscountSchema,
      response: discountSchema,
      errors: [403, 404, 409],
      handler: async ({ params, body }, req) =>
        presentDiscount(await inTransaction(req, dataSource, (ctx) => updateDiscount(ctx, params.storeId, params.discountId, body))),
    }),
    defineRoute({
      method: "delete",
      path: "/stores/:storeId/discounts/:discountId",
      summary: "Removes a discount (orders keep their copies of its lines)",
      tags,
      auth: true,
      params: discountParams,
      response: deletedSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        await inTransaction(req, dataSource, (ctx) => deleteDiscount(ctx, params.storeId, params.discountId));
        return { deleted: true as const };
      },
    }),
  ];
}
