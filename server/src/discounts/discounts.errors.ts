import { ConflictError, DomainError, NotFoundError, type ErrorKind } from "../core/errors.js";
import { formatJalaliDateTime, formatNumber, formatToman } from "@mall/locale";

/**
 * Why a discount code cannot be used, in Persian, naming the `discountCode`
 * field. The cart check reports them in its answer; placing an order refuses
 * with them (and then nothing is placed).
 */
export class DiscountCodeError extends DomainError {
  constructor(code: string, message: string, kind: ErrorKind = "refused") {
    super(kind, code, message, "discountCode");
  }
}

export const discountInvalid = () => new DiscountCodeError("discount_invalid", "کد تخفیف معتبر نیست.");
export const discountNotStarted = (startsAt: Date) =>
  new DiscountCodeError(
    "discount_not_started",
    `این کد تخفیف هنوز فعال نشده است؛ از ${formatJalaliDateTime(startsAt)} می‌توانید از آن استفاده کنید.`,
  );
export const discountExpired = () => new DiscountCodeError("discount_expired", "کد تخفیف منقضی شده است.");
/** A conflict: the code was good when the shopper looked, and others used it up since (or in the same instant). */
export const discountExhausted = () =>
  new DiscountCodeError("discount_exhausted", "ظرفیت استفاده از این کد تخفیف تمام شده است؛ سفارش را بدون آن ثبت کنید.", "conflict");
export const discountCustomerLimit = (limit: number) =>
  new DiscountCodeError(
    "discount_customer_limit",
    limit === 1
      ? "شما پیش‌تر از این کد تخفیف استفاده کرده‌اید."
      : `شما ${formatNumber(limit)} بار از این کد تخفیف استفاده کرده‌اید و بیش از این ممکن نیست.`,
  );
export const discountMinAmount = (minimum: number) =>
  new DiscountCodeError("discount_min_amount", `این کد تخفیف برای خرید از ${formatToman(minimum)} به بالاست.`);
export const discountNotApplicable = () =>
  new DiscountCodeError("discount_not_applicable", "این کد تخفیف شامل کالاهای سبد خرید شما نمی‌شود.");

/** An automatic promotion the shopper saw ended (or ran out) before the order was placed. */
export class PromotionEndedError extends ConflictError {
  constructor(title: string) {
    super("items", `تخفیف «${title}» همین حالا به پایان رسید؛ سبد خرید را دوباره ببینید و سفارش را ثبت کنید.`, "promotion_ended");
  }
}

export class DiscountNotFoundError extends NotFoundError {
  constructor() {
    super("تخفیفی با این شناسه در این فروشگاه پیدا نشد.", "discount_not_found");
  }
}

export class DiscountCodeTakenError extends ConflictError {
  constructor() {
    super("code", "این کد تخفیف در فروشگاه شما تعریف شده است (بزرگی و کوچکی حروف و نوع رقم‌ها فرقی نمی‌کند).", "discount_code_taken");
  }
}
