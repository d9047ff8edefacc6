import { toLatinDigits } from "./digits.ts";

/**
 * Iranian postal codes: pure helpers, shared by the server's validation and
 * the checkout island (which shows the same message before sending).
 */

/**
 * A 10-digit Iranian postal code whose first five digits hold no 0 and no 2.
 *
 * The ten digits are the five of the postal route (گشت پستی: the destination
 * city and district) and the five of the delivery point (کد توزیع). The first
 * five never use 0 or 2, because handwritten they are mistaken for 5 and 3:
 * «در ایران از اعداد ۰ و ۲ به دلیل تشابه ظاهری به ترتیب با اعداد ۵ و ۳ در ۵
 * رقم اول کد پستی استفاده نمی‌شود» (Persian Wikipedia, «کد پستی»,
 * https://fa.wikipedia.org/wiki/کد_پستی). Iran Post's own description of the
 * older five-digit codes («کد پستی چیست؟», http://gavahi.post.ir/) already
 * builds them from the digits 1 and 3–9. Stricter rules seen in some validators
 * (no 5 in the fifth digit, no 2 in the last five) are not in either source,
 * so they are not enforced here: refusing a real address costs a sale.
 */
export const POSTAL_CODE_PATTERN = /^[13-9]{5}\d{5}$/;

/**
 * The postal code as ten Latin digits, whatever the shopper typed: Persian,
 * Arabic or Latin digits, with spaces or a dash (`۱۴۱۱۷-۱۳۱۳۵`); null when it
 * is not a valid Iranian postal code.
 */
export function normalisePostalCode(input: string): string | null {
  const digits = toLatinDigits(input.normalize("NFKC")).replace(/[\s\-\u200c\u200e\u200f]/g, "");
  return POSTAL_CODE_PATTERN.test(digits) ? digits : null;
}

/** Why a postal code was refused, in Persian: the length first, then the digits rule. */
export function postalCodeProblem(input: string): string | null {
  const digits = toLatinDigits(input.normalize("NFKC")).replace(/[\s\-\u200c\u200e\u200f]/g, "");
  if (digits.length === 0) return "کد پستی را وارد کنید.";
  if (!/^\d{10}$/.test(digits)) return "کد پستی ۱۰ رقم است و فقط رقم دارد.";
  if (!POSTAL_CODE_PATTERN.test(digits)) return "کد پستی معتبر نیست؛ پنج رقم اول کد پستی هیچ‌وقت ۰ یا ۲ ندارد.";
  return null;
}
