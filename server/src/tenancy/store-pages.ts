import { escapeHtml, findProvince, toPersianDigits } from "@mall/locale";
import type { StorePageKind } from "./store-page.entity.js";
import type { StoreContact } from "./store-settings.js";

/** The standard pages in the order the footer lists them, with their slug and title. */
export const STANDARD_PAGES: ReadonlyArray<{ kind: Exclude<StorePageKind, "custom">; slug: string; title: string }> = [
  { kind: "about", slug: "about", title: "درباره ما" },
  { kind: "contact", slug: "contact", title: "تماس با ما" },
  { kind: "shipping", slug: "shipping", title: "شیوه‌های ارسال" },
  { kind: "returns", slug: "returns", title: "بازگرداندن کالا" },
  { kind: "terms", slug: "terms", title: "قوانین و مقررات" },
  { kind: "privacy", slug: "privacy", title: "حریم خصوصی" },
  { kind: "faq", slug: "faq", title: "پرسش‌های پرتکرار" },
];

/** Slugs the standard pages own: a custom page cannot take one. */
export const RESERVED_PAGE_SLUGS: ReadonlySet<string> = new Set(STANDARD_PAGES.map((page) => page.slug));

export interface PageDefaultsInput {
  name: string;
  description: string;
  contact: StoreContact;
}

/** The store's contact lines as HTML list items (only those it has). */
function contactItems(contact: StoreContact): string[] {
  const items: string[] = [];
  if (contact.phone) items.push(`تلفن: <a href="tel:${escapeHtml(contact.phone)}">${toPersianDigits(escapeHtml(contact.phone))}</a>`);
  if (contact.email) items.push(`ایمیل: <a href="mailto:${escapeHtml(contact.email)}">${escapeHtml(contact.email)}</a>`);
  const province = contact.provinceId ? findProvince(contact.provinceId)?.name : undefined;
  const place = [province, contact.city, contact.address].filter(Boolean).join("، ");
  if (place) items.push(`نشانی: ${escapeHtml(place)}`);
  if (contact.postalCode) items.push(`کد پستی: ${toPersianDigits(escapeHtml(contact.postalCode))}`);
  if (contact.workingHours) items.push(`ساعت پاسخ‌گویی: ${escapeHtml(contact.workingHours)}`);
  return items;
}

/**
 * The Persian text a standard page has until the merchant writes their own,
 * made from the store's data, so a new store never shows a blank page and
 * eNamad's reviewers find what they look for.
 */
export function defaultPageBody(kind: Exclude<StorePageKind, "custom">, store: PageDefaultsInput): string {
  const name = escapeHtml(store.name);
  const contact = contactItems(store.contact);
  const reach = contact.length
    ? `<ul>${contact.map((item) => `<li>${item}</li>`).join("")}</ul>`
    : `<p>راه‌های تماس با فروشگاه به‌زودی در این صفحه می‌آید.</p>`;
  switch (kind) {
    case "about":
      return [
        `<p>${name} فروشگاهی اینترنتی است${store.description ? ` با ${escapeHtml(store.description)}` : ""}. تلاش ما این است که کالای درست را با قیمت منصفانه و بسته‌بندی مطمئن به دستتان برسانیم.</p>`,
        `<p>اگر پرسشی دربارهٔ کالا یا سفارشتان دارید، از صفحهٔ «تماس با ما» با ما در ارتباط باشید.</p>`,
      ].join("");
    case "contact":
      return `<p>برای پرسش دربارهٔ کالاها، پیگیری سفارش یا همکاری با ${name} از این راه‌ها با ما در تماس باشید:</p>${reach}`;
    case "shipping":
      return [
        `<p>سفارش‌ها پس از پرداخت آماده و در نخستین روز کاری به شیوهٔ ارسالی که هنگام خرید انتخاب کرده‌اید فرستاده می‌شوند. هزینه و زمان تقریبی هر شیوه در صفحهٔ پرداخت نشان داده می‌شود.</p>`,
        `<p>پس از ارسال، کد رهگیری مرسوله برایتان پیامک می‌شود و وضعیت سفارش را در صفحهٔ «سفارش‌های من» می‌بینید.</p>`,
      ].join("");
    case "returns":
      return [
        `<p>اگر کالا آسیب‌دیده، ناقص یا متفاوت با سفارش به دستتان رسید، تا ۷ روز پس از تحویل با ما تماس بگیرید تا آن را عوض کنیم یا هزینه‌اش را برگردانیم.</p>`,
        `<ul><li>کالا باید استفاده‌نشده و در بسته‌بندی اصلی باشد.</li><li>هزینهٔ ارسال کالای معیوب بر عهدهٔ فروشگاه است.</li><li>مبلغ ظرف ۷۲ ساعت کاری پس از دریافت کالا به کارت شما برمی‌گردد.</li></ul>`,
      ].join("");
    case "terms":
      return [
        `<p>خرید از ${name} به معنای پذیرش این قوانین است. قیمت‌ها به تومان و با احتساب مالیات بر ارزش افزوده است.</p>`,
        `<ul><li>سفارش پس از پرداخت موفق ثبت قطعی می‌شود و تا پایان زمان پرداخت، کالا برایتان نگه داشته می‌شود.</li><li>اگر کالایی پس از پرداخت ناموجود شود، با شما تماس می‌گیریم و مبلغ را کامل برمی‌گردانیم.</li><li>فروشگاه تابع قوانین جمهوری اسلامی ایران و قانون تجارت الکترونیکی است.</li></ul>`,
      ].join("");
    case "privacy":
      return [
        `<p>${name} شمارهٔ همراه، نشانی و سفارش‌های شما را فقط برای پردازش و ارسال سفارش و پاسخ به درخواست‌هایتان نگه می‌دارد و آن‌ها را به کسی نمی‌فروشد.</p>`,
        `<p>پرداخت در صفحهٔ امن درگاه بانکی انجام می‌شود و اطلاعات کارت شما هرگز به فروشگاه نمی‌رسد.</p>`,
      ].join("");
    case "faq":
      return [
        `<h3>سفارشم کی می‌رسد؟</h3><p>زمان تقریبی هر شیوهٔ ارسال هنگام خرید نشان داده می‌شود.</p>`,
        `<h3>چطور سفارشم را پیگیری کنم؟</h3><p>با شمارهٔ همراهتان وارد «حساب من» شوید؛ وضعیت و کد رهگیری هر سفارش آنجاست.</p>`,
        `<h3>اگر کالا را نپسندیدم؟</h3><p>شرایط بازگرداندن کالا در صفحهٔ «بازگرداندن کالا» آمده است.</p>`,
      ].join("");
  }
}
