import { formatNumber, toLatinDigits } from "./digits.ts";

/**
 * Money as people see and type it. Mall stores and sends Rials (integers);
 * merchants and shoppers read and type Tomans (Rial / 10).
 */

const RIALS_PER_TOMAN = 10;

/**
 * The one way an amount reaches a person: Rials (how money is stored and sent
 * over the API) shown as Tomans (Rial / 10), with Persian digits and the
 * Persian thousands separator: 125000000 → «۱۲٬۵۰۰٬۰۰۰ تومان». An amount that
 * is not a whole number of Tomans keeps its tenth (۱٬۲۳۴٫۵).
 */
export function formatToman(rials: number): string {
  if (!Number.isSafeInteger(rials)) throw new RangeError(`Rial amount ${rials} is not a safe integer`);
  return `${formatNumber(rialsToTomans(rials), { maximumFractionDigits: 1 })} تومان`;
}

/** Rials as a number of Tomans (a tenth is kept): 125000 → 12500. */
export function rialsToTomans(rials: number): number {
  return rials / RIALS_PER_TOMAN;
}

/** Tomans (at most one decimal) as whole Rials: 12500 → 125000, 1.5 → 15. */
export function tomansToRials(tomans: number): number {
  return Math.round(tomans * RIALS_PER_TOMAN);
}

/**
 * An amount of Tomans as a person types it (Persian, Arabic or Latin digits,
 * thousands separators, spaces, the word «تومان», a tenth after `.` or `٫`)
 * as Rials; null when it is not such an amount. Empty text is null too, so
 * the caller decides whether the field is optional.
 */
export function parseTomans(text: string): number | null {
  const compact = toLatinDigits(text.normalize("NFKC"))
    .replace(/تومان/g, "")
    .replace(/[\s,٬،_\u200c\u200e\u200f]/g, "")
    .replace(/٫/g, ".");
  if (!/^\d+(\.\d)?$/.test(compact)) return null;
  const rials = tomansToRials(Number(compact));
  return Number.isSafeInteger(rials) ? rials : null;
}
