import { flat } from "adminjs";
import { toLatinDigits } from "@mall/locale";

/**
 * Reading what an AdminJS form posted. The front end sends every value as
 * text, flattened (`values.0.hex`), with markers for null and empty lists;
 * these helpers give the services typed input, and leave anything they
 * cannot read as it came, so that the service's schema answers with its
 * Persian message for that field instead of the back office guessing one.
 */
export type Params = Record<string, unknown>;

const NULL_MARKERS = new Set(["__FORM_VALUE_NULL__", "null"]);

/** The posted params, nested (`{ values: [{ hex }] }`), whatever shape they came in. */
export function nested(params: Params): Params {
  return flat.unflatten(flat.flatten(params)) as Params;
}

export function has(params: Params, key: string): boolean {
  return params[key] !== undefined;
}

/** A text field; undefined when absent. */
export function text(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/** A text field that may be cleared: "" and the null marker are null. */
export function nullableText(params: Params, key: string): string | null | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (value === null || value === "" || NULL_MARKERS.has(String(value))) return null;
  return String(value);
}

/** Persian, Arabic-Indic and Latin digits alike, with thousands separators and spaces dropped. */
export function compactDigits(value: string): string {
  return toLatinDigits(value)
    .replace(/[\s,\u066C\u060C_]/g, "")
    .replace(/\u066B/g, ".");
}

/**
 * A whole number typed in any digits. Text that is not a number is passed
 * on as it is, for the service to refuse with its own message.
 */
export function integer(params: Params, key: string): number | string | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number") return value;
  const latin = compactDigits(String(value));
  return /^-?\d+(\.\d+)?$/.test(latin) ? Number(latin) : String(value);
}

/** Like integer, but "" and the null marker are null (a price that falls back to the product's). */
export function nullableInteger(params: Params, key: string): number | string | null | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (value === null || value === "" || NULL_MARKERS.has(String(value))) return null;
  return integer(params, key);
}

export function boolean(params: Params, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  return value === "true" || value === "1" || value === "on";
}

/** Keeps only the keys whose value is not undefined (a service reads "absent" as "unchanged"). */
export function defined<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
