import { descriptionText } from "../catalog/description-html.js";
import { createHash } from "node:crypto";
import type { ProductDetail } from "../catalog/product.service.js";
import { escapeHtml, formatNumber, formatToman } from "@mall/locale";
import { variantsOf } from "./product-variants.js";

/**
 * Captions of channel posts (Telegram, HTML parse mode) and Instagram posts
 * (plain text), built from one model so both say the same thing.
 *
 * A caption is blocks of lines of runs; a run is plain text, bold, or a link.
 * Length is measured on the text a reader sees (Telegram counts the caption
 * "after entities parsing", in UTF-16 code units, as JavaScript strings do),
 * and anything too long is cut on that text, before escaping, so a cut never
 * splits a word, an HTML entity such as `&amp;` or a tag.
 */

/** Telegram's limit for a media caption (PROTOCOLS.md §7.2). */
export const TELEGRAM_CAPTION_LIMIT = 1024;
/** Instagram's limit for a caption. */
export const INSTAGRAM_CAPTION_LIMIT = 2200;

/** What a caption says about a product. */
export interface CaptionModel {
  name: string;
  description: string;
  /** The product's page on the store site. */
  url: string;
  /** The bot's deep link to the product (t.me/<bot>?start=p_<id>), for questions and choosing a model in the chat. */
  botUrl?: string;
  /** Rials; the lowest price among what is on sale. */
  price: number;
  /** Variants a shopper can buy now; empty when out of stock. A product without variants has one, with an empty label. */
  inStock: Array<{ label: string; price: number }>;
  /** Deactivated or deleted, and the store keeps its posts marked rather than deleting them. */
  removed: boolean;
  /** The average and count of the product's approved reviews; absent while it has none. */
  rating?: { average: number; count: number };
}

interface Run {
  text: string;
  bold?: boolean;
  href?: string;
}
type Line = Run[];
interface Block {
  kind: "notice" | "title" | "description" | "offer" | "link";
  lines: Line[];
}

/** The model of a product's caption from the catalog's detail (active instances only). */
export function captionModel(
  detail: ProductDetail,
  productUrl: string,
  options: { removed?: boolean; botUrl?: string; rating?: { average: number | null; count: number } } = {},
): CaptionModel {
  const { rating } = options;
  const { product } = detail;
  const onSale = variantsOf(detail);
  const inStock = onSale.filter((variant) => variant.stock > 0).map(({ label, price }) => ({ label, price }));
  const prices = (inStock.length > 0 ? inStock : onSale).map((variant) => variant.price);
  return {
    name: product.nameFa.trim() || (product.name ?? "").trim(),
    // Descriptions are stored as cleaned HTML; a caption carries their text.
    description: descriptionText(product.description),
    url: productUrl,
    price: prices.length > 0 ? Math.min(...prices) : product.minPrice,
    inStock,
    removed: options.removed ?? false,
    ...(options.botUrl ? { botUrl: options.botUrl } : {}),
    ...(rating && rating.count > 0 && rating.average !== null ? { rating: { average: rating.average, count: rating.count } } : {}),
  };
}

/** «★ ۴٫۵ از ۵ (۱۲ نظر)»: the approved reviews' average to one decimal and their count, in Persian digits. */
function ratingLine(rating: { average: number; count: number }): string {
  return `★ ${formatNumber(rating.average, { maximumFractionDigits: 1 })} از ${formatNumber(5)} (${formatNumber(rating.count)} نظر)`;
}

/** The product's page on the store site: `{origin}/p/{slug}/` (Persian slugs percent-encoded). */
export function productPageUrl(origin: string, slug: string): string {
  return `${origin}/p/${encodeURIComponent(slug)}/`;
}

function blocksOf(model: CaptionModel, plainLinks: boolean): Block[] {
  if (model.removed) {
    return [
      { kind: "notice", lines: [[{ text: "⛔ این محصول دیگر عرضه نمی‌شود." }]] },
      { kind: "title", lines: [[{ text: model.name, bold: true }]] },
    ];
  }
  // The rating goes under the name (a short line, never cut: the description gives way first).
  const title: Line[] = [[{ text: model.name, bold: true }]];
  if (model.rating && model.rating.count > 0) title.push([{ text: ratingLine(model.rating) }]);
  const blocks: Block[] = [{ kind: "title", lines: title }];
  const description = tidy(model.description);
  if (description) blocks.push({ kind: "description", lines: description.split("\n").map((text) => [{ text }]) });

  const variants = model.inStock.filter((variant) => variant.label);
  const samePrice = model.inStock.every((variant) => variant.price === model.price);
  const stock: Line[] = [];
  const priceLine: Line = [{ text: `💰 قیمت: ${samePrice ? "" : "از "}${formatToman(model.price)}` }];
  if (model.inStock.length === 0) stock.push([{ text: "❌ ناموجود" }]);
  else if (variants.length === 0) stock.push([{ text: "✅ موجود" }]);
  else {
    stock.push([{ text: "✅ مدل‌های موجود:" }]);
    for (const variant of variants) stock.push([{ text: `• ${variant.label}${samePrice ? "" : ` — ${formatToman(variant.price)}`}` }]);
  }
  blocks.push({ kind: "offer", lines: [priceLine, ...stock] });
  const links: Line[] = [
    plainLinks ? [{ text: `🛍 مشاهده و خرید: ${model.url}` }] : [{ text: "🛍 " }, { text: "مشاهده و خرید در فروشگاه", href: model.url }],
  ];
  if (model.botUrl && !plainLinks) links.push([{ text: "🤖 " }, { text: "انتخاب مدل و موجودی در ربات", href: model.botUrl }]);
  blocks.push({ kind: "link", lines: links });
  return blocks;
}

/** Collapses runs of blank lines and spaces; a caption has no room for them. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

const visibleLength = (blocks: Block[]) => plainText(blocks).length;

function plainText(blocks: Block[]): string {
  return blocks.map((block) => block.lines.map((line) => line.map((run) => run.text).join("")).join("\n")).join("\n\n");
}

function html(blocks: Block[]): string {
  const run = (r: Run) => {
    const text = escapeHtml(r.text);
    if (r.href !== undefined) return `<a href="${escapeHtml(r.href)}">${text}</a>`;
    return r.bold ? `<b>${text}</b>` : text;
  };
  return blocks.map((block) => block.lines.map((line) => line.map(run).join("")).join("\n")).join("\n\n");
}

/**
 * Cuts text to at most `max` characters at a word boundary, ending with "…".
 * Never splits a surrogate pair; a single word longer than `max` is cut inside.
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? "…" : "";
  let cut = text.slice(0, max - 1);
  const boundary = /\s/.test(text.charAt(max - 1)) ? cut.length : cut.search(/\s\S*$/);
  if (boundary > 0) cut = cut.slice(0, boundary);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Makes the blocks fit `limit`: the description gives way first, then the list of variants, then the name. */
function fit(blocks: Block[], limit: number): Block[] {
  let result = blocks.map((block) => ({ ...block, lines: block.lines.map((line) => line.map((run) => ({ ...run }))) }));
  const over = () => visibleLength(result) - limit;

  const description = result.find((block) => block.kind === "description");
  if (description && over() > 0) {
    const text = description.lines.map((line) => line[0]!.text).join("\n");
    const room = text.length - over();
    if (room >= 20)
      description.lines = cutAtWord(text, room)
        .split("\n")
        .map((line) => [{ text: line }]);
    else result = result.filter((block) => block !== description);
  }

  // The offer is the price line, the stock line, then one line per model.
  const offer = result.find((block) => block.kind === "offer");
  if (offer && offer.lines.length > 3 && over() > 0) {
    const head = offer.lines.slice(0, 2);
    const all = offer.lines.slice(2);
    for (let keep = all.length - 1; keep >= 1; keep--) {
      offer.lines = [...head, ...all.slice(0, keep), [{ text: `• و ${formatNumber(all.length - keep)} مدل دیگر` }]];
      if (over() <= 0) break;
    }
  }

  const title = result.find((block) => block.kind === "title");
  if (title && over() > 0) {
    const run = title.lines[0]![0]!;
    run.text = cutAtWord(run.text, Math.max(1, run.text.length - over()));
  }
  if (over() > 0) throw new Error(`caption cannot be made to fit ${limit} characters`);
  return result;
}

export interface Caption {
  /** What the reader sees. */
  text: string;
  /** What is sent with parse_mode HTML. */
  html: string;
  /** Identifies the content, to tell whether a post needs an edit. */
  hash: string;
}

/** The caption of a Telegram channel post, in HTML parse mode, at most 1024 visible characters. */
export function telegramCaption(model: CaptionModel): Caption {
  const blocks = fit(blocksOf(model, false), TELEGRAM_CAPTION_LIMIT);
  const markup = html(blocks);
  return { text: plainText(blocks), html: markup, hash: createHash("sha256").update(markup).digest("hex") };
}

/** The caption of an Instagram post: plain text (links are not clickable there), at most 2200 characters. */
export function instagramCaption(model: CaptionModel): Caption {
  const blocks = fit(blocksOf(model, true), INSTAGRAM_CAPTION_LIMIT);
  const text = plainText(blocks);
  return { text, html: escapeHtml(text), hash: createHash("sha256").update(text).digest("hex") };
}
