import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { getRetentionSettings, MAX_SMS_DAILY_BUDGET, updateRetentionSettings } from "./retention-settings.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });

const retentionSettingsSchema = z
  .object({
    unpaidReminderMinutes: z.number().int().nullable().openapi({ description: "Minutes after placement when an unpaid order gets its one reminder SMS; null: off" }),
    smsDailyBudget: z.number().int().openapi({ description: "Reminder and back-in-stock SMS the store may send a Tehran day" }),
    smsUsedToday: z.number().int().openapi({ description: "… of which queued or sent today" }),
    reservationMinutes: z.number().int().openapi({ description: "How long an order's stock is held; the reminder comes before" }),
  })
  .openapi("RetentionSettings");

const retentionSettingsInput = z
  .object({
    unpaidReminderMinutes: z.number("مدت یادآوری باید عدد باشد.").int("مدت یادآوری باید عدد صحیح باشد.").min(1, "مدت یادآوری دست‌کم یک دقیقه است.").nullable().optional(),
    smsDailyBudget: z.number("سقف پیامک باید عدد باشد.").int("سقف پیامک باید عدد صحیح باشد.").min(0, "سقف پیامک منفی نمی‌شود.").max(MAX_SMS_DAILY_BUDGET).optional(),
  })
  .strict();

/** A store's unpaid-order reminder and daily SMS budget (issue 27 #3, #6), for its owners and managers. */
export function retentionRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource, config } = platform;
  const options = { reservationMinutes: config.ORDER_RESERVATION_MINUTES };
  return [
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
      summary: "Changes the reminder delay (within the reservation; null turns reminders off) or the daily SMS budget; audited",
      tags: ["store"],
      auth: true,
      params: storeParams,
      body: retentionSettingsInput,
      response: retentionSettingsSchema,
      errors: [400, 403, 404],
      handler: ({ params, body }, req) => inTransaction(req, dataSource, (ctx) => updateRetentionSettings(ctx, params.storeId, body, options)),
    }),
  ];
}
