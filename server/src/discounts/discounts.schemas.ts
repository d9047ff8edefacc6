import { parseJalaliDateTime } from "@mall/locale";
import { z } from "../platform/zod.js";
import { DISCOUNT_KINDS, DISCOUNT_SCOPES } from "./discount.entity.js";

/** A discount code as a shopper or merchant types it: letters and digits of any script, dashes and underscores. */
export const discountCodeInputSchema = z
  .string("کد تخفیف را وارد کنید.")
  .trim()
  .min(3, "کد تخفیف دست‌کم ۳ نویسه است.")
  .max(40, "کد تخفیف حداکثر ۴۰ نویسه است.")
  .regex(/^[\p{L}\p{N}_-]+$/u, "کد تخفیف فقط حرف، رقم، خط تیره و زیرخط دارد.")
  .openapi({ description: "Case- and digit-insensitive (Persian, Arabic or Latin digits)", example: "YALDA1404" });

const rialsSchema = z
  .number("مبلغ باید عدد باشد.")
  .int("مبلغ به ریال و بدون اعشار است.")
  .min(0, "مبلغ نمی‌تواند منفی باشد.")
  .max(Number.MAX_SAFE_INTEGER);

/** A Jalali date and Tehran time: `1404/09/01 14:30` (any digits), or a date alone for its midnight. */
// A Date passes as it is: the route has already read the text, and the service parses its input again.
const jalaliMomentSchema = (label: string) =>
  z
    .union([
      z.date(),
      z.string(`${label} را به شکل ۱۴۰۴/۰۹/۰۱ ۱۴:۳۰ وارد کنید.`).transform((value, ctx): Date => {
        const at = parseJalaliDateTime(value);
        if (at) return at;
        ctx.addIssue({ code: "custom", message: `${label} را به شکل ۱۴۰۴/۰۹/۰۱ ۱۴:۳۰ (تاریخ شمسی و ساعت تهران) وارد کنید.` });
        return z.NEVER;
      }),
    ])
    .openapi({ type: "string", description: "A Jalali date and time in Tehran: 1404/09/01 14:30", example: "1404/09/01 00:00" });

const limitSchema = z
  .number("سقف استفاده باید عدد باشد.")
  .int("سقف استفاده عدد صحیح است.")
  .min(1, "سقف استفاده دست‌کم ۱ است.")
  .max(10_000_000);
const idListSchema = (message: string) => z.array(z.uuid(message)).max(200, "حداکثر ۲۰۰ مورد را می‌توانید انتخاب کنید.");

const fields = {
  title: z.string("عنوان تخفیف را وارد کنید.").trim().min(2, "عنوان تخفیف را وارد کنید.").max(100, "عنوان تخفیف حداکثر ۱۰۰ نویسه است."),
  /** Null or absent: an automatic promotion, applied to every cart it fits. */
  code: discountCodeInputSchema.nullable(),
  kind: z.enum(DISCOUNT_KINDS, "نوع تخفیف درصدی (percentage) یا مبلغ ثابت (fixed) است."),
  /** A percentage 1–100, or Rials for `fixed`. */
  value: z
    .number("مقدار تخفیف باید عدد باشد.")
    .int("مقدار تخفیف عدد صحیح است.")
    .min(0, "مقدار تخفیف نمی‌تواند منفی باشد.")
    .max(Number.MAX_SAFE_INTEGER),
  scope: z.enum(DISCOUNT_SCOPES, "دامنهٔ تخفیف کل سفارش (order)، دسته‌ها (categories) یا کالاها (products) است."),
  categoryIds: idListSchema("شناسهٔ دسته معتبر نیست."),
  productIds: idListSchema("شناسهٔ کالا معتبر نیست."),
  minOrderAmount: rialsSchema,
  startsAt: jalaliMomentSchema("زمان شروع").nullable(),
  endsAt: jalaliMomentSchema("زمان پایان").nullable(),
  usageLimit: limitSchema.nullable(),
  perCustomerLimit: limitSchema.nullable(),
  freeShipping: z.boolean(),
  isActive: z.boolean(),
};

export const createDiscountSchema = z.object({
  ...fields,
  code: fields.code.default(null),
  scope: fields.scope.default("order"),
  categoryIds: fields.categoryIds.default([]),
  productIds: fields.productIds.default([]),
  minOrderAmount: fields.minOrderAmount.default(0),
  startsAt: fields.startsAt.default(null),
  endsAt: fields.endsAt.default(null),
  usageLimit: fields.usageLimit.default(null),
  perCustomerLimit: fields.perCustomerLimit.default(null),
  freeShipping: fields.freeShipping.default(false),
  isActive: fields.isActive.default(true),
});
export type CreateDiscountInput = z.input<typeof createDiscountSchema>;
export type DiscountFields = z.output<typeof createDiscountSchema>;

export const updateDiscountSchema = z.object(
  Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  },
);
export type UpdateDiscountInput = z.input<typeof updateDiscountSchema>;

export const discountSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    code: z.string().nullable(),
    automatic: z.boolean(),
    kind: z.enum(DISCOUNT_KINDS),
    value: z.number().int(),
    scope: z.enum(DISCOUNT_SCOPES),
    categoryIds: z.array(z.string()),
    productIds: z.array(z.string()),
    minOrderAmount: z.number().int(),
    startsAt: z.string().nullable(),
    startsAtJalali: z.string().nullable(),
    endsAt: z.string().nullable(),
    endsAtJalali: z.string().nullable(),
    usageLimit: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    usedCount: z.number().int(),
    freeShipping: z.boolean(),
    isActive: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Discount");
export const discountListSchema = z.object({ items: z.array(discountSchema) });

/** A discount line of a cart or an order, as the shopper reads it. */
export const discountLineSchema = z
  .object({
    title: z.string(),
    code: z.string().nullable(),
    kind: z.enum(DISCOUNT_KINDS),
    value: z.number().int(),
    /** Rials off the items. */
    amount: z.number().int(),
    freeShipping: z.boolean(),
  })
  .openapi("DiscountLine");
