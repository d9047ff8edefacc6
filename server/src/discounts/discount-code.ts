import { normalizePersian } from "@mall/locale";

/**
 * The one form a discount code is stored and looked up in: the project's
 * Persian normaliser (Persian ۰-۹ and Arabic ٠-٩ digits become Latin, Latin
 * is lower-cased, Arabic letters become Persian ones) without its spaces, so
 * «SALE۱۲۳», «sale123», «Sale١٢٣» and «sale-123» are the same code.
 */
export function discountCodeKey(code: string): string {
  return normalizePersian(code).replace(/ /g, "");
}
