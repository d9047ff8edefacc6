import { discountCodeInputSchema, discountLineSchema } from "../discounts/discounts.schemas.js";
import { requirePhone } from "../identity/phone.js";
import { z } from "../platform/zod.js";
import {
  cityInProvince,
  findCity,
  findProvince,
  formatNumber,
  type JalaliDay,
  normalisePostalCode,
  parseJalaliDate,
  postalCodeProblem,
} from "@mall/locale";
import { ORDER_STATES } from "./order-state.js";
import { SHIPPING_KINDS } from "./shipping-kinds.js";

// ─── Inputs ───────────────────────────────────────────────────────────────

/** Most of one model a cart may hold (the site's cart store caps at the same). */
export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 50;

const rialsSchema = z
  .number("مبلغ باید عدد باشد.")
  .int("مبلغ به ریال و بدون اعشار است.")
  .min(0, "مبلغ نمی‌تواند منفی باشد.")
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ description: "Rials, a whole number" });

const quantitySchema = z
  .number("تعداد باید عدد باشد.")
  .int("تعداد باید عدد صحیح باشد.")
  .min(1, "تعداد دست‌کم ۱ است.")
  .max(MAX_LINE_QUANTITY, `از هر کالا حداکثر ${formatNumber(MAX_LINE_QUANTITY)} عدد می‌توانید سفارش دهید.`);

const instanceIdSchema = z.uuid("شناسهٔ کالا معتبر نیست.");

const cartItemSchema = z.object({
  instanceId: instanceIdSchema,
  quantity: quantitySchema,
});

const cartItemsSchema = z
  .array(cartItemSchema, "فهرست کالاها را بفرستید.")
  .min(1, "سبد خرید خالی است.")
  .max(MAX_CART_LINES, `سبد خرید حداکثر ${formatNumber(MAX_CART_LINES)} ردیف کالا دارد.`);

/** A signed-in shopper's cart as the browser sends it (any length up to the most, empty included), each variant once. */
export const savedCartInputSchema = z
  .object({
    items: z
      .array(cartItemSchema, "فهرست کالاها را بفرستید.")
      .max(MAX_CART_LINES, `سبد خرید حداکثر ${formatNumber(MAX_CART_LINES)} ردیف کالا دارد.`)
      .superRefine((items, issues) => {
        const seen = new Set<string>();
        items.forEach((item, i) => {
          if (seen.has(item.instanceId))
            issues.addIssue({ code: "custom", path: [i, "instanceId"], message: "هر کالا یک بار در سبد می‌آید." });
          seen.add(item.instanceId);
        });
      }),
  })
  .strict();

/** The cart kept on the server for a signed-in shopper, as it can be bought now. */
export const savedCartSchema = z
  .object({
    items: z.array(
      z.object({
        instanceId: z.uuid(),
        productId: z.uuid(),
        slug: z.string(),
        name: z.string().openapi({ description: "The product's Persian name" }),
        variant: z.string().openapi({ description: "The chosen values, «آبی / L»" }),
        unitPrice: z.number().int().openapi({ description: "Rials, now" }),
        quantity: z.number().int().openapi({ description: "Within stock and 99" }),
        stock: z.number().int(),
        image: z.string().nullable(),
      }),
    ),
  })
  .openapi("SavedCart");

/** A province id from iran-provinces.ts, as a number or digits. */
export const provinceIdSchema = z.coerce
  .number("استان را انتخاب کنید.")
  .int("استان را از فهرست انتخاب کنید.")
  .refine((id) => findProvince(id) !== undefined, "استان را از فهرست انتخاب کنید.")
  .openapi({ type: "integer", description: "Province id (iran-provinces.ts)", example: 8 });

export const cityIdSchema = z.coerce
  .number("شهر را انتخاب کنید.")
  .int("شهر را از فهرست انتخاب کنید.")
  .refine((id) => findCity(id) !== undefined, "شهر را از فهرست انتخاب کنید.")
  .openapi({ type: "integer", description: "City id (iran-provinces.ts)", example: 801 });

const destinationSchema = z
  .object({ provinceId: provinceIdSchema, cityId: cityIdSchema })
  .refine((d) => cityInProvince(d.cityId, d.provinceId), { path: ["cityId"], message: "این شهر در استان انتخاب‌شده نیست." });

export const cartCheckSchema = z.object({
  items: z
    .array(
      cartItemSchema.extend({
        unitPrice: rialsSchema.optional().openapi({ description: "The price the browser last showed, to report a change" }),
      }),
      "فهرست کالاها را بفرستید.",
    )
    .max(MAX_CART_LINES, `سبد خرید حداکثر ${formatNumber(MAX_CART_LINES)} ردیف کالا دارد.`),
  /** With a destination, the answer also lists the shipping methods that reach it, priced. */
  destination: destinationSchema.optional(),
  /** A discount code to try; the answer says what it takes off, or why it cannot be used. */
  discountCode: discountCodeInputSchema.optional(),
});
export type CartCheckInput = z.output<typeof cartCheckSchema>;

/** A mobile number as typed, normalised by identity/phone.ts requirePhone. */
const mobileSchema = z
  .string("شمارهٔ همراه گیرنده را وارد کنید.")
  .trim()
  .min(1, "شمارهٔ همراه گیرنده را وارد کنید.")
  .max(40, "شمارهٔ همراه معتبر نیست.")
  .transform((value, ctx) => {
    try {
      return requirePhone(value, "mobile");
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : "شمارهٔ همراه معتبر نیست." });
      return z.NEVER;
    }
  })
  .openapi({ type: "string", example: "09121234567" });

const postalCodeSchema = z
  .string("کد پستی را وارد کنید.")
  .max(40, "کد پستی ۱۰ رقم است.")
  .transform((value, ctx) => {
    const code = normalisePostalCode(value);
    if (code) return code;
    ctx.addIssue({ code: "custom", message: postalCodeProblem(value) ?? "کد پستی معتبر نیست." });
    return z.NEVER;
  })
  .openapi({ type: "string", description: "10 digits (Persian, Arabic or Latin); the first five never 0 or 2", example: "1411713135" });

/** An Iranian address: province and city from the shipped list, the rest as typed. */
export const addressInputSchema = z
  .object({
    label: z.string().trim().max(40, "عنوان نشانی حداکثر ۴۰ نویسه است.").default(""),
    receiverName: z
      .string("نام گیرنده را وارد کنید.")
      .trim()
      .min(2, "نام و نام خانوادگی گیرنده را وارد کنید.")
      .max(100, "نام گیرنده حداکثر ۱۰۰ نویسه است."),
    mobile: mobileSchema,
    provinceId: provinceIdSchema,
    cityId: cityIdSchema,
    line: z
      .string("نشانی را وارد کنید.")
      .trim()
      .min(10, "نشانی را کامل بنویسید: خیابان، کوچه، پلاک و واحد.")
      .max(500, "نشانی حداکثر ۵۰۰ نویسه است."),
    postalCode: postalCodeSchema,
  })
  .refine((a) => cityInProvince(a.cityId, a.provinceId), { path: ["cityId"], message: "این شهر در استان انتخاب‌شده نیست." });
export type AddressInput = z.input<typeof addressInputSchema>;
export type Address = z.output<typeof addressInputSchema>;

export const placeOrderSchema = z
  .object({
    items: cartItemsSchema,
    /** A saved address of the shopper at this store… */
    addressId: z.uuid("نشانی انتخاب‌شده معتبر نیست.").optional(),
    /** …or one given here (not saved). */
    address: addressInputSchema.optional(),
    shippingMethodId: z.uuid("روش ارسال را انتخاب کنید."),
    note: z.string().trim().max(500, "توضیحات حداکثر ۵۰۰ نویسه است.").default(""),
    /** The total (Rials) the shopper reviewed; when it differs from the total now, nothing is placed. */
    expectedTotal: rialsSchema.optional(),
    /** Checked again at placement, in the same transaction that reserves the stock. */
    discountCode: discountCodeInputSchema.optional(),
  })
  .refine((input) => (input.addressId === undefined) !== (input.address === undefined), {
    path: ["address"],
    message: "نشانی تحویل را وارد یا انتخاب کنید.",
  });
export type PlaceOrderInput = z.input<typeof placeOrderSchema>;

/** What a client sends in the `Idempotency-Key` header: a UUID or any short printable token. */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, "کلید تکرار (Idempotency-Key) باید دست‌کم ۸ نویسه باشد.")
  .max(200, "کلید تکرار (Idempotency-Key) حداکثر ۲۰۰ نویسه است.")
  .regex(/^[\x21-\x7e]+$/, "کلید تکرار (Idempotency-Key) فقط نویسه‌های لاتین چاپ‌شدنی دارد.");

const provinceIdListSchema = z.array(provinceIdSchema).max(31);

const shippingMethodFields = {
  kind: z.enum(SHIPPING_KINDS, "نوع ارسال یکی از پست پیشتاز، پست سفارشی، تیپاکس، پیک یا تحویل حضوری است."),
  name: z.string().trim().min(1, "نام روش ارسال نمی‌تواند خالی باشد.").max(80, "نام روش ارسال حداکثر ۸۰ نویسه است."),
  description: z.string().trim().max(300, "توضیح روش ارسال حداکثر ۳۰۰ نویسه است."),
  isActive: z.boolean(),
  price: rialsSchema,
  /** Rials by province id: `{"8": 450000}`. */
  provincePrices: z
    .record(z.string().regex(/^\d{1,2}$/, "کلید قیمت استانی شناسهٔ استان است."), rialsSchema)
    .refine(
      (prices) => Object.keys(prices).every((id) => findProvince(Number(id)) !== undefined),
      "قیمت استانی فقط برای استان‌های فهرست تعریف می‌شود.",
    ),
  freeAbove: rialsSchema.nullable(),
  provinceIds: provinceIdListSchema.nullable(),
  cityId: cityIdSchema.nullable(),
  sortOrder: z.number().int().min(0).max(1000),
};

export const createShippingMethodSchema = z
  .object({
    ...shippingMethodFields,
    name: shippingMethodFields.name.optional(),
    description: shippingMethodFields.description.default(""),
    isActive: shippingMethodFields.isActive.default(true),
    price: shippingMethodFields.price.default(0),
    provincePrices: shippingMethodFields.provincePrices.default({}),
    freeAbove: shippingMethodFields.freeAbove.default(null),
    provinceIds: shippingMethodFields.provinceIds.default(null),
    cityId: shippingMethodFields.cityId.default(null),
    sortOrder: shippingMethodFields.sortOrder.default(0),
  })
  .refine((m) => m.kind !== "courier" || m.cityId !== null, {
    path: ["cityId"],
    message: "پیک فقط در شهر فروشگاه کار می‌کند؛ شهر را انتخاب کنید.",
  });
export type CreateShippingMethodInput = z.input<typeof createShippingMethodSchema>;

export const updateShippingMethodSchema = z.object({
  name: shippingMethodFields.name.optional(),
  description: shippingMethodFields.description.optional(),
  isActive: shippingMethodFields.isActive.optional(),
  price: shippingMethodFields.price.optional(),
  provincePrices: shippingMethodFields.provincePrices.optional(),
  freeAbove: shippingMethodFields.freeAbove.optional(),
  provinceIds: shippingMethodFields.provinceIds.optional(),
  cityId: shippingMethodFields.cityId.optional(),
  sortOrder: shippingMethodFields.sortOrder.optional(),
});
export type UpdateShippingMethodInput = z.input<typeof updateShippingMethodSchema>;

export const transitionSchema = z.object({
  to: z.enum(ORDER_STATES, "وضعیت مقصد معتبر نیست."),
  reason: z.string().trim().max(500, "توضیح حداکثر ۵۰۰ نویسه است.").optional(),
  trackingCode: z.string().trim().min(4, "کد رهگیری مرسوله را کامل وارد کنید.").max(60, "کد رهگیری حداکثر ۶۰ نویسه است.").optional(),
});
export type TransitionInput = z.output<typeof transitionSchema>;

const jalaliDateSchema = (field: "from" | "to") =>
  z
    .string()
    .transform((value, ctx): JalaliDay => {
      const day = parseJalaliDate(value);
      if (day) return day;
      ctx.addIssue({
        code: "custom",
        message: `تاریخ ${field === "from" ? "شروع" : "پایان"} را به شکل ۱۴۰۴/۰۸/۰۱ (تاریخ شمسی) وارد کنید.`,
      });
      return z.NEVER;
    })
    .openapi({ type: "string", description: "A Jalali date, Tehran time: 1404/08/01", example: "1404/08/01" });

export const orderListQuerySchema = z.object({
  /** One state or several, comma-separated. */
  state: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ORDER_STATES, "وضعیت سفارش معتبر نیست.")).max(ORDER_STATES.length))
    .optional()
    .openapi({ type: "string", example: "paid,processing" }),
  from: jalaliDateSchema("from").optional(),
  to: jalaliDateSchema("to").optional(),
  /** Orders numbered below this one (the next page: the last number seen). */
  before: z.coerce.number("شمارهٔ سفارش باید عدد باشد.").int().min(1).optional(),
  limit: z.coerce.number("تعداد باید عدد باشد.").int().min(1).max(200).default(50),
});
export type OrderListQuery = z.output<typeof orderListQuerySchema>;

export const myOrdersQuerySchema = orderListQuerySchema.pick({ before: true, limit: true });

// ─── Outputs ──────────────────────────────────────────────────────────────

const addressOutputFields = {
  receiverName: z.string(),
  mobile: z.string(),
  provinceId: z.number().int(),
  provinceName: z.string(),
  cityId: z.number().int(),
  cityName: z.string(),
  line: z.string(),
  postalCode: z.string(),
};

export const addressSchema = z
  .object({ id: z.uuid(), label: z.string(), ...addressOutputFields, createdAt: z.string() })
  .openapi("CustomerAddress");
export const addressListSchema = z.object({ items: z.array(addressSchema) });

export const shippingMethodSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(SHIPPING_KINDS),
    kindLabel: z.string(),
    name: z.string(),
    description: z.string(),
    isActive: z.boolean(),
    price: z.number().int(),
    provincePrices: z.record(z.string(), z.number().int()),
    freeAbove: z.number().int().nullable(),
    provinceIds: z.array(z.number().int()).nullable(),
    cityId: z.number().int().nullable(),
    sortOrder: z.number().int(),
  })
  .openapi("ShippingMethod");
export const shippingMethodListSchema = z.object({ items: z.array(shippingMethodSchema) });

export const shippingOptionSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(SHIPPING_KINDS),
    name: z.string(),
    description: z.string(),
    /** Rials for this destination and subtotal (0 when free). */
    price: z.number().int(),
    free: z.boolean(),
  })
  .openapi("ShippingOption");

const changeSchema = z.object({
  code: z.enum(["price_changed", "insufficient_stock", "not_sold"]),
  message: z.string().openapi({ description: "Persian, for the shopper" }),
});

export const cartCheckResultSchema = z
  .object({
    lines: z.array(
      z.object({
        instanceId: z.string(),
        productId: z.string().nullable(),
        slug: z.string().nullable(),
        name: z.string().nullable(),
        variant: z.string(),
        sku: z.string().nullable(),
        /** Rials now; null when not sold. */
        unitPrice: z.number().int().nullable(),
        stock: z.number().int(),
        quantity: z.number().int(),
        /** How many can be bought now: min(quantity, stock); 0 when not sold. */
        availableQuantity: z.number().int(),
        lineTotal: z.number().int(),
        changes: z.array(changeSchema),
      }),
    ),
    /** Rials, of what can be bought now. */
    subtotal: z.number().int(),
    /** True when every line can be bought as asked, at the price the browser showed. */
    ok: z.boolean(),
    shippingOptions: z.array(shippingOptionSchema).optional(),
    /** The code given and the best automatic promotion, when they apply. */
    discounts: z.array(discountLineSchema),
    /** Rials off the items. */
    discountTotal: z.number().int(),
    /** True when a discount makes shipping free (the shipping options are then priced 0). */
    freeShipping: z.boolean(),
    /** Rials: subtotal − discountTotal, before shipping. */
    total: z.number().int(),
    /** Why the code given cannot be used, in Persian; null when none was given or it applies. */
    discountCodeError: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .openapi("CartCheck");

const historySchema = z.object({
  from: z.enum(ORDER_STATES).nullable(),
  to: z.enum(ORDER_STATES),
  toLabel: z.string(),
  actor: z.string().openapi({ description: "Who: shopper, merchant, staff, or the system job's name" }),
  reason: z.string().nullable(),
  trackingCode: z.string().nullable(),
  at: z.string(),
  atJalali: z.string(),
});

const lineSchema = z.object({
  instanceId: z.string().nullable(),
  productId: z.string().nullable(),
  productName: z.string(),
  productSlug: z.string(),
  sku: z.string(),
  attributes: z.array(z.object({ name: z.string(), value: z.string(), colorHex: z.string().nullable() })),
  image: z.string().nullable(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  lineTotal: z.number().int(),
});

export const orderSummarySchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    state: z.enum(ORDER_STATES),
    stateLabel: z.string(),
    itemCount: z.number().int(),
    subtotal: z.number().int(),
    shippingTotal: z.number().int(),
    discountTotal: z.number().int(),
    total: z.number().int(),
    customerPhone: z.string(),
    receiverName: z.string(),
    shippingName: z.string(),
    trackingCode: z.string().nullable(),
    reservedUntil: z.string().nullable(),
    createdAt: z.string(),
    createdAtJalali: z.string(),
  })
  .openapi("OrderSummary");

export const orderSchema = orderSummarySchema
  .extend({
    shippingKind: z.enum(SHIPPING_KINDS),
    shippingAddress: z.object(addressOutputFields),
    note: z.string(),
    paidAt: z.string().nullable(),
    lines: z.array(lineSchema),
    /** The discount lines the order was placed with. */
    discounts: z.array(discountLineSchema),
    history: z.array(historySchema),
    /** True when this answer repeats an earlier placement with the same Idempotency-Key. */
    replayed: z.boolean().optional(),
  })
  .openapi("Order");

export const orderListSchema = z.object({
  items: z.array(orderSummarySchema),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
