import { z } from "../platform/zod.js";
import { STORE_REQUEST_STATUSES } from "./store-request.entity.js";
import { STORE_LAYOUTS, STORE_THEMES } from "./store.entity.js";
import { slugSchema } from "./tenancy.schemas.js";

/** The desired subdomain as typed; the service checks it with slugSchema, so a badly formed one gets its reason, not a bare 400. */
export const slugAvailabilityQuerySchema = z.object({
  slug: z
    .string("نامک را بفرستید.")
    .max(100, "نامک حداکثر ۴۰ نویسه است.")
    .openapi({ description: "The desired subdomain, e.g. `ketab` for ketab.{PLATFORM_DOMAIN}", example: "ketab" }),
});

export const SLUG_UNAVAILABLE_REASONS = ["invalid", "reserved", "taken", "requested"] as const;

export const slugAvailabilitySchema = z
  .object({
    slug: z.string().openapi({ description: "The slug as it would be stored (trimmed, lower-case)", example: "ketab" }),
    available: z.boolean(),
    reason: z
      .enum(SLUG_UNAVAILABLE_REASONS)
      .nullable()
      .openapi({ description: "Why not: badly formed, reserved, a store has it, or another request is pending for it" }),
    host: z.string().nullable().openapi({ example: "ketab.mall.ir" }),
    message: z.string().openapi({ description: "Persian, for people", example: "نشانی ketab.mall.ir آزاد است." }),
  })
  .openapi("SlugAvailability");
export type SlugAvailability = z.infer<typeof slugAvailabilitySchema>;

export const createStoreRequestSchema = z.object({
  storeName: z
    .string("نام فروشگاه را وارد کنید.")
    .trim()
    .min(2, "نام فروشگاه را وارد کنید (دست‌کم ۲ نویسه).")
    .max(80, "نام فروشگاه حداکثر ۸۰ نویسه است.")
    .openapi({ example: "کتاب‌فروشی نمونه" }),
  slug: slugSchema.openapi({ description: "The desired subdomain", example: "ketab" }),
  description: z
    .string("توضیح فروشگاه باید متن باشد.")
    .trim()
    .max(500, "توضیح فروشگاه حداکثر ۵۰۰ نویسه است.")
    .default("")
    .openapi({ example: "کتاب‌های تازه و دست‌دوم، ارسال به سراسر ایران" }),
});
export type CreateStoreRequestInput = z.input<typeof createStoreRequestSchema>;

export const listStoreRequestsSchema = z.object({
  status: z.enum(STORE_REQUEST_STATUSES).optional(),
});
export type ListStoreRequestsInput = z.input<typeof listStoreRequestsSchema>;

export const approveStoreRequestSchema = z.object({
  theme: z.enum(STORE_THEMES).default("bazaar"),
  layout: z.enum(STORE_LAYOUTS).default("grid"),
});
export type ApproveStoreRequestInput = z.input<typeof approveStoreRequestSchema>;

export const rejectStoreRequestSchema = z.object({
  reason: z
    .string("دلیل رد درخواست را بنویسید.")
    .trim()
    .min(3, "دلیل رد درخواست را بنویسید.")
    .max(300, "دلیل رد درخواست حداکثر ۳۰۰ نویسه است."),
});
export type RejectStoreRequestInput = z.input<typeof rejectStoreRequestSchema>;

/** A request as its owner sees it. */
export const storeRequestSchema = z
  .object({
    id: z.uuid(),
    storeName: z.string(),
    slug: z.string(),
    description: z.string(),
    status: z.enum(STORE_REQUEST_STATUSES),
    reason: z.string().nullable().openapi({ description: "Why it was rejected" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    decidedAt: z.string().nullable().openapi({ format: "date-time" }),
    storeOrigin: z.string().nullable().openapi({ description: "The new store's address, once approved", example: "https://ketab.mall.ir" }),
  })
  .openapi("StoreRequest");
