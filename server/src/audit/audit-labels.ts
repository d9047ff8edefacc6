import { displayPhone, GATEWAY_LABELS, formatNumber, formatToman } from "@mall/locale";
import { ORDER_STATE_LABELS, isOrderState } from "../orders/order-state.js";
import { REVIEW_STATUS_LABELS } from "../reviews/review.entity.js";
import type { AuditEntityType, AuditSurface } from "./audit-entry.entity.js";

/** What merchants read in the back office's history: Persian names for actions, surfaces, entities and fields. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  "product.created": "ساخت محصول",
  "product.updated": "ویرایش محصول",
  "instance.updated": "ویرایش مدل (قیمت، موجودی، SKU)",
  "order.transitioned": "تغییر وضعیت سفارش",
  "store.settings_changed": "تغییر تنظیمات فروشگاه",
  "store.status_changed": "تغییر وضعیت فروشگاه",
  "store.domain_added": "افزودن دامنهٔ اختصاصی",
  "store.domain_removed": "حذف دامنهٔ اختصاصی",
  "member.added": "افزودن عضو",
  "member.role_changed": "تغییر نقش عضو",
  "member.removed": "حذف عضو",
  "catalog.imported": "درون‌ریزی محصولات از CSV",
  "discount.created": "ساخت تخفیف",
  "discount.updated": "ویرایش تخفیف",
  "discount.deleted": "حذف تخفیف",
  "page.created": "ساخت صفحه",
  "page.saved": "ویرایش صفحه",
  "page.deleted": "حذف صفحه",
  "page.reset": "بازگرداندن متن پیش‌فرض صفحه",
  "review.moderated": "بررسی نظر خریدار",
  "gateway.saved": "ثبت اطلاعات درگاه پرداخت",
  "gateway.enabled_changed": "روشن یا خاموش کردن درگاه پرداخت",
  "gateway.deleted": "حذف درگاه پرداخت",
  "instagram.connected": "اتصال حساب اینستاگرام",
  "instagram.disconnected": "قطع اتصال حساب اینستاگرام",
};

export const AUDIT_SURFACE_LABELS: Readonly<Record<AuditSurface, string>> = {
  api: "رابط برنامه‌نویسی",
  admin: "پیشخوان",
  cli: "خط فرمان",
  system: "سامانه",
};

export const AUDIT_ENTITY_LABELS: Readonly<Record<AuditEntityType, string>> = {
  product: "محصول",
  instance: "مدل محصول",
  order: "سفارش",
  store: "فروشگاه",
  member: "عضو",
  discount: "تخفیف",
  page: "صفحه",
  review: "نظر خریدار",
  gateway: "درگاه پرداخت",
};

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: "نام لاتین",
  nameFa: "نام",
  slug: "نامک",
  description: "توضیحات",
  categoryId: "دسته",
  basePrice: "قیمت پایه",
  price: "قیمت",
  stock: "موجودی",
  sku: "SKU",
  isActive: "فعال",
  state: "وضعیت",
  reason: "دلیل",
  role: "نقش",
  phone: "شماره",
  status: "وضعیت",
  theme: "پوسته",
  layout: "چیدمان",
  attributes: "ویژگی‌ها",
  products: "محصولات",
  instances: "مدل‌ها",
  title: "عنوان",
  code: "کد",
  kind: "نوع",
  value: "مقدار",
  scope: "شامل",
  minOrderAmount: "حداقل خرید",
  startsAt: "شروع",
  endsAt: "پایان",
  usageLimit: "سقف کل",
  perCustomerLimit: "سقف هر خریدار",
  freeShipping: "ارسال رایگان",
  accent: "رنگ اصلی",
  contact: "اطلاعات تماس",
  banners: "بنرها",
  announcement: "نوار اعلان",
  headerLinks: "پیوندهای سربرگ",
  footerLinks: "پیوندهای پانویس",
  enamad: "اینماد",
  customDomain: "دامنهٔ اختصاصی",
  reply: "پاسخ فروشگاه",
  gateway: "درگاه",
  enabled: "فعال در پرداخت",
  merchantId: "مرچنت‌کد",
  terminalId: "شمارهٔ ترمینال",
  userName: "نام کاربری درگاه",
  userPassword: "رمز عبور درگاه",
  loginAccount: "کد پذیرندگی (PIN)",
  productIds: "محصولات",
  categoryIds: "دسته‌ها",
  bodyHtml: "متن",
  sortOrder: "ترتیب",
  instagramAccount: "حساب اینستاگرام",
  instagramConnectedVia: "روش اتصال اینستاگرام",
};

/** Values of fields a person picked from a list, as the back office names them. */
const VALUE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  kind: { percentage: "درصدی", fixed: "مبلغ ثابت" },
  scope: { order: "کل سفارش", categories: "دسته‌ها", products: "کالاها" },
  instagramConnectedVia: { token: "توکن واردشده", instagram_login: "ورود با اینستاگرام" },
  role: { owner: "مالک", manager: "مدیر", order_staff: "کارمند سفارش‌ها", catalog_staff: "کارمند کاتالوگ" },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fields whose values are ids of the store's records (not, say, a gateway's merchant id, which may look like one). */
const REFERENCE_FIELDS = new Set(["categoryId", "categoryIds", "productId", "productIds", "parentId", "instanceId"]);

/** Every id an entry's before and after name (a category, the products of a discount): the back office looks their names up. */
export function auditReferencedIds(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const values = [...Object.entries(before ?? {}), ...Object.entries(after ?? {})].flatMap(([field, value]) =>
    REFERENCE_FIELDS.has(field) ? (Array.isArray(value) ? value : [value]) : [],
  );
  return values.filter((value): value is string => typeof value === "string" && UUID.test(value));
}

const MONEY_FIELDS = new Set(["basePrice", "price", "minOrderAmount"]);

function show(field: string, value: unknown, names: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined) return "—";
  if (REFERENCE_FIELDS.has(field) && typeof value === "string" && UUID.test(value)) return names.get(value) ?? "(حذف‌شده)";
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.map((entry) => show(field, entry, names)).join("، ");
  if (typeof value === "string" && VALUE_LABELS[field]?.[value]) return VALUE_LABELS[field][value]!;
  if (field === "phone" && typeof value === "string") return displayPhone(value);
  if (MONEY_FIELDS.has(field) && typeof value === "number") return formatToman(value);
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "بله" : "خیر";
  if (field === "gateway" && typeof value === "string" && value in GATEWAY_LABELS)
    return GATEWAY_LABELS[value as keyof typeof GATEWAY_LABELS];
  if (field === "state" && typeof value === "string" && isOrderState(value)) return ORDER_STATE_LABELS[value];
  if (field === "status" && typeof value === "string" && value in REVIEW_STATUS_LABELS)
    return REVIEW_STATUS_LABELS[value as keyof typeof REVIEW_STATUS_LABELS];
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** «قیمت: ۲۵۰٬۰۰۰ تومان ← ۳۰۰٬۰۰۰ تومان؛ موجودی: ۵ ← ۳»: one line per entry, in the order the fields were written. */
export function describeAuditChange(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields
    .map((field) => {
      const label = FIELD_LABELS[field] ?? field;
      if (before === null) return `${label}: ${show(field, after?.[field], names)}`;
      if (after === null) return `${label}: ${show(field, before[field], names)}`;
      return `${label}: ${show(field, before[field], names)} ← ${show(field, after[field], names)}`;
    })
    .join("؛ ");
}

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
