import { jalaaliMonthLength, toGregorian, toJalaali } from "jalaali-js";
import type { JalaliDay } from "@mall/locale";

/**
 * Jalali ranges and buckets over Tehran days. A day is named by its Gregorian
 * date (`YYYY-MM-DD`, what the daily rows store); weeks start on Saturday, as
 * the Iranian week does; months are Jalali months. Pure, no time zone maths:
 * the day boundaries are PostgreSQL's (daily-stats.ts).
 */

export type Granularity = "day" | "week" | "month";

export interface Bucket {
  /** Stable id: `1405-09-01` (day and week: the first day in the range), `1405-09` (month). */
  key: string;
  /** First and last Tehran day of the bucket inside the range (Gregorian `YYYY-MM-DD`). */
  startDay: string;
  endDay: string;
  /** Jalali, Latin digits: `1405/09/01`, or `1405/09/01 تا 1405/09/07`, or `آذر 1405`. */
  label: string;
}

export const JALALI_MONTHS = [
  "فروردین",
  "اردیبهشت",
  "خرداد",
  "تیر",
  "مرداد",
  "شهریور",
  "مهر",
  "آبان",
  "آذر",
  "دی",
  "بهمن",
  "اسفند",
] as const;

const pad = (value: number) => String(value).padStart(2, "0");

export function gregorianDayOf(day: JalaliDay): string {
  const { gy, gm, gd } = toGregorian(day.jy, day.jm, day.jd);
  return `${gy}-${pad(gm)}-${pad(gd)}`;
}

export function jalaliOfDay(day: string): JalaliDay {
  const [gy, gm, gd] = day.split("-").map(Number) as [number, number, number];
  return toJalaali(gy, gm, gd);
}

/** `1405/09/01`. */
export function jalaliText(day: JalaliDay): string {
  return `${day.jy}/${pad(day.jm)}/${pad(day.jd)}`;
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (0 when equal). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Saturday = 0 … Friday = 6. */
function iranWeekday(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 1) % 7;
}

/** The range's buckets, in order, each clipped to `[from, to]` (Gregorian Tehran days). */
export function buckets(from: string, to: string, granularity: Granularity): Bucket[] {
  const result: Bucket[] = [];
  let start = from;
  while (start <= to) {
    let end: string;
    if (granularity === "day") end = start;
    else if (granularity === "week") end = addDays(start, 6 - iranWeekday(start));
    else {
      const j = jalaliOfDay(start);
      end = gregorianDayOf({ jy: j.jy, jm: j.jm, jd: jalaaliMonthLength(j.jy, j.jm) });
    }
    if (end > to) end = to;
    const first = jalaliOfDay(start);
    const last = jalaliOfDay(end);
    const key = granularity === "month" ? `${first.jy}-${pad(first.jm)}` : `${first.jy}-${pad(first.jm)}-${pad(first.jd)}`;
    const label =
      granularity === "day"
        ? jalaliText(first)
        : granularity === "week"
          ? `${jalaliText(first)} تا ${jalaliText(last)}`
          : `${JALALI_MONTHS[first.jm - 1]} ${first.jy}`;
    result.push({ key, startDay: start, endDay: end, label });
    start = addDays(end, 1);
  }
  return result;
}

/** The bucket index of each day of the range, for summing daily rows into buckets. */
export function bucketIndex(list: readonly Bucket[]): (day: string) => number {
  return (day) => {
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const bucket = list[mid]!;
      if (day < bucket.startDay) high = mid - 1;
      else if (day > bucket.endDay) low = mid + 1;
      else return mid;
    }
    return -1;
  };
}

/** Today in Tehran as a Gregorian day. */
export function tehranToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tehran", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export { addDays };
