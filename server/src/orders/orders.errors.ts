import { DomainError, ConflictError, NotFoundError, ValidationError } from "../core/errors.js";
import { ORDER_STATE_LABELS, type OrderState } from "./order-state.js";
import { formatNumber } from "@mall/locale";

export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super("سفارشی با این شناسه در این فروشگاه پیدا نشد.", "order_not_found");
  }
}

export class ShippingMethodNotFoundError extends NotFoundError {
  constructor(field?: string) {
    super("روش ارسالی با این شناسه در این فروشگاه پیدا نشد.", "shipping_method_not_found", field);
  }
}

export class AddressNotFoundError extends NotFoundError {
  constructor(field?: string) {
    super("نشانی‌ای با این شناسه پیدا نشد.", "address_not_found", field);
  }
}

/** A move the transition table does not allow (order-state.ts). */
export class InvalidTransitionError extends DomainError {
  constructor(from: OrderState, to: OrderState) {
    super(
      "refused",
      "invalid_transition",
      `سفارشی که «${ORDER_STATE_LABELS[from]}» است را نمی‌توان به «${ORDER_STATE_LABELS[to]}» برد.`,
      "to",
    );
  }
}

/** Money was paid: giving it back (and calling the order off) is the refund service's, never a bare state change. */
export class RefundRequiredError extends DomainError {
  constructor() {
    super(
      "refused",
      "refund_required",
      "این سفارش پرداخت شده است؛ برای لغو آن مبلغ را از «بازگرداندن مبلغ» به خریدار برگردانید (درگاه یا ثبت بازپرداخت دستی).",
      "to",
    );
  }
}

/** Someone else moved the order between our read and our write; the first one wins. */
export class OrderStateChangedError extends DomainError {
  constructor() {
    super("conflict", "invalid_transition", "وضعیت این سفارش همین حالا تغییر کرد؛ صفحه را تازه کنید و دوباره تلاش کنید.", "to");
  }
}

/** A line asks for more than the shelf holds (at the moment of the atomic reservation). */
export class OrderStockError extends ConflictError {
  constructor(field: string, productName: string, available: number | null) {
    super(
      field,
      available && available > 0
        ? `از «${productName}» فقط ${formatNumber(available)} عدد موجود است؛ تعداد را کم کنید.`
        : `«${productName}» دیگر موجود نیست؛ آن را از سبد خرید بردارید.`,
      "insufficient_stock",
    );
  }
}

/** An item that cannot be bought any more: unknown, or the product or this model was withdrawn. */
export class NotSoldError extends DomainError {
  constructor(field: string) {
    super("refused", "not_sold", "این کالا دیگر فروخته نمی‌شود؛ آن را از سبد خرید بردارید.", field);
  }
}

export class ShippingNotAvailableError extends DomainError {
  constructor(field = "shippingMethodId") {
    super("refused", "shipping_not_available", "این روش ارسال برای نشانی انتخاب‌شده در دسترس نیست؛ روش دیگری انتخاب کنید.", field);
  }
}

/** The total the shopper reviewed is not the total now (a price or shipping cost changed in between). */
export class TotalChangedError extends ConflictError {
  constructor(total: string) {
    super("expectedTotal", `مبلغ سفارش تغییر کرده و اکنون ${total} است؛ لطفاً سبد خرید را دوباره بررسی کنید.`, "total_changed");
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      "refused",
      "idempotency_key_reused",
      "این کلید تکرار (Idempotency-Key) پیش‌تر برای سفارش دیگری با محتوای متفاوت به کار رفته است؛ برای سفارش تازه کلید تازه بفرستید.",
      "Idempotency-Key",
    );
  }
}

export class TooManyAddressesError extends ValidationError {
  constructor(max: number) {
    super("address", `حداکثر ${formatNumber(max)} نشانی می‌توانید نگه دارید؛ یکی از نشانی‌های قدیمی را حذف کنید.`, "too_many_addresses");
  }
}
