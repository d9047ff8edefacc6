import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { digitsEnToAr } from "@persian-tools/persian-tools";
import { toPersianDigits } from "./digits.ts";
import { displayPhone, normalisePhone } from "./phone.ts";

/** Nine digits after the leading 9 of an Iranian mobile number. */
const subscriber = fc.stringMatching(/^\d{9}$/);
const prefix = fc.constantFrom("0", "", "+98", "0098", "98");
const script = fc.constantFrom("latin", "persian", "arabic");
const separator = fc.constantFrom("", " ", "-", "\u200c");

describe("phone numbers", () => {
  it("normalises every form a person types to +989XXXXXXXXX", () => {
    fc.assert(
      fc.property(subscriber, prefix, script, separator, (rest, lead, digits, sep) => {
        const national = `9${rest}`;
        let typed = `${lead}${national.slice(0, 3)}${sep}${national.slice(3, 6)}${sep}${national.slice(6)}`;
        if (digits === "persian") typed = toPersianDigits(typed);
        if (digits === "arabic") typed = digitsEnToAr(typed);
        expect(normalisePhone(typed)).toBe(`+98${national}`);
      }),
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(subscriber, (rest) => {
        const once = normalisePhone(`09${rest}`)!;
        expect(normalisePhone(once)).toBe(once);
      }),
    );
  });

  it.each(["02112345678", "+982112345678", "0912123456", "091212345678", "+1 555 123 4567", "abc", "", "۰۸۱۲۱۲۳۴۵۶۷"])(
    "rejects %j",
    (input) => {
      expect(normalisePhone(input)).toBeNull();
    },
  );

  it("shows every stored or typed form as 0912… in Persian digits", () => {
    for (const form of ["+989121234567", "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "0098 912 123 4567"]) expect(displayPhone(form)).toBe("۰۹۱۲۱۲۳۴۵۶۷");
    expect(displayPhone("021-88001122")).toBe("۰۲۱-۸۸۰۰۱۱۲۲");
  });
});
