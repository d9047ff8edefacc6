import { digitsArToEn, digitsEnToFa, digitsFaToEn } from "@persian-tools/persian-tools";

/**
 * Digits, the one place they are converted: what people read has Persian
 * digits (۱۲۳), what people type may hold Persian, Arabic-Indic (١٢٣) or
 * Latin ones, and what is stored, compared and sent to gateways is Latin.
 */

/** Latin digits in a text (or a number) as Persian ones; everything else is left alone. */
export function toPersianDigits(text: string | number): string {
  return digitsEnToFa(text);
}

/** Persian and Arabic-Indic digits as Latin ones; everything else is left alone. */
export function toLatinDigits(text: string): string {
  return digitsArToEn(digitsFaToEn(text));
}

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
/** Arabic thousands separator (U+066C) and decimal sign (U+066B), as fa-IR writes them. */
const GROUP = "\u066C";
const DECIMAL = "\u066B";
/** A negative number as fa-IR writes it: left-to-right mark and minus sign (U+2212) before the digits. */
const MINUS = "\u200E\u2212";

/** Adds one to a string of Latin digits: "0199" → "0200", "99" → "100". */
function incremented(digits: string): string {
  let carry = digits.length;
  while (carry > 0 && digits[carry - 1] === "9") carry--;
  if (carry === 0) return `1${"0".repeat(digits.length)}`;
  return digits.slice(0, carry - 1) + String(Number(digits[carry - 1]) + 1) + "0".repeat(digits.length - carry);
}

/**
 * A number as a person reads it: Persian digits, the Persian thousands
 * separator (۱۲٬۵۰۰) and decimal sign (۱٫۵), at most two decimals.
 * `grouping: false` for numbers that are not amounts (years, order numbers, codes).
 *
 * Written out by hand, to the letter of `Intl.NumberFormat("fa-IR")` (the
 * shortest decimal of the double, rounded half away from zero, trailing zeros
 * dropped; locale/src/digits.test.ts compares the two on random numbers):
 * in a browser the first fa-IR formatter costs 25–40 ms of the main thread
 * (ICU's locale data), a long task on every store page that shows a price.
 * NaN, the infinities and numbers JavaScript writes with an exponent are left
 * to Intl.
 */
export function formatNumber(value: number, options: { grouping?: boolean; maximumFractionDigits?: number } = {}): string {
  const { grouping = true, maximumFractionDigits = 2 } = options;
  const plain = String(Math.abs(value));
  if (!Number.isFinite(value) || plain.includes("e")) {
    return new Intl.NumberFormat("fa-IR", { maximumFractionDigits, useGrouping: grouping }).format(value);
  }
  let [whole = "0", fraction = ""] = plain.split(".");
  if (fraction.length > maximumFractionDigits) {
    let digits = whole + fraction.slice(0, maximumFractionDigits);
    if (fraction.charCodeAt(maximumFractionDigits) >= 53 /* "5" */) digits = incremented(digits);
    whole = digits.slice(0, digits.length - maximumFractionDigits) || "0";
    fraction = digits.slice(digits.length - maximumFractionDigits);
  }
  fraction = fraction.replace(/0+$/, "");
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+$)/g, GROUP);
  const text = fraction ? `${whole}${DECIMAL}${fraction}` : whole;
  const persian = text.replace(/\d/g, (digit) => PERSIAN_DIGITS[Number(digit)]!);
  return value < 0 || Object.is(value, -0) ? `${MINUS}${persian}` : persian;
}
