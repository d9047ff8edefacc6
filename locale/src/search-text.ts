import { toLatinDigits } from "./digits.ts";

/**
 * Letters that Arabic keyboards (and copy-paste from Arabic sites) give for
 * the Persian ones, and hamza-bearing forms people type either way.
 */
const LETTERS: Record<string, string> = {
  "\u064A": "\u06CC", // ي → ی
  "\u0649": "\u06CC", // ى → ی
  "\u0626": "\u06CC", // ئ → ی
  "\u0643": "\u06A9", // ك → ک
  "\u0629": "\u0647", // ة → ه
  "\u06C0": "\u0647", // ۀ → ه
  "\u06D5": "\u0647", // ە → ه
  "\u0623": "\u0627", // أ → ا
  "\u0625": "\u0627", // إ → ا
  "\u0622": "\u0627", // آ → ا
  "\u0671": "\u0627", // ٱ → ا
  "\u0624": "\u0648", // ؤ → و
};
const LETTER_PATTERN = new RegExp(`[${Object.keys(LETTERS).join("")}]`, "g");
/** Harakat, tanwin, superscript alef, Quranic marks, the lone hamza and tatweel: dropped. */
const MARKS = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0621\u0640]/g;
/** ZWNJ, ZWJ, direction marks, BOM, soft hyphen: people type them or not at random. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD]/g;
const SEPARATORS = /[\s\p{P}\p{S}]+/gu;

/**
 * The one normaliser of Persian/Arabic/Latin text for matching: Arabic
 * letters become the Persian ones (ي→ی, ك→ک, ة→ه), diacritics, tatweel and
 * zero-width characters go, Persian and Arabic digits become Latin, Latin is
 * lower-cased, and runs of spaces and punctuation become one space.
 * Every comparison of what a person typed with what is stored goes through it.
 */
export function normalizePersian(text: string): string {
  const folded = text
    .normalize("NFKC") // Arabic presentation forms (ﻙ, ﻱ) and full-width Latin to their plain letters
    .replace(INVISIBLE, "")
    .replace(MARKS, "")
    .replace(LETTER_PATTERN, (letter) => LETTERS[letter] ?? letter);
  return toLatinDigits(folded).toLowerCase().replace(SEPARATORS, " ").trim();
}

/**
 * A field as it is stored for search: normalised, with spaces removed, so that
 * «کتاب‌ها», «کتابها» and «کتاب ها» are the same text.
 */
export function searchKey(text: string): string {
  return normalizePersian(text).replace(/ /g, "");
}

/** The stored search text of several fields; `|` keeps a match inside one field. */
export function searchText(fields: Array<string | null | undefined>): string {
  return fields
    .map((field) => searchKey(field ?? ""))
    .filter(Boolean)
    .join("|");
}

/** The words of a query, normalised like the stored text; each must occur for a match. */
export function searchTokens(query: string, max = 8): string[] {
  const tokens = normalizePersian(query).split(" ").filter(Boolean);
  return [...new Set(tokens)].slice(0, max);
}
