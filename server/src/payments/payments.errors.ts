import { AppError, NotFoundError, ServiceUnavailableError } from "../http/errors.js";

export class PaymentNotFoundError extends NotFoundError {
  constructor() {
    super("پرداختی با این شناسه پیدا نشد.", "payment_not_found");
  }
}

/** The order is paid, cancelled or past its reservation. */
export class OrderNotPayableError extends AppError {
  constructor() {
    super(409, "order_not_payable", "این سفارش دیگر در انتظار پرداخت نیست.", "orderId");
  }
}

export class GatewayNotAvailableError extends AppError {
  constructor() {
    super(422, "gateway_not_available", "این درگاه پرداخت در این فروشگاه فعال نیست؛ درگاه دیگری انتخاب کنید.", "gateway");
  }
}

/** The gateway refused to start the payment or did not answer; nothing was taken from the shopper. */
export class GatewayStartError extends ServiceUnavailableError {
  constructor() {
    super("درگاه پرداخت همین حالا پاسخ نداد؛ لطفاً چند لحظهٔ دیگر دوباره تلاش کنید یا درگاه دیگری انتخاب کنید.", "gateway_unavailable");
  }
}
