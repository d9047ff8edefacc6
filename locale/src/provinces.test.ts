import { describe, expect, it } from "vitest";
import { cityInProvince, findCity, findProvince, PROVINCES } from "./provinces.ts";
import { normalisePostalCode, postalCodeProblem } from "./postal-code.ts";

describe("the provinces list", () => {
  it("has Iran's 31 provinces with unique ids and names, each with its capital first", () => {
    expect(PROVINCES).toHaveLength(31);
    expect(new Set(PROVINCES.map((p) => p.id)).size).toBe(31);
    expect(new Set(PROVINCES.map((p) => p.name)).size).toBe(31);
    const cityIds = PROVINCES.flatMap((p) => p.cities.map((c) => c.id));
    expect(new Set(cityIds).size).toBe(cityIds.length);
    expect(PROVINCES.every((p) => p.cities.length >= 5)).toBe(true);
    expect(findProvince(8)?.name).toBe("تهران");
    expect(findCity(801)).toMatchObject({ city: { name: "تهران" }, province: { id: 8 } });
    expect(findProvince(5)?.cities[0]?.name).toBe("کرج");
    expect(findProvince(11)?.cities[0]?.name).toBe("مشهد");
    expect(cityInProvince(1101, 11)).toBe(true);
    expect(cityInProvince(1101, 8)).toBe(false);
  });

  it("keeps the ids that stored addresses point at (never renumber)", () => {
    expect(PROVINCES.map((p) => `${p.id}:${p.name}`).slice(0, 8)).toEqual([
      "1:آذربایجان شرقی",
      "2:آذربایجان غربی",
      "3:اردبیل",
      "4:اصفهان",
      "5:البرز",
      "6:ایلام",
      "7:بوشهر",
      "8:تهران",
    ]);
    expect(findProvince(31)?.name).toBe("یزد");
  });
});

describe("Iranian postal codes", () => {
  it.each([
    ["1411713135", "1411713135"],
    ["۱۴۱۱۷۱۳۱۳۵", "1411713135"],
    ["١٤١١٧١٣١٣٥", "1411713135"],
    ["14117-13135", "1411713135"],
    [" ۸۱۷۴۶ ۷۳۴۴۱ ", "8174673441"],
    ["1311102000", "1311102000"],
  ])("accepts %j as %s", (input, expected) => {
    expect(normalisePostalCode(input)).toBe(expected);
    expect(postalCodeProblem(input)).toBeNull();
  });

  it.each([
    ["", "کد پستی را وارد کنید."],
    ["141171313", "کد پستی ۱۰ رقم است و فقط رقم دارد."],
    ["14117131355", "کد پستی ۱۰ رقم است و فقط رقم دارد."],
    ["1411A13135", "کد پستی ۱۰ رقم است و فقط رقم دارد."],
    ["0411713135", "پنج رقم اول"],
    ["1421713135", "پنج رقم اول"],
    ["1411013135", "پنج رقم اول"],
    ["۱۴۱۱۲۱۳۱۳۵", "پنج رقم اول"],
  ])("refuses %j", (input, why) => {
    expect(normalisePostalCode(input)).toBeNull();
    expect(postalCodeProblem(input)).toContain(why);
  });
});
