const TOMAN = new Intl.NumberFormat("fa-IR", { maximumFractionDigits: 1 });

/**
 * The one way an amount reaches a person: Rials (how money is stored and sent
 * over the API) shown as Tomans (Rial / 10), with Persian digits and the
 * Persian thousands separator: 125000000 → «۱۲٬۵۰۰٬۰۰۰ تومان». An amount that
 * is not a whole number of Tomans keeps its tenth (۱٬۲۳۴٫۵).
 */
export function formatToman(rials: number): string {
  if (!Number.isSafeInteger(rials)) throw new RangeError(`Rial amount ${rials} is not a safe integer`);
  return `${TOMAN.format(rials / 10)} تومان`;
}
