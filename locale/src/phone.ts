import { toLatinDigits, toPersianDigits } from "./digits.ts";

/** The one form Mall stores and compares: `+989XXXXXXXXX`. */
export const NORMALISED_PHONE = /^\+989\d{9}$/;

/**
 * Normalises a mobile number in any form a person types (`0912…`, `912…`,
 * `+98912…`, `0098912…`, Persian or Arabic-Indic digits, spaces, dashes,
 * parentheses) to `+989XXXXXXXXX`; returns null for anything that is not an
 * Iranian mobile number.
 */
export function normalisePhone(input: string): string | null {
  const latin = toLatinDigits(input.normalize("NFKC"));
  // Directional marks and zero-width characters come along when a number is pasted from a chat app.
  const compact = latin.replace(/[\s\-().\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
  const match = /^(?:\+98|0098|98|0)?(9\d{9})$/.exec(compact);
  return match ? `+98${match[1]}` : null;
}

/**
 * A mobile number as a person reads it on a Persian page: `0912…` in
 * Persian digits («۰۹۱۲۱۲۳۴۵۶۷»), whatever form it was stored or typed in;
 * what is not an Iranian mobile number is shown as it is, in Persian digits.
 */
export function displayPhone(phone: string): string {
  const normalised = normalisePhone(phone);
  return toPersianDigits(normalised ? `0${normalised.slice(3)}` : phone);
}
