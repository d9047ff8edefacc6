import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber, toLatinDigits, toPersianDigits } from "./digits.ts";

describe("digits", () => {
  it("writes Latin digits as Persian ones and leaves the rest alone", () => {
    expect(toPersianDigits("سفارش 1404-0123")).toBe("سفارش ۱۴۰۴-۰۱۲۳");
    expect(toPersianDigits(9876543210)).toBe("۹۸۷۶۵۴۳۲۱۰");
    expect(toPersianDigits("۱۲ و 34")).toBe("۱۲ و ۳۴");
  });

  it("reads Persian and Arabic-Indic digits as Latin ones", () => {
    expect(toLatinDigits("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(toLatinDigits("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(toLatinDigits("کد ۱۲-٣٤ ab5")).toBe("کد 12-34 ab5");
  });

  it("round-trips", () => {
    const latin = "0123456789";
    expect(toLatinDigits(toPersianDigits(latin))).toBe(latin);
  });

  it("formats numbers with Persian digits and separators", () => {
    expect(formatNumber(1_234_567)).toBe("۱٬۲۳۴٬۵۶۷");
    expect(formatNumber(1404, { grouping: false })).toBe("۱۴۰۴");
    expect(formatNumber(1.5)).toBe("۱٫۵");
    expect(formatNumber(2.75, { maximumFractionDigits: 0 })).toBe("۳");
  });
});

describe("formatNumber, written by hand", () => {
  const intl = (value: number, grouping: boolean, maximumFractionDigits: number) =>
    new Intl.NumberFormat("fa-IR", { maximumFractionDigits, useGrouping: grouping }).format(value);

  it("writes what Intl.NumberFormat('fa-IR') writes, on random numbers", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1e12, max: 1e12 }),
          fc.double({ min: -1e15, max: 1e15, noNaN: true }),
          fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
          fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 100 + 0.005),
        ),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        (value, grouping, digits) => {
          expect(formatNumber(value, { grouping, maximumFractionDigits: digits })).toBe(intl(value, grouping, digits));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("rounds and carries as a person expects, and leaves the rest to Intl", () => {
    for (const [value, digits] of [
      [0.15, 1],
      [1.35, 1],
      [999.96, 1],
      [9999.5, 0],
      [-0.04, 1],
      [-0, 2],
      [0.000001, 2],
      [1e21, 0],
      [Number.NaN, 2],
      [Number.NEGATIVE_INFINITY, 2],
    ] as const)
      expect(formatNumber(value, { maximumFractionDigits: digits })).toBe(intl(value, true, digits));
    expect(formatNumber(999.96, { maximumFractionDigits: 1 })).toBe("۱٬۰۰۰");
    expect(formatNumber(-1234.56, { maximumFractionDigits: 1 })).toBe("\u200e\u2212۱٬۲۳۴٫۶");
  });
});
