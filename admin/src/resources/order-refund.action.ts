import { canTransition, type OrderState } from "@mall/server/orders/order-state.js";
import { createGateways, type GatewayDrivers } from "@mall/server/payments/gateways.js";
import { GATEWAY_LABELS } from "@mall/server/payments/payment-state.js";
import { Payment } from "@mall/server/payments/payment.entity.js";
import { OrderRefund } from "@mall/server/payments/refund.entity.js";
import { refundOrder, type RefundInput } from "@mall/server/payments/refund.service.js";
import type { ActionContext, ActionHandler, ActionResponse, RecordActionResponse } from "adminjs";
import { Components } from "../components.js";
import { fieldError, recordNotFound, toAdminError } from "../errors.js";
import { boolean, latinDigits, text, type Params } from "./params.js";
import type { ResourceDeps } from "./service-resource.js";

/** What the refund form shows before anything is posted. */
export interface RefundFacts {
  /** Rials the order was paid. */
  paidAmount: number;
  /** The online payment a gateway may still reverse, if the order has one. */
  online: { gateway: string; label: string; reference: string | null } | null;
  /** Whether the order's items are still counted out of stock (paid, processing) or have left the shop (shipped, delivered). */
  shipped: boolean;
}

/** Tomans as the merchant types them (any digits, separators) → Rials; what cannot be read is refused beside the field. */
function rialsOf(params: Params): number | undefined {
  const typed = text(params, "amount")?.replace(/[\s,٬،_]/g, "").replace(/تومان/g, "");
  if (!typed) return undefined;
  const digits = latinDigits(typed);
  if (!/^\d+$/.test(digits)) throw fieldError("amount", "مبلغ را به تومان و با عدد وارد کنید.");
  return Number(digits) * 10;
}

/**
 * The order's «بازگرداندن وجه» action, through the refund service: reversal
 * at the gateway where it still allows it, otherwise a recorded manual
 * refund; the merchant chooses whether the items go back in stock, and
 * confirms in Persian before anything is posted (components/order-refund.ts).
 * Another store's order is "not found" (the record is read within the
 * person's stores, and the service checks `store.manage` again).
 */
export function refundAction(deps: ResourceDeps) {
  let gateways: GatewayDrivers | undefined;
  const handler: ActionHandler<RecordActionResponse & { facts?: RefundFacts }> = async (request, _response, context) => {
    const { record, currentAdmin, h } = context;
    if (!record) throw recordNotFound();
    const access = await deps.access.of(currentAdmin);
    if (!access) throw recordNotFound();
    const orderId = String(record.id());
    const storeId = String(record.params.storeId);
    const { manager } = deps.platform.dataSource;
    if (request.method !== "post") {
      const payment = await manager.findOneBy(Payment, { storeId, orderId, state: "paid" });
      const facts: RefundFacts = {
        paidAmount: Number(record.params.total),
        online: payment ? { gateway: payment.gateway, label: GATEWAY_LABELS[payment.gateway], reference: payment.reference } : null,
        shipped: ["shipped", "delivered"].includes(String(record.params.state)),
      };
      return { record: record.toJSON(currentAdmin), facts };
    }
    const payload = (request.payload ?? {}) as Params;
    try {
      if (text(payload, "confirmed") !== "true") throw fieldError("confirmed", "بازگرداندن وجه را تأیید کنید.");
      const method = text(payload, "method");
      if (method !== "gateway" && method !== "manual") throw fieldError("method", "روش بازگرداندن وجه را انتخاب کنید.");
      const input: RefundInput = {
        method,
        amount: rialsOf(payload),
        restock: boolean(payload, "restock") ?? false,
        note: text(payload, "note")?.slice(0, 501),
        reference: text(payload, "reference"),
      };
      if (input.note && input.note.trim().length > 500) throw fieldError("note", "توضیح حداکثر ۵۰۰ نویسه است.");
      if (input.reference && input.reference.trim().length > 100) throw fieldError("reference", "شمارهٔ پیگیری حداکثر ۱۰۰ نویسه است.");
      gateways ??= createGateways(deps.platform);
      await refundOrder({ dataSource: deps.platform.dataSource, config: deps.platform.config, gateways }, { actor: access.actor, surface: "admin" }, storeId, orderId, input);
    } catch (error) {
      throw toAdminError(error);
    }
    const refund = await manager.findOneByOrFail(OrderRefund, { storeId, orderId });
    return {
      record: record.toJSON(currentAdmin),
      notice: { message: refund.method === "gateway" ? "refundReversed" : "refundRecorded", type: "success" },
      redirectUrl: h.recordActionUrl({ resourceId: "orders", recordId: orderId, actionName: "show" }),
    } as ActionResponse as RecordActionResponse;
  };
  return {
    actionType: "record" as const,
    icon: "RotateCcw",
    variant: "danger" as const,
    component: Components.OrderRefund,
    // Shown where the table allows a refund; a request for any other order still reaches the service, which refuses it in Persian.
    isVisible: (context: ActionContext) => {
      const state = context.record?.params.state as OrderState | undefined;
      return Boolean(state && canTransition(state, "refunded"));
    },
    handler,
  };
}
