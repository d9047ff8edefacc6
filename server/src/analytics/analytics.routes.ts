import { readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { analyticsCsv, analyticsCsvName } from "./analytics.csv.js";
import { analyticsCsvQuerySchema, analyticsQuerySchema, analyticsReportSchema } from "./analytics.schemas.js";
import { storeAnalytics } from "./analytics.service.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });

/** A store's analytics for its members (and staff): JSON, or one report as a CSV download. */
export function analyticsRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource } = platform;
  return [
    defineRoute({
      method: "get",
      path: "/stores/:storeId/analytics",
      summary:
        "Revenue and orders per Jalali day, week or month (Tehran days; paid, processing, shipped and delivered orders count), orders by state, top products by revenue and by views, views → orders conversion, models running out, new vs returning buyers",
      tags: ["analytics (merchant)"],
      auth: true,
      params: storeParams,
      query: analyticsQuerySchema,
      response: analyticsReportSchema,
      errors: [403, 404],
      handler: async ({ params, query }, req) => storeAnalytics(readContext(req, dataSource), params.storeId, query),
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/analytics.csv",
      summary:
        "One analytics report (`report`: sales, states, products, low-stock, customers) as CSV: UTF-8 with a BOM, Persian headers, Jalali dates, Tomans",
      tags: ["analytics (merchant)"],
      auth: true,
      params: storeParams,
      query: analyticsCsvQuerySchema,
      response: z.string(),
      csv: true,
      errors: [403, 404],
      handler: async ({ params, query }, req, res) => {
        // The product sheet lists up to 100 sold products, not only the dashboard's top few.
        const report = await storeAnalytics(readContext(req, dataSource), params.storeId, {
          ...query,
          limit: query.report === "products" ? 100 : query.limit,
        });
        res.locals.filename = analyticsCsvName(report, query.report);
        return analyticsCsv(report, query.report);
      },
    }),
  ];
}
