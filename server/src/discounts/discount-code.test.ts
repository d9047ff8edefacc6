import { describe, expect, it } from "vitest";
import { discountCodeKey } from "./discount-code.js";

describe("discount codes", () => {
  it("are the same code whatever the case and the digits (Persian, Arabic, Latin)", () => {
    const key = discountCodeKey("Yalda123");
    expect(key).toBe("yalda123");
    for (const typed of ["YALDA123", "yalda۱۲۳", "Yalda١٢٣", " yalda 123 ", "YALDA-۱۲۳"]) expect(discountCodeKey(typed)).toBe(key);
    expect(discountCodeKey("یلدا۱۴۰۴")).toBe(discountCodeKey("يلدا1404")); // Arabic ي, Latin digits
    expect(discountCodeKey("yalda124")).not.toBe(key);
  });
});
