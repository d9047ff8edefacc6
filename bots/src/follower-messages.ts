import type { FollowerCard } from "@mall/server/social/follower.service.js";
import type { VariantView } from "@mall/server/social/product-variants.js";
import { escapeHtml, formatNumber, formatToman } from "@mall/locale";
import { InlineKeyboard } from "grammy";

/**
 * What the follower bot says, in Persian, and its buttons. Messages are
 * HTML (parse_mode HTML): every piece of shop data is escaped.
 */

/** Callback data (≤ 64 bytes): `v:` choose a model, `i:` one model, `s:` stock; each followed by a uuid. */
export const CALLBACK = { variants: "v", variant: "i", stock: "s" } as const;

export const texts = {
  welcomeNoStore: "سلام! 👋\nبرای دیدن محصولات یک فروشگاه، از لینک ربات در کانال یا سایت همان فروشگاه وارد شوید.",
  welcomeStore: (storeName: string) =>
    `به ربات فروشگاه «${escapeHtml(storeName)}» خوش آمدید 🌸\nنام محصولی را که دنبالش هستید بنویسید تا برایتان پیدا کنم.`,
  help: "نام محصولی را که دنبالش هستید بنویسید تا برایتان پیدا کنم؛ مثلاً «کفش» یا «مانتو».\nبرای رفتن به فروشگاه دیگر، از لینک ربات در کانال یا سایت آن فروشگاه وارد شوید.",
  notFound: "این محصول پیدا نشد یا دیگر فروخته نمی‌شود.",
  storeInactive: "این فروشگاه در حال حاضر فعال نیست.",
  noStore: "لطفاً ابتدا از لینک ربات در کانال یا سایت فروشگاه وارد شوید.",
  noResults: (query: string) => `محصولی با عبارت «${escapeHtml(query)}» پیدا نشد. لطفاً عبارت دیگری را امتحان کنید.`,
  results: (count: number, query: string) => `${formatNumber(count)} محصول برای «${escapeHtml(query)}» پیدا شد:`,
  expired: "این گزینه دیگر در دسترس نیست.",
  chooseVariant: (name: string) => `مدل مورد نظرتان از «${escapeHtml(name)}» را انتخاب کنید:`,
  allOutOfStock: (name: string) => `همهٔ مدل‌های «${escapeHtml(name)}» فعلاً ناموجود است.`,
};

function priceLine(card: FollowerCard): string {
  return `💰 قیمت: ${card.priceVaries ? "از " : ""}${formatToman(card.price)}`;
}

/** A product card: name, price, stock. */
export function cardText(card: FollowerCard): string {
  return [`<b>${escapeHtml(card.name)}</b>`, priceLine(card), card.inStock ? "✅ موجود" : "❌ ناموجود"].join("\n");
}

/** The card's buttons: open in the store, choose a model (when there are several), see stock. */
export function cardKeyboard(card: FollowerCard): InlineKeyboard {
  const keyboard = new InlineKeyboard().url("🛍 مشاهده و خرید در سایت", card.url).row();
  if (card.hasVariants) keyboard.text("🎨 انتخاب مدل", `${CALLBACK.variants}:${card.productId}`);
  return keyboard.text("📦 موجودی", `${CALLBACK.stock}:${card.productId}`);
}

/** One button per model in stock. */
export function variantsKeyboard(variants: VariantView[]): InlineKeyboard {
  return InlineKeyboard.from(
    variants
      .filter((entry) => entry.stock > 0)
      .map((variant) => [
        InlineKeyboard.text(`${variant.label || "تک‌مدل"} — ${formatToman(variant.price)}`, `${CALLBACK.variant}:${variant.instanceId}`),
      ]),
  );
}

/** One model: its values, price and stock. */
export function variantText(card: FollowerCard, variant: VariantView): string {
  return [
    `<b>${escapeHtml(card.name)}</b>`,
    ...(variant.label ? [`🎨 مدل: ${escapeHtml(variant.label)}`] : []),
    `💰 قیمت: ${formatToman(variant.price)}`,
    variant.stock > 0 ? `📦 موجودی: ${formatNumber(variant.stock)} عدد` : "❌ ناموجود",
  ].join("\n");
}

/** Stock of every model. */
export function stockText(card: FollowerCard, variants: VariantView[]): string {
  const count = (stock: number) => (stock > 0 ? `${formatNumber(stock)} عدد` : "ناموجود");
  if (variants.length === 1 && !variants[0]!.label) return `📦 موجودی «${escapeHtml(card.name)}»: ${count(variants[0]!.stock)}`;
  return [
    `📦 موجودی «${escapeHtml(card.name)}»:`,
    ...variants.map((variant) => `• ${escapeHtml(variant.label || "تک‌مدل")}: ${count(variant.stock)}`),
  ].join("\n");
}

export function storeButton(card: FollowerCard): InlineKeyboard {
  return new InlineKeyboard().url("🛍 مشاهده و خرید در سایت", card.url);
}
