import { toLatinDigits } from "@mall/locale";
/**
 * The product CSV's columns (issue 16): one row per instance, the product's
 * columns repeated on each of its rows, Persian headers so a merchant reads
 * the file in Excel, and a column per categorizer attribute («ویژگی: رنگ»).
 * Export and import share this file, so a file exported here imports as is.
 */
export const PRODUCT_COLUMNS = {
  slug: "نامک محصول",
  nameFa: "نام محصول",
  name: "نام لاتین",
  category: "دسته",
  description: "توضیحات",
  basePrice: "قیمت پایه (ریال)",
  productActive: "محصول فعال",
  sku: "SKU",
  price: "قیمت مدل (ریال)",
  stock: "موجودی",
  instanceActive: "مدل فعال",
  images: "نشانی تصاویر (فقط خروجی)",
} as const;

export type ProductColumn = keyof typeof PRODUCT_COLUMNS;

/** Category paths as merchants read them: root first. */
export const PATH_SEPARATOR = " > ";
/** Several image URLs in one cell. */
export const IMAGE_SEPARATOR = "\n";
/** A categorizer attribute's column: `ویژگی: رنگ`. */
export const ATTRIBUTE_PREFIX = "ویژگی: ";

/** UTF-8's byte order mark: Excel reads the file as UTF-8 (Persian) only with it. */
export const BOM = "\uFEFF";

export const YES = "بله";
export const NO = "خیر";

/** A Persian yes/no (or true/false, 1/0) as a boolean; null when it is neither. */
export function parseYesNo(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (value === YES || value === "true" || value === "1" || value === "yes") return true;
  if (value === NO || value === "false" || value === "0" || value === "no") return false;
  return null;
}

/** A whole number typed with Persian, Arabic or Latin digits and any thousands separators; null when it is not one. */
export function parseWholeNumber(text: string): number | null {
  const latin = toLatinDigits(text.trim()).replace(/[,\u066C\u060C\s_]/g, "");
  if (!/^-?\d+$/.test(latin)) return null;
  const value = Number(latin);
  return Number.isSafeInteger(value) ? value : null;
}
