import type { z } from "zod";
import type { GatewaySetting } from "./gateway-settings.service.js";
import { FAILURE_MESSAGES } from "./payment-state.js";
import type { Payment } from "./payment.entity.js";
import type { gatewaySettingSchema, paymentSchema, refundSchema } from "./payments.schemas.js";
import type { OrderRefund } from "./refund.entity.js";

/** A payment as its shopper reads it: the reference only once paid, and why it failed in Persian. */
export function presentPayment(payment: Payment): z.input<typeof paymentSchema> {
  return {
    id: payment.id,
    orderId: payment.orderId,
    gateway: payment.gateway,
    state: payment.state,
    amount: payment.amount,
    reference: payment.state === "paid" ? payment.reference : null,
    cardPan: payment.cardPan,
    failureCode: payment.failureCode,
    failureMessage: payment.failureCode && payment.state !== "paid" ? FAILURE_MESSAGES[payment.failureCode] : null,
  };
}

export function presentRefund(refund: OrderRefund): z.input<typeof refundSchema> {
  return {
    id: refund.id,
    orderId: refund.orderId,
    paymentId: refund.paymentId,
    method: refund.method,
    status: refund.status,
    amount: refund.amount,
    restock: refund.restock,
    note: refund.note,
    reference: refund.reference,
    actorUserId: refund.actorUserId,
    createdAt: refund.createdAt.toISOString(),
    completedAt: refund.completedAt?.toISOString() ?? null,
  };
}

/** A gateway's setting: hints of the credentials, never the values. */
export function presentGatewaySetting(setting: GatewaySetting): z.input<typeof gatewaySettingSchema> {
  return { ...setting, updatedAt: setting.updatedAt?.toISOString() ?? null };
}
