import { describe, expect, it } from "vitest";
import { normalizePersian, searchKey, searchText, searchTokens } from "./search-text.ts";

describe("normalizePersian", () => {
  it.each([
    ["كتاب", "کتاب"],
    ["ميز", "میز"],
    ["علي", "علی"],
    ["مدرسة", "مدرسه"],
    ["خانۀ ما", "خانه ما"],
    ["مـــیـــز", "میز"],
    ["کِتابِ خوبْ", "کتاب خوب"],
    ["پیراهن ۴۲", "پیراهن 42"],
    ["پیراهن ٤٢", "پیراهن 42"],
    ["ﻛﺘﺎﺏ", "کتاب"],
    ["  Red   T-Shirt!  ", "red t shirt"],
    ["می\u200cخواهم", "میخواهم"],
    ["آب", "اب"],
  ])("%s → %s", (typed, normal) => {
    expect(normalizePersian(typed)).toBe(normal);
  });

  it("is idempotent", () => {
    for (const text of ["كتاب‌هاي ۱۲", "Red T-Shirt", "مـیـز"])
      expect(normalizePersian(normalizePersian(text))).toBe(normalizePersian(text));
  });
});

describe("search keys", () => {
  it("makes ZWNJ, a space and nothing the same", () => {
    expect(searchKey("کتاب‌ها")).toBe("کتابها");
    expect(searchKey("کتاب ها")).toBe("کتابها");
    expect(searchKey("كتابها")).toBe("کتابها");
  });

  it("keeps fields apart and drops empty ones", () => {
    expect(searchText(["Wooden desk", "میز تحریر", "", null])).toBe("woodendesk|میزتحریر");
  });

  it("splits a query into distinct normalised words", () => {
    expect(searchTokens("  ميز  میز چوبي ۲ ")).toEqual(["میز", "چوبی", "2"]);
    expect(searchTokens("...")).toEqual([]);
  });
});
