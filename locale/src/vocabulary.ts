import { formatNumber } from "./digits.ts";

/**
 * The Persian words for the platform's states and kinds that shoppers and
 * merchants read: one source for the server (orders, payments, SMS,
 * invoices), the back office and the store sites' islands. The domains keep
 * their rules (transition tables) and take the lists and types from here.
 */

/** An order's life cycle states (orders/order-state.ts holds the transitions). */
export const ORDER_STATES = ["pending_payment", "paid", "processing", "shipped", "delivered", "cancelled", "refunded"] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_STATE_LABELS: Readonly<Record<OrderState, string>> = {
  pending_payment: "در انتظار پرداخت",
  paid: "پرداخت‌شده",
  processing: "در حال آماده‌سازی",
  shipped: "ارسال‌شده",
  delivered: "تحویل‌شده",
  cancelled: "لغوشده",
  refunded: "مبلغ بازگردانده شد",
};

/** How Iranian shops send parcels. */
export const SHIPPING_KINDS = ["post_pishtaz", "post_sefareshi", "tipax", "courier", "pickup"] as const;
export type ShippingKind = (typeof SHIPPING_KINDS)[number];

export const SHIPPING_KIND_LABELS: Readonly<Record<ShippingKind, string>> = {
  post_pishtaz: "پست پیشتاز",
  post_sefareshi: "پست سفارشی",
  tipax: "تیپاکس",
  courier: "پیک",
  pickup: "تحویل حضوری",
};

/** The gateways Mall speaks; `sandbox` is our own local payment page. */
export const GATEWAYS = ["sandbox", "zarinpal", "mellat", "saman", "parsian"] as const;
export type GatewayName = (typeof GATEWAYS)[number];

export const GATEWAY_LABELS: Readonly<Record<GatewayName, string>> = {
  sandbox: "درگاه آزمایشی",
  zarinpal: "زرین‌پال",
  mellat: "به‌پرداخت ملت",
  saman: "سامان (سپ)",
  parsian: "پارسیان (پک)",
};

/** What a person reads when they must wait before trying again (rate limits), with the seconds to wait. */
export function tooManyRequestsMessage(retryAfterSeconds: number): string {
  return `تعداد درخواست‌ها زیاد است؛ لطفاً ${formatNumber(retryAfterSeconds, { grouping: false })} ثانیهٔ دیگر دوباره تلاش کنید.`;
}
