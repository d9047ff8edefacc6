import { findProvince, normalisePostalCode, toLatinDigits as latinDigits } from "@mall/locale";
import { z } from "../platform/zod.js";
import { SOCIAL_KINDS } from "./store-settings.js";
import { STORE_ROLES } from "./store-member.entity.js";
import { STORE_LAYOUTS, STORE_STATUSES, STORE_THEMES } from "./store.entity.js";

/** Names a store's subdomain would collide with. */
const RESERVED_SLUGS = new Set([
  "www",
  "api",
  "admin",
  "app",
  "mail",
  "static",
  "assets",
  "cdn",
  "status",
  "docs",
  "help",
  "support",
  "mall",
  "shop",
  "store",
]);

/** A slug is a DNS label: it becomes `{slug}.{PLATFORM_DOMAIN}`. */
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "نامک باید دست‌کم ۲ نویسه باشد.")
  .max(40, "نامک حداکثر ۴۰ نویسه است.")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "نامک فقط حروف کوچک لاتین، رقم و خط تیره دارد و با خط تیره شروع یا تمام نمی‌شود.")
  .refine((slug) => !RESERVED_SLUGS.has(slug), "این نامک رزرو شده است؛ نامک دیگری انتخاب کنید.");

const nameSchema = z.string().trim().min(1, "نام نمی‌تواند خالی باشد.").max(120, "نام حداکثر ۱۲۰ نویسه است.");

export const createTenantSchema = z.object({
  name: nameSchema,
  slug: slugSchema,
});
export type CreateTenantInput = z.input<typeof createTenantSchema>;

export const createStoreSchema = z.object({
  tenant: z.string().trim().min(1, "حساب مالک را مشخص کنید."),
  name: nameSchema,
  slug: slugSchema,
  ownerPhone: z.string().trim().min(1, "شمارهٔ همراه مالک را وارد کنید."),
  description: z.string().trim().max(2000).default(""),
  theme: z.enum(STORE_THEMES).default("bazaar"),
  layout: z.enum(STORE_LAYOUTS).default("grid"),
});
export type CreateStoreInput = z.input<typeof createStoreSchema>;

/** What a store's owner or manager may change of it; slug, domain and status are the platform's. */
/** Empty text is "not given": null. */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .nullish()
    .transform((value) => value || null);

/** A link on the site: a path of the site (/pages/about/) or an https address. */
const hrefSchema = z
  .string()
  .trim()
  .max(500, "نشانی پیوند حداکثر ۵۰۰ نویسه است.")
  .refine(
    (href) => /^\/(?!\/)[^\s]*$/.test(href) || /^https:\/\/[^\s]+$/.test(href),
    "پیوند باید نشانی‌ای در همین فروشگاه (با / شروع شود) یا نشانی https باشد.",
  );

const linkSchema = z.object({
  label: z.string().trim().min(1, "متن پیوند را بنویسید.").max(60, "متن پیوند حداکثر ۶۰ نویسه است."),
  href: hrefSchema,
});

/** A phone shoppers can call: a mobile (09…) or a landline with its area code (021…), any digits. */
const contactPhoneSchema = z
  .string()
  .nullish()
  .transform((value, ctx) => {
    if (!value?.trim()) return null;
    let digits = latinDigits(value).replace(/[\s()-]/g, "");
    if (digits.startsWith("+98")) digits = `0${digits.slice(3)}`;
    if (digits.startsWith("0098")) digits = `0${digits.slice(4)}`;
    if (!/^0\d{10}$/.test(digits)) {
      ctx.addIssue({ code: "custom", message: "شمارهٔ تلفن را با پیش‌شماره وارد کنید، مثل ۰۲۱۸۸۷۷۶۶۵۵ یا ۰۹۱۲۱۲۳۴۵۶۷." });
      return z.NEVER;
    }
    return digits;
  });

export const storeContactSchema = z.object({
  phone: contactPhoneSchema,
  email: z
    .string()
    .trim()
    .nullish()
    .transform((value) => value || null)
    .refine((value) => value === null || z.email().safeParse(value).success, "نشانی ایمیل درست نیست."),
  address: optionalText(300, "نشانی حداکثر ۳۰۰ نویسه است."),
  provinceId: z
    .number()
    .int()
    .nullish()
    .transform((value) => value ?? null)
    .refine((value) => value === null || findProvince(value) !== undefined, "استان را از فهرست انتخاب کنید."),
  city: optionalText(60, "نام شهر حداکثر ۶۰ نویسه است."),
  postalCode: z
    .string()
    .nullish()
    .transform((value, ctx) => {
      if (!value?.trim()) return null;
      const code = normalisePostalCode(value);
      if (!code) {
        ctx.addIssue({ code: "custom", message: "کد پستی ۱۰ رقم است." });
        return z.NEVER;
      }
      return code;
    }),
  workingHours: optionalText(200, "ساعت کاری حداکثر ۲۰۰ نویسه است."),
  social: z
    .array(
      z.object({
        kind: z.enum(SOCIAL_KINDS, "شبکهٔ اجتماعی از فهرست انتخاب شود."),
        url: z
          .string()
          .trim()
          .regex(/^https:\/\/[^\s]+$/, "نشانی صفحه در شبکهٔ اجتماعی با https:// شروع می‌شود.")
          .max(300),
      }),
    )
    .max(10, "حداکثر ۱۰ شبکهٔ اجتماعی.")
    .default([]),
});
export type StoreContactInput = z.input<typeof storeContactSchema>;

export const updateStoreSettingsSchema = z.object({
  name: nameSchema.optional(),
  description: z.string().trim().max(2000, "توضیحات حداکثر ۲۰۰۰ نویسه است.").optional(),
  theme: z.enum(STORE_THEMES, "پوسته یکی از پوسته‌های فهرست است.").optional(),
  layout: z.enum(STORE_LAYOUTS, "چیدمان یکی از «شبکه‌ای» یا «فهرستی» است.").optional(),
  /** One of the theme's palette (checked against the theme in the service); null: the theme's own. */
  accent: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^#[0-9a-f]{6}$/, "رنگ را از رنگ‌های پوسته انتخاب کنید.")
    .nullable()
    .optional(),
  /** Product pages show the Latin name too. */
  showLatinName: z.boolean("نمایش نام لاتین بله یا خیر است.").optional(),
  contact: storeContactSchema.optional(),
  banners: z
    .array(
      z.object({
        mediaId: z.uuid("تصویر بنر را بارگذاری کنید."),
        title: z.string().trim().max(120, "عنوان بنر حداکثر ۱۲۰ نویسه است.").default(""),
        link: hrefSchema.nullish().transform((value) => value || null),
      }),
    )
    .max(8, "حداکثر ۸ بنر.")
    .optional(),
  announcement: z
    .object({
      text: z.string().trim().min(1, "متن اعلان را بنویسید.").max(200, "متن اعلان حداکثر ۲۰۰ نویسه است."),
      link: hrefSchema.nullish().transform((value) => value || null),
    })
    .nullable()
    .optional(),
  headerLinks: z.array(linkSchema).max(12, "حداکثر ۱۲ پیوند.").optional(),
  /** Null: the content pages. */
  footerLinks: z.array(linkSchema).max(24, "حداکثر ۲۴ پیوند.").nullable().optional(),
  /** From the snippet enamad.ir gives: `?id=…&Code=…`. */
  enamad: z
    .object({
      id: z
        .string()
        .trim()
        .transform(latinDigits)
        .pipe(z.string().regex(/^\d{1,12}$/, "شناسهٔ اینماد عدد است (id در کد اینماد).")),
      code: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9]{1,64}$/, "کد اینماد حروف و رقم لاتین است (Code در کد اینماد)."),
    })
    .nullable()
    .optional(),
});
export type UpdateStoreSettingsInput = z.input<typeof updateStoreSettingsSchema>;

export const listStoresSchema = z.object({
  tenant: z.string().trim().min(1).optional(),
  status: z.enum(STORE_STATUSES).optional(),
});
export type ListStoresInput = z.input<typeof listStoresSchema>;

export const storeRefSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(STORE_STATUSES),
  theme: z.enum(STORE_THEMES),
  layout: z.enum(STORE_LAYOUTS),
  customDomain: z.string().nullable(),
});
/** What a request needs of its store; small enough to cache by Host. */
export type StoreRef = z.infer<typeof storeRefSchema>;

/** A member as the members route shows them. */
export const storeMemberSchema = z
  .object({
    userId: z.uuid(),
    phone: z.string().openapi({ example: "+989121234567" }),
    name: z.string().nullable(),
    role: z.enum(STORE_ROLES),
    since: z.string().openapi({ format: "date-time" }),
  })
  .openapi("StoreMember");

const roleSchema = z.enum(STORE_ROLES, "نقش باید یکی از owner، manager، order_staff یا catalog_staff باشد.");

/** An owner inviting someone by mobile number (created on first sight; they sign in by SMS code). */
export const inviteMemberSchema = z
  .object({
    phone: z.string("شمارهٔ همراه را وارد کنید.").min(1, "شمارهٔ همراه را وارد کنید.").max(32),
    role: roleSchema,
  })
  .openapi("InviteStoreMember");
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const updateMemberSchema = z.object({ role: roleSchema }).openapi("UpdateStoreMember");
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;
