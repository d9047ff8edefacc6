import { searchKey } from "../../../server/src/catalog/persian-text.ts";

export { searchKey };

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

/** Latin digits in a text as Persian ones, for everything a shopper reads. */
export function toPersianDigits(text: string | number): string {
  return String(text).replace(/\d/g, (digit) => PERSIAN_DIGITS[Number(digit)]!);
}

/** Rials as Tomans with Persian digits and separators: 125000000 → «۱۲٬۵۰۰٬۰۰۰ تومان». */
export function formatToman(rials: number): string {
  return `${Math.floor(rials / 10).toLocaleString("fa-IR")} تومان`;
}
