import { z } from "../platform/zod.js";
import { STORE_ROLES } from "./store-member.entity.js";
import { STORE_LAYOUTS, STORE_STATUSES, STORE_THEMES } from "./store.entity.js";

/** Names a store's subdomain would collide with. */
const RESERVED_SLUGS = new Set(["www", "api", "admin", "app", "mail", "static", "assets", "cdn", "status", "docs", "help", "support", "mall", "shop", "store"]);

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
export const updateStoreSettingsSchema = z.object({
  name: nameSchema.optional(),
  description: z.string().trim().max(2000, "توضیحات حداکثر ۲۰۰۰ نویسه است.").optional(),
  theme: z.enum(STORE_THEMES, "پوسته یکی از پوسته‌های فهرست است.").optional(),
  layout: z.enum(STORE_LAYOUTS, "چیدمان یکی از «شبکه‌ای» یا «فهرستی» است.").optional(),
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
