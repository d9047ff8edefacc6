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

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number as a person reads it: Persian digits, the Persian thousands
 * separator (۱۲٬۵۰۰) and decimal sign (۱٫۵), at most two decimals.
 * `grouping: false` for numbers that are not amounts (years, order numbers, codes).
 */
export function formatNumber(value: number, options: { grouping?: boolean; maximumFractionDigits?: number } = {}): string {
  const { grouping = true, maximumFractionDigits = 2 } = options;
  const key = `${grouping}:${maximumFractionDigits}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat("fa-IR", { maximumFractionDigits, useGrouping: grouping })));
  return format.format(value);
}
