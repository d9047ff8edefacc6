import { type JalaliDay, parseJalaliDate } from "@mall/locale";
import { ORDER_STATES } from "../orders/order-state.js";
import { z } from "../platform/zod.js";

const jalaliDaySchema = (field: "from" | "to") =>
  z
    .string()
    .transform((value, ctx): JalaliDay => {
      const day = parseJalaliDate(value);
      if (day) return day;
      ctx.addIssue({
        code: "custom",
        message: `تاریخ ${field === "from" ? "شروع" : "پایان"} را به شکل ۱۴۰۵-۰۹-۰۱ (تاریخ شمسی) وارد کنید.`,
      });
      return z.NEVER;
    })
    .openapi({
      type: "string",
      description: "A Jalali date (Tehran), inclusive; Persian or Latin digits, `-` or `/`",
      example: "1405-09-01",
    });

export const GRANULARITIES = ["day", "week", "month"] as const;
export const CSV_REPORTS = ["sales", "states", "products", "low-stock", "customers"] as const;
export type CsvReport = (typeof CSV_REPORTS)[number];

export const analyticsQuerySchema = z.object({
  from: jalaliDaySchema("from").optional().openapi({ description: "First day; default: 29 days before `to`" }),
  to: jalaliDaySchema("to").optional().openapi({ description: "Last day; default: today in Tehran" }),
  granularity: z.enum(GRANULARITIES, "واحد نمودار باید day (روز)، week (هفته) یا month (ماه) باشد.").default("day"),
  /** How many products the top lists hold. */
  limit: z.coerce
    .number("تعداد باید عدد باشد.")
    .int("تعداد باید عدد صحیح باشد.")
    .min(1, "تعداد دست‌کم ۱ است.")
    .max(100, "تعداد حداکثر ۱۰۰ است.")
    .default(10),
  /** Active models at or below this stock are listed as running out. */
  lowStock: z.coerce
    .number("آستانهٔ موجودی باید عدد باشد.")
    .int("آستانهٔ موجودی باید عدد صحیح باشد.")
    .min(0, "آستانهٔ موجودی منفی نمی‌شود.")
    .max(100_000)
    .default(5),
});
export type AnalyticsQuery = z.output<typeof analyticsQuerySchema>;

export const analyticsCsvQuerySchema = analyticsQuerySchema.extend({
  report: z.enum(CSV_REPORTS, "گزارش باید یکی از sales، states، products، low-stock یا customers باشد.").default("sales"),
});
export type AnalyticsCsvQuery = z.output<typeof analyticsCsvQuerySchema>;

const productFigures = z.object({
  productId: z.uuid(),
  name: z.string(),
  views: z.number().int(),
  orders: z.number().int().openapi({ description: "Paid (or later) orders holding the product" }),
  quantity: z.number().int(),
  revenueRials: z.number().int().openapi({ description: "Sum of its lines (before shipping and order discounts)" }),
  conversionRate: z.number().nullable().openapi({ description: "orders / views in the range; null without views" }),
});

export const analyticsReportSchema = z
  .object({
    store: z.object({ id: z.uuid(), name: z.string() }),
    range: z.object({
      from: z.string().openapi({ example: "1405/09/01" }),
      to: z.string().openapi({ example: "1405/09/30" }),
      granularity: z.enum(GRANULARITIES),
      timeZone: z.literal("Asia/Tehran"),
      revenueStates: z.array(z.enum(ORDER_STATES)).openapi({ description: "The states an order must be in to count as revenue" }),
    }),
    totals: z.object({ orders: z.number().int(), revenueRials: z.number().int(), averageOrderRials: z.number().int() }),
    series: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        from: z.string(),
        to: z.string(),
        orders: z.number().int(),
        revenueRials: z.number().int(),
      }),
    ),
    ordersByState: z.array(
      z.object({ state: z.enum(ORDER_STATES), label: z.string(), orders: z.number().int(), totalRials: z.number().int() }),
    ),
    topProductsByRevenue: z.array(productFigures),
    topProductsByViews: z.array(productFigures),
    conversion: z.array(productFigures).openapi({ description: "Products viewed in the range, most viewed first, with orders / views" }),
    lowStock: z.object({
      threshold: z.number().int(),
      items: z.array(z.object({ instanceId: z.uuid(), productId: z.uuid(), name: z.string(), sku: z.string(), stock: z.number().int() })),
    }),
    reminders: z
      .object({
        sent: z.number().int().openapi({ description: "Unpaid-order reminder SMS sent for orders placed in the range" }),
        recovered: z.number().int().openapi({ description: "… of which the order was paid after the reminder" }),
        recoveredRevenueRials: z.number().int().openapi({ description: "The totals of those recovered orders" }),
      })
      .openapi({ description: "Unpaid-order reminders (issue 27 #3)" }),
    customers: z.object({
      customers: z.number().int().openapi({ description: "Shoppers with a paid (or later) order in the range" }),
      new: z.number().int().openapi({ description: "… whose first such order in the store is in the range" }),
      returning: z.number().int().openapi({ description: "… who had one before the range" }),
    }),
  })
  .openapi("StoreAnalytics");
export type AnalyticsReport = z.input<typeof analyticsReportSchema>;
