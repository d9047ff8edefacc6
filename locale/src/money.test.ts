import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toLatinDigits } from "./digits.ts";
import { formatToman, parseTomans, rialsToTomans, tomansToRials } from "./money.ts";

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
        const digits = toLatinDigits(text.replace(" تومان", "").replaceAll("٬", ""));
        expect(Number(digits)).toBe(tomans);
        expect(parseTomans(text)).toBe(tomans * 10);
        expect(text).not.toMatch(/[0-9,]/);
      }),
    );
  });

  it("refuses amounts that are not whole Rials", () => {
    expect(() => formatToman(1.5)).toThrow(RangeError);
    expect(() => formatToman(Number.NaN)).toThrow(RangeError);
  });
});

describe("Tomans and Rials", () => {
  it("converts both ways, keeping a tenth of a Toman", () => {
    expect(rialsToTomans(125_000)).toBe(12_500);
    expect(rialsToTomans(15)).toBe(1.5);
    expect(tomansToRials(12_500)).toBe(125_000);
    expect(tomansToRials(1.5)).toBe(15);
  });

  it.each([
    ["45000", 450_000],
    ["۴۵٬۰۰۰", 450_000],
    ["٤٥,٠٠٠ تومان", 450_000],
    [" 1 250 000 ", 12_500_000],
    ["۱۲٫۵", 125],
    ["0", 0],
  ])("reads %j typed in Tomans as %d Rials", (typed, rials) => {
    expect(parseTomans(typed)).toBe(rials);
  });

  it.each(["", "تومان", "-5", "12.34", "abc", "۱۲ هزار", "1e6"])("refuses %j", (typed) => {
    expect(parseTomans(typed)).toBeNull();
  });
});
