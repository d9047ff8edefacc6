/** The platform's one Toman formatter and search normaliser, shared with the server (and bundled into the islands). */
export { formatToman } from "../../../server/src/platform/money-format.ts";
export { searchKey } from "../../../server/src/catalog/persian-text.ts";
export { descriptionText } from "../../../server/src/catalog/description-html.ts";

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

/** Latin digits in a text as Persian ones, for everything a shopper reads. */
export function toPersianDigits(text: string | number): string {
  return String(text).replace(/\d/g, (digit) => PERSIAN_DIGITS[Number(digit)]!);
}
