import { isValidJalaaliDate, toGregorian, toJalaali } from "jalaali-js";
import { toLatinDigits, toPersianDigits } from "./digits.ts";

/**
 * Jalali dates in Tehran's time: how merchants filter orders and how
 * invoices, order pages and SMS show dates. Pure (jalaali-js and Intl only),
 * so the store site uses the same functions.
 */

export const TEHRAN = "Asia/Tehran";

/**
 * Made on first use, not when the module loads: a time-zone formatter costs
 * about 40 ms of a browser's main thread, and every store page that shows a
 * price loads this package.
 */
let wallClock: Intl.DateTimeFormat | undefined;
function tehranClock(): Intl.DateTimeFormat {
  return (wallClock ??= new Intl.DateTimeFormat("en-US", {
    timeZone: TEHRAN,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }));
}

/** Tehran's wall clock at an instant, as numbers (Gregorian). */
function tehranParts(at: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(
    tehranClock()
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Tehran's offset from UTC at an instant, in ms (+3:30 today; +4:30 in the summers before 2022). */
function tehranOffsetMs(at: Date): number {
  const p = tehranParts(at);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000;
}

export interface JalaliDay {
  jy: number;
  jm: number;
  jd: number;
}

/**
 * Reads `1404/08/01` (also `1404-8-1`, Persian or Arabic digits); null when
 * it is not a real Jalali date.
 */
export function parseJalaliDate(input: string): JalaliDay | null {
  const match = /^\s*(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})\s*$/.exec(toLatinDigits(input));
  if (!match) return null;
  const [jy, jm, jd] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (jy < 1300 || jy > 1600 || !isValidJalaaliDate(jy, jm, jd)) return null;
  return { jy, jm, jd };
}

/** The instant a Jalali day starts in Tehran (00:00 Asia/Tehran). */
export function startOfJalaliDay(day: JalaliDay): Date {
  const { gy, gm, gd } = toGregorian(day.jy, day.jm, day.jd);
  const midnightAsUtc = Date.UTC(gy, gm - 1, gd);
  // Two rounds settle it even on the day a (former) daylight-saving change happened.
  let instant = midnightAsUtc - tehranOffsetMs(new Date(midnightAsUtc));
  instant = midnightAsUtc - tehranOffsetMs(new Date(instant));
  return new Date(instant);
}

/** The instant the next Jalali day starts: the exclusive end of a range «to 1404/08/30». */
export function endOfJalaliDay(day: JalaliDay): Date {
  const start = startOfJalaliDay(day);
  // 26 hours later is always within the next day; then back to that day's midnight.
  const p = tehranParts(new Date(start.getTime() + 26 * 3600_000));
  const next = toJalaali(p.year, p.month, p.day);
  return startOfJalaliDay(next);
}

/** The Jalali day an instant falls on in Tehran. */
export function jalaliDayOf(at: Date): JalaliDay {
  const p = tehranParts(at);
  return toJalaali(p.year, p.month, p.day);
}

const pad = (value: number) => String(value).padStart(2, "0");

/** `۱۴۰۴/۰۸/۰۱` in Tehran; `latin: true` gives `1404/08/01` (filters, CSV). */
export function formatJalaliDate(at: Date, options: { latin?: boolean } = {}): string {
  const { jy, jm, jd } = jalaliDayOf(at);
  const text = `${jy}/${pad(jm)}/${pad(jd)}`;
  return options.latin ? text : toPersianDigits(text);
}

/** `۱۴۰۴/۰۸/۰۱ ساعت ۱۴:۰۵` in Tehran. */
export function formatJalaliDateTime(at: Date): string {
  const p = tehranParts(at);
  return `${formatJalaliDate(at)} ساعت ${toPersianDigits(`${pad(p.hour)}:${pad(p.minute)}`)}`;
}

/**
 * Reads a Jalali date and Tehran wall-clock time as merchants type them:
 * `1404/09/01 14:30`, `۱۴۰۴/۰۹/۰۱ ساعت ۱۴:۳۰` (what formatJalaliDateTime
 * writes), or a date alone (its midnight). Null when it is not a real moment.
 */
export function parseJalaliDateTime(input: string): Date | null {
  const match = /^\s*(\S+?)(?:\s+(?:ساعت\s+)?(\d{1,2}):(\d{2}))?\s*$/.exec(toLatinDigits(input));
  if (!match) return null;
  const day = parseJalaliDate(match[1]!);
  if (!day) return null;
  const [hour, minute] = [Number(match[2] ?? 0), Number(match[3] ?? 0)];
  if (hour > 23 || minute > 59) return null;
  // Iran keeps +3:30 all year since 2022, so a day's midnight plus the wall-clock time is the moment.
  return new Date(startOfJalaliDay(day).getTime() + (hour * 60 + minute) * 60_000);
}
