import { describe, expect, it } from "vitest";
import { parseHtml } from "../test/fakes/telegram-server.js";
import type { ProductDetail } from "../catalog/product.service.js";
import {
  captionModel,
  cutAtWord,
  instagramCaption,
  productPageUrl,
  telegramCaption,
  TELEGRAM_CAPTION_LIMIT,
  type CaptionModel,
} from "./caption.js";

const base: CaptionModel = {
  name: "تی‌شرت نخی",
  description: "",
  url: "https://pirhan.mall.localhost/p/cotton-tee/",
  price: 12_500_000,
  inStock: [{ label: "", price: 12_500_000 }],
  removed: false,
};

/** A Persian paragraph of `words` words, of varying lengths. */
function persianText(words: number): string {
  const vocabulary = [
    "پارچه",
    "نخی",
    "با",
    "دوخت",
    "دوبل",
    "و",
    "رنگ‌های",
    "ثابت",
    "مناسب",
    "برای",
    "استفادهٔ",
    "روزانه",
    "در",
    "تابستان",
    "است",
  ];
  return Array.from({ length: words }, (_, i) => vocabulary[(i * 7) % vocabulary.length]).join(" ");
}

describe("channel captions", () => {
  it("escapes <, > and & for HTML parse mode and leaves * and _ as they are; Telegram reads back the exact text and entities", () => {
    const caption = telegramCaption({
      ...base,
      name: "تی‌شرت <طرح> & *ویژه*_نو",
      description: "جنس: ۱۰۰٪ <پنبه> & کش_دار *نرم*",
      inStock: [
        { label: "قرمز / L", price: 12_500_000 },
        { label: "آبی / M", price: 13_000_000 },
      ],
    });
    expect(caption.html).toBe(
      [
        "<b>تی‌شرت &lt;طرح&gt; &amp; *ویژه*_نو</b>",
        "",
        "جنس: ۱۰۰٪ &lt;پنبه&gt; &amp; کش_دار *نرم*",
        "",
        "💰 قیمت: از ۱٬۲۵۰٬۰۰۰ تومان",
        "✅ مدل‌های موجود:",
        "• قرمز / L — ۱٬۲۵۰٬۰۰۰ تومان",
        "• آبی / M — ۱٬۳۰۰٬۰۰۰ تومان",
        "",
        '🛍 <a href="https://pirhan.mall.localhost/p/cotton-tee/">مشاهده و خرید در فروشگاه</a>',
      ].join("\n"),
    );
    const parsed = parseHtml(caption.html);
    expect(parsed.text).toBe(caption.text);
    const name = "تی‌شرت <طرح> & *ویژه*_نو";
    expect(parsed.text.startsWith(name)).toBe(true);
    const linkText = "مشاهده و خرید در فروشگاه";
    expect(parsed.entities).toEqual([
      { type: "bold", offset: 0, length: name.length },
      {
        type: "text_link",
        offset: parsed.text.indexOf(linkText),
        length: linkText.length,
        url: "https://pirhan.mall.localhost/p/cotton-tee/",
      },
    ]);
  });

  it("says «موجود» for a product without models, and «ناموجود» when nothing is in stock", () => {
    expect(telegramCaption(base).text).toBe(
      ["تی‌شرت نخی", "", "💰 قیمت: ۱٬۲۵۰٬۰۰۰ تومان", "✅ موجود", "", "🛍 مشاهده و خرید در فروشگاه"].join("\n"),
    );
    expect(telegramCaption({ ...base, inStock: [] }).text).toBe(
      ["تی‌شرت نخی", "", "💰 قیمت: ۱٬۲۵۰٬۰۰۰ تومان", "❌ ناموجود", "", "🛍 مشاهده و خرید در فروشگاه"].join("\n"),
    );
  });

  it("links to the bot's deep link for the product when given one", () => {
    const caption = telegramCaption({ ...base, botUrl: "https://t.me/mall_bot?start=p_x" });
    expect(caption.html.split("\n").slice(-2)).toEqual([
      '🛍 <a href="https://pirhan.mall.localhost/p/cotton-tee/">مشاهده و خرید در فروشگاه</a>',
      '🤖 <a href="https://t.me/mall_bot?start=p_x">انتخاب مدل و موجودی در ربات</a>',
    ]);
  });

  it("shows the approved reviews' average and count under the name, in Persian digits (issue 27 #1)", () => {
    expect(telegramCaption({ ...base, rating: { average: 4.5, count: 12 } }).text).toBe(
      ["تی‌شرت نخی", "★ ۴٫۵ از ۵ (۱۲ نظر)", "", "💰 قیمت: ۱٬۲۵۰٬۰۰۰ تومان", "✅ موجود", "", "🛍 مشاهده و خرید در فروشگاه"].join("\n"),
    );
    expect(
      telegramCaption({ ...base, rating: { average: 5, count: 1_250 } })
        .html.split("\n")
        .slice(0, 2),
    ).toEqual(["<b>تی‌شرت نخی</b>", "★ ۵ از ۵ (۱٬۲۵۰ نظر)"]);
    // A removed product's post names it only.
    expect(telegramCaption({ ...base, removed: true, rating: { average: 4, count: 3 } }).text).not.toContain("★");
  });

  it("takes the rating from the reviews' summary only when there are approved reviews", () => {
    const detail = {
      product: { nameFa: "تی‌شرت نخی", name: "", description: "", minPrice: 12_500_000, basePrice: 12_500_000 },
      category: {},
      attributes: [],
      instances: [{ instance: { id: "i1", sku: "A", isActive: true, price: null, stock: 2 }, attributes: [] }],
    } as unknown as ProductDetail;
    const url = "https://pirhan.mall.localhost/p/cotton-tee/";
    expect(captionModel(detail, url, { rating: { average: 4.25, count: 4 } }).rating).toEqual({ average: 4.25, count: 4 });
    expect(telegramCaption(captionModel(detail, url, { rating: { average: 4.25, count: 4 } })).text).toContain("★ ۴٫۳ از ۵ (۴ نظر)");
    expect(captionModel(detail, url, { rating: { average: null, count: 0 } })).not.toHaveProperty("rating");
    expect(telegramCaption(captionModel(detail, url, { rating: { average: null, count: 0 } })).text).not.toContain("★");
  });

  it("keeps the rating whole when a long description and many models must be cut to 1024 characters", () => {
    const caption = telegramCaption({
      ...base,
      name: "کفش ".repeat(40).trim(),
      description: persianText(600),
      inStock: Array.from({ length: 60 }, (_, i) => ({ label: `مدل ${i + 1} / رنگ ${i + 1}`, price: 12_500_000 + i })),
      rating: { average: 3.7, count: 98 },
    });
    expect(caption.text.length).toBeLessThanOrEqual(TELEGRAM_CAPTION_LIMIT);
    expect(parseHtml(caption.html).text.length).toBeLessThanOrEqual(TELEGRAM_CAPTION_LIMIT);
    expect(caption.text.split("\n")[1]).toBe("★ ۳٫۷ از ۵ (۹۸ نظر)");
  });

  it("marks a removed product with its name only", () => {
    const caption = telegramCaption({ ...base, removed: true, name: "کیف & کفش" });
    expect(caption.html).toBe("⛔ این محصول دیگر عرضه نمی‌شود.\n\n<b>کیف &amp; کفش</b>");
  });

  it("cuts a long Persian description at a word to fit 1024 characters, keeping name, price, stock and link whole", () => {
    const description = persianText(600);
    const caption = telegramCaption({ ...base, description: `${description} <&>` });
    expect(caption.text.length).toBeLessThanOrEqual(TELEGRAM_CAPTION_LIMIT);
    expect(caption.text.length).toBeGreaterThan(TELEGRAM_CAPTION_LIMIT - 20);
    const parsed = parseHtml(caption.html);
    expect(parsed.text).toBe(caption.text);
    expect(parsed.entities.map((entity) => entity.type)).toEqual(["bold", "text_link"]);
    const kept = caption.text.split("\n\n")[1]!;
    expect(kept.endsWith("…")).toBe(true);
    const words = kept.slice(0, -1).split(" ");
    // Every word kept is a whole word of the original, in order.
    expect(description.startsWith(words.join(" "))).toBe(true);
    expect(description.charAt(words.join(" ").length)).toBe(" ");
    expect(caption.text).toContain("💰 قیمت: ۱٬۲۵۰٬۰۰۰ تومان");
    expect(caption.text.endsWith("🛍 مشاهده و خرید در فروشگاه")).toBe(true);
  });

  it("shortens a long list of models, then a long name, never splitting an entity", () => {
    const inStock = Array.from({ length: 120 }, (_, i) => ({
      label: `رنگ شمارهٔ ${i + 1} / سایز بزرگ`,
      price: 12_500_000 + (i % 3) * 100_000,
    }));
    const many = telegramCaption({ ...base, description: persianText(50), inStock });
    expect(many.text.length).toBeLessThanOrEqual(TELEGRAM_CAPTION_LIMIT);
    expect(many.text).not.toContain(persianText(3));
    expect(many.text).toMatch(/• و [۰-۹]+ مدل دیگر\n\n🛍/);

    const longName = persianText(400);
    const named = telegramCaption({ ...base, name: `${longName} & <X>` });
    expect(named.text.length).toBeLessThanOrEqual(TELEGRAM_CAPTION_LIMIT);
    const parsed = parseHtml(named.html);
    const bold = parsed.entities.find((entity) => entity.type === "bold")!;
    const shown = parsed.text.slice(bold.offset, bold.offset + bold.length);
    expect(shown.endsWith("…")).toBe(true);
    expect(longName.startsWith(shown.slice(0, -1))).toBe(true);
    expect(parsed.entities.some((entity) => entity.type === "text_link")).toBe(true);
  });

  it("cuts at words, never inside a surrogate pair", () => {
    expect(cutAtWord("سلام دنیای زیبا", 10)).toBe("سلام…");
    expect(cutAtWord("abc", 5)).toBe("abc");
    expect(cutAtWord("😀😀😀😀", 4)).toBe("😀…");
  });

  it("percent-encodes Persian slugs in the product link", () => {
    expect(productPageUrl("https://shop.example.ir", "کفش-چرم")).toBe("https://shop.example.ir/p/%DA%A9%D9%81%D8%B4-%DA%86%D8%B1%D9%85/");
  });

  it("writes Instagram captions as plain text with the link spelled out", () => {
    const caption = instagramCaption({ ...base, name: "کیف <چرم> & کفش" });
    expect(caption.text).toBe(
      [
        "کیف <چرم> & کفش",
        "",
        "💰 قیمت: ۱٬۲۵۰٬۰۰۰ تومان",
        "✅ موجود",
        "",
        "🛍 مشاهده و خرید: https://pirhan.mall.localhost/p/cotton-tee/",
      ].join("\n"),
    );
  });
});
