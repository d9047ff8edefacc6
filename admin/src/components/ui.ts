/**
 * What every back-office component shares. These files are browser code,
 * bundled by AdminJS (bundle.ts) with React, AdminJS and its design system
 * as globals. They are written without JSX and typed without the DOM
 * library so that the repository's one TypeScript configuration checks them
 * along with the server: the few browser objects they touch are typed here.
 */
import React, { type ComponentType, type ReactNode } from "react";
import { displayPhone, formatNumber, formatToman } from "@mall/locale";
// Persian defaults for what AdminJS draws itself, applied as the components bundle loads.
import "./persian-page.js";

export const h = React.createElement;
export { formatToman };

/** A design-system component, typed loosely: its own types live in a package the repository does not resolve. */
type Loose = ComponentType<Record<string, unknown> & { children?: ReactNode }>;

interface DesignSystem {
  Box: Loose;
  Button: Loose;
  Input: Loose;
  Label: Loose;
  FormGroup: Loose;
  FormMessage: Loose;
  MessageBox: Loose;
  H2: Loose;
  H3: Loose;
  H4: Loose;
  H5: Loose;
  Text: Loose;
  Badge: Loose;
  Loader: Loose;
  ValueGroup: Loose;
  Table: Loose;
  TableHead: Loose;
  TableBody: Loose;
  TableRow: Loose;
  TableCell: Loose;
  Link: Loose;
  Icon: Loose;
  CheckBox: Loose;
  Illustration: Loose;
}

/** AdminJS's design system, from the global its bundle defines. */
export const DS = (globalThis as unknown as { AdminJSDesignSystem: DesignSystem }).AdminJSDesignSystem;

/** The browser objects the components use. */
export interface Browser {
  location: { assign(url: string): void; reload(): void; search: string };
  REDUX_STATE?: { paths?: { rootPath?: string } };
  __APP_STATE__?: { action?: string; errorMessage?: string | null };
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
}
export const browser = globalThis as unknown as Browser;

/** The back office's root (`/admin`). */
export function rootPath(): string {
  return browser.REDUX_STATE?.paths?.rootPath ?? "/admin";
}

/** An input's current text, from a change event (typed without the DOM library). */
export function valueOf(event: unknown): string {
  return String((event as { target: { value: unknown } }).target.value ?? "");
}

export function checkedOf(event: unknown): boolean {
  return Boolean((event as { target: { checked: unknown } }).target.checked);
}

/** A file chosen in a file input. */
export function fileOf(event: unknown): Blob | null {
  const files = (event as { target: { files?: ArrayLike<Blob> | null } }).target.files;
  return files && files.length > 0 ? (files[0] ?? null) : null;
}

export function prevent(event: unknown): void {
  (event as { preventDefault(): void }).preventDefault();
}

/** A count in Persian digits with the Persian thousands separator. */
export function faNumber(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const number = Number(value);
  return Number.isFinite(number) ? formatNumber(number) : String(value);
}

/** Rials as Tomans through the platform's one formatter; "—" for none. */
export function toman(rials: unknown): string {
  if (rials === null || rials === undefined || rials === "") return "—";
  const number = Number(rials);
  return Number.isSafeInteger(number) ? formatToman(number) : String(rials);
}

const DATE_TIME = new Intl.DateTimeFormat("fa-IR-u-ca-persian", {
  timeZone: "Asia/Tehran",
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const DATE = new Intl.DateTimeFormat("fa-IR-u-ca-persian", { timeZone: "Asia/Tehran", year: "numeric", month: "long", day: "numeric" });

/** A moment in the Jalali calendar at Tehran time: «۵ آذر ۱۴۰۵، ساعت ۱۴:۳۰». */
export function jalali(value: unknown, withTime = true): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  return (withTime ? DATE_TIME : DATE).format(date);
}

const PARTS = new Intl.DateTimeFormat("fa-IR-u-ca-persian", {
  timeZone: "Asia/Tehran",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});

/** ICU orders Persian-calendar dates year first («۱۴۰۵ آذر ۴»); people write them day first. */
function parts(date: Date): Record<string, string> {
  return Object.fromEntries(PARTS.formatToParts(date).map((part) => [part.type, part.value]));
}

/** «چهارشنبه ۴ آذر ۱۴۰۵» */
export function jalaliDay(date: Date): string {
  const { weekday, day, month, year } = parts(date);
  return `${weekday} ${day} ${month} ${year}`;
}

/** «آذر ۱۴۰۵» */
export function jalaliMonth(date: Date): string {
  const { month, year } = parts(date);
  return `${month} ${year}`;
}

/** A property's value wrapped for its place: with its label on a show page, bare in a list. */
export function placed(where: string, label: string, content: ReactNode): ReactNode {
  return where === "show" ? h(DS.ValueGroup, { label }, content) : content;
}

/** A small coloured swatch for a color attribute value. */
export function swatch(hex: string | null | undefined, key?: string): ReactNode {
  if (!hex) return null;
  return h("span", { key, className: "mall-swatch", style: { backgroundColor: hex }, title: hex });
}

/**
 * A file picker with a Persian button: the browser's own file input speaks
 * the browser's language, so it is hidden behind a label that opens it.
 */
export function filePicker(props: {
  id: string;
  name: string;
  accept: string;
  disabled?: boolean;
  label: string;
  onChange: (event: unknown) => void;
}): ReactNode {
  return h(
    "label",
    { htmlFor: props.id, className: `mall-file${props.disabled ? " mall-file--busy" : ""}` },
    h("input", {
      id: props.id,
      name: props.name,
      type: "file",
      accept: props.accept,
      disabled: props.disabled,
      onChange: props.onChange,
      className: "mall-file__input",
    }),
    props.label,
  );
}

/** `+989121234567` → «۰۹۱۲۱۲۳۴۵۶۷» (@mall/locale's one phone format). */
export function persianPhone(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return displayPhone(String(value));
}
