import { DomainError, ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from "../core/errors.js";
import { formatNumber } from "@mall/locale";

// ─── Paying ───────────────────────────────────────────────────────────────

export class PaymentNotFoundError extends NotFoundError {
  constructor() {
    super("پرداختی با این شناسه پیدا نشد.", "payment_not_found");
  }
}

/** The order is paid, cancelled or past its reservation. */
export class OrderNotPayableError extends DomainError {
  constructor() {
    super("conflict", "order_not_payable", "این سفارش دیگر در انتظار پرداخت نیست.", "orderId");
  }
}

export class GatewayNotAvailableError extends DomainError {
  constructor() {
    super("refused", "gateway_not_available", "این درگاه پرداخت در این فروشگاه فعال نیست؛ درگاه دیگری انتخاب کنید.", "gateway");
  }
}

/** The gateway refused to start the payment or did not answer; nothing was taken from the shopper. */
export class GatewayStartError extends ServiceUnavailableError {
  constructor() {
    super("درگاه پرداخت همین حالا پاسخ نداد؛ لطفاً چند لحظهٔ دیگر دوباره تلاش کنید یا درگاه دیگری انتخاب کنید.", "gateway_unavailable");
  }
}

// ─── Gateway settings ─────────────────────────────────────────────────────

export class GatewayNotConfiguredError extends NotFoundError {
  constructor() {
    super("اطلاعات این درگاه هنوز وارد نشده است.", "gateway_not_configured", "gateway");
  }
}

// ─── Refunds ──────────────────────────────────────────────────────────────

export class RefundNotFoundError extends NotFoundError {
  constructor() {
    super("این سفارش بازپرداختی ندارد.", "refund_not_found");
  }
}

export class AlreadyRefundedError extends ConflictError {
  constructor() {
    super("orderId", "مبلغ این سفارش پیش‌تر بازگردانده شده است.", "already_refunded");
  }
}

export class RefundInProgressError extends ConflictError {
  constructor() {
    super("orderId", "بازگرداندن مبلغ این سفارش همین حالا در جریان است؛ چند لحظهٔ دیگر صفحه را تازه کنید.", "refund_in_progress");
  }
}

export class NotRefundableError extends DomainError {
  constructor(stateLabel: string) {
    super("refused", "not_refundable", `سفارشی که «${stateLabel}» است پرداختی ندارد که بازگردانده شود.`, "orderId");
  }
}

/** The gateway answered that it will not reverse this payment (too late, already settled): a manual refund is the way left. */
export class ReversalRefusedError extends DomainError {
  constructor(gateway: string, code: string) {
    super(
      "conflict",
      "reversal_refused",
      `${gateway} برگشت این پرداخت را دیگر نمی‌پذیرد (کد ${code})؛ مبلغ را خودتان به خریدار بازگردانید و «بازپرداخت دستی» ثبت کنید.`,
      "method",
    );
  }
}

/** The gateway did not answer a reversal: nobody knows yet whether the money went back; the next request asks the gateway first. */
export class ReversalUnansweredError extends ServiceUnavailableError {
  constructor() {
    super(
      "درگاه پرداخت پاسخ نداد و معلوم نیست مبلغ برگشت یا نه؛ چند دقیقهٔ دیگر دوباره «برگشت از درگاه» را بزنید تا از درگاه پرسیده شود.",
      "gateway_unavailable",
    );
  }
}

/** A refund's note longer than the order history keeps (REFUND_NOTE_MAX_LENGTH). */
export class RefundNoteTooLongError extends ValidationError {
  constructor(max: number) {
    super("note", `توضیح حداکثر ${formatNumber(max)} نویسه است.`, "refund_note_too_long");
  }
}

/** A manual refund's bank reference longer than any bank's tracking number (REFUND_REFERENCE_MAX_LENGTH). */
export class RefundReferenceTooLongError extends ValidationError {
  constructor(max: number) {
    super("reference", `شمارهٔ پیگیری حداکثر ${formatNumber(max)} نویسه است.`, "refund_reference_too_long");
  }
}
