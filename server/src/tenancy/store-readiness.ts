import type { ServiceContext } from "../core/context.js";
import { StoreNotFoundError } from "./tenancy.errors.js";

export const SETUP_ITEMS = ["logo", "product", "shipping", "gateway", "pages", "telegram", "domain", "enamad"] as const;
export type SetupItemKey = (typeof SETUP_ITEMS)[number];

export const ENAMAD_CHECKS = ["domain", "phone", "email", "address", "postalCode", "workingHours", "pages", "logo"] as const;
export type EnamadCheckKey = (typeof ENAMAD_CHECKS)[number];

export interface ReadinessItem<K extends string> {
  key: K;
  label: string;
  done: boolean;
  /** What to do, in one short Persian line. */
  hint: string;
}

export interface StoreReadiness {
  /** «راه‌اندازی فروشگاه»: what a store needs to sell, in the order a merchant usually does it. */
  setup: Array<ReadinessItem<SetupItemKey>>;
  /** What eNamad's reviewers check before granting the seal, and whether the store has it. */
  enamad: Array<ReadinessItem<EnamadCheckKey>>;
}

interface Facts {
  logo: boolean;
  product_with_image: boolean;
  shipping: boolean;
  gateway: boolean;
  telegram: boolean;
  domain: boolean;
  enamad: boolean;
  contact: {
    phone?: string | null;
    email?: string | null;
    address?: string | null;
    provinceId?: number | null;
    postalCode?: string | null;
    workingHours?: string | null;
  };
}

/**
 * Where a store stands: the setup checklist (logo, a product with a picture,
 * a shipping method, a payment gateway of its own, contact details behind
 * its pages, Telegram, its own domain, eNamad) and the eNamad readiness list.
 * One query; the sandbox gateway does not count (it takes no real money).
 */
export async function storeReadiness(ctx: ServiceContext, storeId: string): Promise<StoreReadiness> {
  const [facts]: Facts[] = await ctx.manager.query(
    `SELECT s.logo IS NOT NULL AS logo,
            EXISTS (SELECT 1 FROM products p WHERE p.store_id = s.id AND p.is_active AND jsonb_typeof(p.images) = 'array' AND jsonb_array_length(p.images) > 0) AS product_with_image,
            EXISTS (SELECT 1 FROM shipping_methods m WHERE m.store_id = s.id AND m.is_active) AS shipping,
            EXISTS (SELECT 1 FROM store_payment_gateways g WHERE g.store_id = s.id AND g.enabled) AS gateway,
            EXISTS (SELECT 1 FROM telegram_channels c WHERE c.store_id = s.id AND c.status = 'active' AND c.proven_at IS NOT NULL) AS telegram,
            (s.custom_domain IS NOT NULL AND s.custom_domain_verified) AS domain,
            s.enamad IS NOT NULL AS enamad,
            s.contact
       FROM stores s WHERE s.id = $1`,
    [storeId],
  );
  if (!facts) throw new StoreNotFoundError();
  const contact = facts.contact ?? {};
  const contactDone = Boolean(contact.phone && contact.email && contact.address);
  const setup: Array<ReadinessItem<SetupItemKey>> = [
    { key: "logo", label: "لوگوی فروشگاه", done: facts.logo, hint: "لوگو در سربرگ سایت، فاکتورها و پست‌های تلگرام می‌آید." },
    { key: "product", label: "نخستین محصول با عکس", done: facts.product_with_image, hint: "یک محصول بسازید و عکسش را بارگذاری کنید." },
    { key: "shipping", label: "روش ارسال", done: facts.shipping, hint: "پست پیشتاز، تیپاکس یا پیک را با هزینهٔ هر استان تعریف کنید." },
    { key: "gateway", label: "درگاه پرداخت", done: facts.gateway, hint: "اطلاعات درگاه بانکی یا زرین‌پال را وارد و فعال کنید." },
    {
      key: "pages",
      label: "اطلاعات تماس و صفحه‌ها",
      done: contactDone,
      hint: "تلفن، ایمیل و نشانی را وارد کنید؛ صفحه‌های «درباره ما» و «تماس با ما» از آن‌ها ساخته می‌شوند.",
    },
    {
      key: "telegram",
      label: "کانال تلگرام",
      done: facts.telegram,
      hint: "کانال را وصل کنید و با انتشار کد تأیید در آن نشان دهید که مال شماست؛ محصولات خودکار در آن منتشر می‌شوند.",
    },
    {
      key: "domain",
      label: "دامنهٔ اختصاصی",
      done: facts.domain,
      hint: "دامنهٔ خودتان را وصل کنید؛ اینماد فقط به دامنهٔ اختصاصی داده می‌شود.",
    },
    {
      key: "enamad",
      label: "نماد اعتماد الکترونیکی (اینماد)",
      done: facts.enamad,
      hint: "شناسه و کد اینماد را در تنظیمات فروشگاه وارد کنید.",
    },
  ];
  const enamad: Array<ReadinessItem<EnamadCheckKey>> = [
    { key: "domain", label: "دامنهٔ اختصاصی تأییدشده", done: facts.domain, hint: "اینماد برای دامنه صادر می‌شود، نه زیردامنهٔ مال." },
    { key: "phone", label: "تلفن ثابت یا همراه فروشگاه", done: Boolean(contact.phone), hint: "در تنظیمات فروشگاه، بخش تماس." },
    { key: "email", label: "ایمیل فروشگاه", done: Boolean(contact.email), hint: "ایمیلی که پاسخ می‌دهید." },
    {
      key: "address",
      label: "نشانی کامل با استان",
      done: Boolean(contact.address && contact.provinceId),
      hint: "نشانی باید با مدارک ثبت‌نام اینماد یکی باشد.",
    },
    { key: "postalCode", label: "کد پستی", done: Boolean(contact.postalCode), hint: "کد پستی ده‌رقمی نشانی." },
    { key: "workingHours", label: "ساعت پاسخ‌گویی", done: Boolean(contact.workingHours), hint: "مثلاً «شنبه تا پنجشنبه ۹ تا ۱۸»." },
    {
      key: "pages",
      label: "صفحه‌های درباره ما، تماس، قوانین، حریم خصوصی و بازگرداندن کالا",
      done: true,
      hint: "از روز نخست با متن پیش‌فرض ساخته شده‌اند؛ متن خودتان را بنویسید.",
    },
    { key: "logo", label: "لوگو", done: facts.logo, hint: "لوگوی فروشگاه را بارگذاری کنید." },
  ];
  return { setup, enamad };
}
