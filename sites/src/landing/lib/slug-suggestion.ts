import { toLatinDigits } from "@mall/locale";

/**
 * A Latin subdomain suggested from a store's name as the owner types it
 * (`کتاب فروشی نمونه` → `ktab-frushi-nmune`): Persian letters by their
 * usual Finglish spelling, digits of any script as Latin ones, everything
 * else a hyphen. Persian script leaves short vowels out, so the result is a
 * starting point the owner edits, never a rule; the server decides.
 */
const LETTERS: Record<string, string> = {
  آ: "a",
  ا: "a",
  أ: "a",
  إ: "e",
  ب: "b",
  پ: "p",
  ت: "t",
  ث: "s",
  ج: "j",
  چ: "ch",
  ح: "h",
  خ: "kh",
  د: "d",
  ذ: "z",
  ر: "r",
  ز: "z",
  ژ: "zh",
  س: "s",
  ش: "sh",
  ص: "s",
  ض: "z",
  ط: "t",
  ظ: "z",
  ع: "",
  غ: "gh",
  ف: "f",
  ق: "gh",
  ک: "k",
  ك: "k",
  گ: "g",
  ل: "l",
  م: "m",
  ن: "n",
  ة: "e",
  ء: "",
  ؤ: "v",
};
const MAX_LENGTH = 40;

function isLetter(char: string | undefined): boolean {
  return char !== undefined && /[\u0621-\u06cc]/.test(char);
}

export function suggestSlug(name: string): string {
  const chars = [...toLatinDigits(name.normalize("NFKC")).replace(/[\u064b-\u065f\u0670]/g, "")];
  let out = "";
  chars.forEach((char, i) => {
    const before = chars[i - 1];
    const wordStart = !isLetter(before) && before !== "\u200c";
    const wordEnd = !isLetter(chars[i + 1]);
    if (/[a-z0-9]/i.test(char)) out += char.toLowerCase();
    // و and ی are consonants at the start of a word and vowels elsewhere; ه at the end of a word is the vowel e.
    else if (char === "و") out += wordStart ? "v" : "u";
    else if (char === "ی" || char === "ي" || char === "ى" || char === "ئ") out += wordStart ? "y" : "i";
    else if (char === "ه") out += wordEnd && !wordStart ? "e" : "h";
    else if (char === "\u200c") out += "";
    else if (char in LETTERS) out += LETTERS[char];
    else out += "-";
  });
  return out.replace(/-+/g, "-").replace(/^-|-$/g, "").slice(0, MAX_LENGTH).replace(/-$/, "");
}
