import { GATEWAYS, type GatewayName } from "@mall/locale";

/**
 * The payment attempt's life cycle: ONE transition table (STYLE.md). The
 * service moves a payment only with a conditional `UPDATE … WHERE state = <from>`,
 * so of two callbacks (or a callback and the reconciliation job) exactly one
 * wins each move and the other changes nothing.
 *
 *   created → redirected → verifying → paid | failed | reversed
 *   created → failed        (the gateway refused to start)
 *   redirected → failed     (the shopper cancelled: nothing was taken)
 *   paid → reversed         (settlement failed after the order was paid)
 */
export const PAYMENT_STATES = ["created", "redirected", "verifying", "paid", "failed", "reversed"] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  created: ["redirected", "failed"],
  redirected: ["verifying", "failed"],
  verifying: ["paid", "failed", "reversed"],
  paid: ["reversed"],
  failed: [],
  reversed: [],
};

export function canMovePayment(from: PaymentState, to: PaymentState): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

/** The gateways Mall speaks and what shoppers read for them (@mall/locale). */
export { GATEWAY_LABELS, GATEWAYS, type GatewayName } from "@mall/locale";

/** The gateways a store enters credentials for; the sandbox is on or off for the whole installation (PAYMENT_SANDBOX), with nothing to enter. */
export const CONFIGURABLE_GATEWAYS = GATEWAYS.filter((gateway): gateway is Exclude<GatewayName, "sandbox"> => gateway !== "sandbox");
export type ConfigurableGateway = (typeof CONFIGURABLE_GATEWAYS)[number];

/**
 * Why a payment did not complete, in Persian for the result page. The codes
 * are ours (stable across gateways); the gateway's own code is kept beside
 * them in `gateway_code`.
 */
export const FAILURE_MESSAGES = {
  cancelled: "پرداخت را لغو کردید؛ مبلغی از حساب شما کسر نشد.",
  declined: "بانک پرداخت را تأیید نکرد؛ اگر مبلغی کسر شده باشد، تا ۷۲ ساعت به حساب شما بازمی‌گردد.",
  amount_mismatch: "مبلغ پرداخت‌شده با مبلغ سفارش یکی نبود؛ مبلغ به حساب شما بازگردانده شد.",
  order_not_payable: "مهلت پرداخت این سفارش پیش از تأیید بانک تمام شده بود؛ مبلغ به حساب شما بازگردانده شد.",
  settle_failed: "تسویه با بانک انجام نشد؛ مبلغ به حساب شما بازگردانده شد.",
  gateway_error: "درگاه پرداخت پاسخ نداد؛ لطفاً دوباره تلاش کنید.",
  tampered: "اطلاعات بازگشتی از درگاه معتبر نبود.",
} as const;
export type FailureCode = keyof typeof FAILURE_MESSAGES;
