import { describe, expect, it } from "vitest";
import {
  endOfJalaliDay,
  formatJalaliDate,
  formatJalaliDateTime,
  jalaliDayOf,
  parseJalaliDate,
  parseJalaliDateTime,
  startOfJalaliDay,
} from "./jalali.ts";

describe("Jalali dates in Tehran", () => {
  it("reads a date in any digits and separators, and refuses impossible ones", () => {
    expect(parseJalaliDate("1404/08/01")).toEqual({ jy: 1404, jm: 8, jd: 1 });
    expect(parseJalaliDate("۱۴۰۴/۸/۱")).toEqual({ jy: 1404, jm: 8, jd: 1 });
    expect(parseJalaliDate("1404-12-29")).toEqual({ jy: 1404, jm: 12, jd: 29 });
    expect(parseJalaliDate("1403/12/30")).toEqual({ jy: 1403, jm: 12, jd: 30 }); // 1403 is a leap year
    expect(parseJalaliDate("1404/12/30")).toBeNull();
    expect(parseJalaliDate("1404/13/01")).toBeNull();
    expect(parseJalaliDate("1404/07/31")).toBeNull();
    expect(parseJalaliDate("2025-10-23")).toBeNull();
    expect(parseJalaliDate("yesterday")).toBeNull();
  });

  it("starts a day at midnight Tehran time (UTC+3:30), and ends it at the next midnight", () => {
    // 1 Aban 1404 = 23 October 2025.
    expect(startOfJalaliDay({ jy: 1404, jm: 8, jd: 1 }).toISOString()).toBe("2025-10-22T20:30:00.000Z");
    expect(endOfJalaliDay({ jy: 1404, jm: 8, jd: 1 }).toISOString()).toBe("2025-10-23T20:30:00.000Z");
    // The last day of 1403 (leap) runs into Nowruz 1404.
    expect(endOfJalaliDay({ jy: 1403, jm: 12, jd: 30 }).toISOString()).toBe("2025-03-20T20:30:00.000Z");
    // Before 2022 Iran kept summer time (UTC+4:30): 1 Tir 1399 = 21 June 2020.
    expect(startOfJalaliDay({ jy: 1399, jm: 4, jd: 1 }).toISOString()).toBe("2020-06-20T19:30:00.000Z");
  });

  it("names the Tehran day an instant falls on, with Persian digits", () => {
    // 21:00 UTC on 22 October is already 00:30 on 1 Aban in Tehran.
    const at = new Date("2025-10-22T21:00:00Z");
    expect(jalaliDayOf(at)).toEqual({ jy: 1404, jm: 8, jd: 1 });
    expect(formatJalaliDate(at)).toBe("۱۴۰۴/۰۸/۰۱");
    expect(formatJalaliDate(at, { latin: true })).toBe("1404/08/01");
    expect(formatJalaliDateTime(at)).toBe("۱۴۰۴/۰۸/۰۱ ساعت ۰۰:۳۰");
    expect(formatJalaliDate(new Date("2025-10-22T20:29:59Z"))).toBe("۱۴۰۴/۰۷/۳۰");
  });
});

describe("Jalali date and time as merchants type it", () => {
  it("reads a date and a Tehran time in any digits, and what formatJalaliDateTime writes", () => {
    expect(parseJalaliDateTime("1404/09/01 14:30")?.toISOString()).toBe("2025-11-22T11:00:00.000Z");
    expect(parseJalaliDateTime("۱۴۰۴/۰۹/۰۱ ۱۴:۳۰")?.toISOString()).toBe("2025-11-22T11:00:00.000Z");
    expect(parseJalaliDateTime("١٤٠٤/٠٩/٠١ ١٤:٣٠")?.toISOString()).toBe("2025-11-22T11:00:00.000Z");
    expect(parseJalaliDateTime("1404/09/01")?.toISOString()).toBe("2025-11-21T20:30:00.000Z");
    const at = new Date("2025-11-22T11:00:00.000Z");
    expect(parseJalaliDateTime(formatJalaliDateTime(at))?.toISOString()).toBe(at.toISOString());
    expect(parseJalaliDateTime("1404/09/01 24:00")).toBeNull();
    expect(parseJalaliDateTime("1404/13/01 10:00")).toBeNull();
    expect(parseJalaliDateTime("tomorrow")).toBeNull();
  });
});
