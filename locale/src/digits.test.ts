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
