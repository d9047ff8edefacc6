import type { ReactNode } from "react";
import { displayPhone, formatJalaliDateTime, ORDER_STATE_LABELS, type OrderState } from "@mall/locale";

/** Small pieces the checkout, account and order islands share. */

export const primaryButton =
  "min-h-11 rounded-xl bg-[var(--c-primary)] px-6 py-3 font-bold text-[var(--c-primary-ink)] disabled:cursor-not-allowed disabled:opacity-50";
export const secondaryButton = "min-h-11 rounded-xl border border-[var(--c-line)] px-4 py-2 text-sm font-bold disabled:opacity-50";
export const card = "rounded-2xl border border-[var(--c-line)] bg-[var(--c-surface)] p-5";

export function inputClass(invalid: boolean): string {
  return `min-h-11 w-full rounded-lg border bg-white px-3 py-2 ${invalid ? "border-red-600" : "border-[var(--c-line)]"}`;
}

/** The server's Persian message, under the field it names. */
export function FieldError({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <span role="alert" className="mt-1 block text-sm text-red-700" data-testid="field-error">
      {message}
    </span>
  );
}

export function Alert({ children, tone = "warn" }: { children: ReactNode; tone?: "warn" | "error" | "info" }) {
  const colours = tone === "error" ? "bg-red-50 text-red-900" : tone === "info" ? "bg-sky-50 text-sky-900" : "bg-amber-50 text-amber-900";
  return (
    <div role="alert" className={`rounded-lg p-3 text-sm ${colours}`}>
      {children}
    </div>
  );
}

const STATE_TONES: Record<OrderState, string> = {
  pending_payment: "bg-amber-100 text-amber-900",
  paid: "bg-emerald-100 text-emerald-900",
  processing: "bg-sky-100 text-sky-900",
  shipped: "bg-indigo-100 text-indigo-900",
  delivered: "bg-emerald-100 text-emerald-900",
  cancelled: "bg-neutral-200 text-neutral-800",
  refunded: "bg-neutral-200 text-neutral-800",
};

export function StateBadge({ state }: { state: OrderState }) {
  return (
    <span data-testid="order-state" className={`inline-block rounded-full px-3 py-1 text-sm font-bold ${STATE_TONES[state]}`}>
      {ORDER_STATE_LABELS[state]}
    </span>
  );
}

/** `+989121234567` as shoppers write it: ۰۹۱۲۱۲۳۴۵۶۷. */
export function localPhone(phone: string): string {
  return displayPhone(phone);
}

export function jalaliDateTime(iso: string): string {
  return formatJalaliDateTime(new Date(iso));
}

/** A key for POST /orders that stays the same if the shopper presses again after a lost answer. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
