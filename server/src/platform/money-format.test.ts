import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatToman } from "./money-format.js";

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

describe("formatToman", () => {
  it("shows Rials as Tomans with Persian digits and the Persian thousands separator", () => {
    expect(formatToman(125_000_000)).toBe("۱۲٬۵۰۰٬۰۰۰ تومان");
    expect(formatToman(45_000)).toBe("۴٬۵۰۰ تومان");
    expect(formatToman(0)).toBe("۰ تومان");
    expect(formatToman(90)).toBe("۹ تومان");
  });

  it("keeps a tenth of a Toman rather than rounding money away", () => {
    expect(formatToman(12_345)).toBe("۱٬۲۳۴٫۵ تومان");
  });

  it("reads back as the same number of Tomans for any whole-Toman amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 14 }), (tomans) => {
        const text = formatToman(tomans * 10);
        const digits = text
          .replace(" تومان", "")
          .replaceAll("٬", "")
          .replace(/[۰-۹]/g, (d) => String(PERSIAN_DIGITS.indexOf(d)));
        expect(Number(digits)).toBe(tomans);
        expect(text).not.toMatch(/[0-9,]/);
      }),
    );
  });

  it("refuses amounts that are not whole Rials", () => {
    expect(() => formatToman(1.5)).toThrow(RangeError);
    expect(() => formatToman(Number.NaN)).toThrow(RangeError);
  });
});
