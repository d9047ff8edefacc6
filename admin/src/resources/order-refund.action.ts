import { canTransition, type OrderState } from "@mall/server/orders/order-state.js";
import { createGateways, type PaymentDeps } from "@mall/server/payments/gateway-drivers.js";
import { refundFacts, refundOrder, type RefundFacts } from "@mall/server/payments/refund.service.js";
import type { ActionContext, ActionHandler, ActionResponse, RecordActionResponse } from "adminjs";
import { Components } from "../components.js";
import { fieldError, recordNotFound, toAdminError } from "../errors.js";
import { boolean, text, type Params } from "./params.js";
import type { ResourceDeps } from "./service-resource.js";
import { parseTomans } from "@mall/locale";

/** Tomans as the merchant types them (any digits, separators) → Rials; what cannot be read is refused beside the field. */
function rialsOf(params: Params): number | undefined {
  const typed = text(params, "amount")?.trim();
  if (!typed) return undefined;
  const rials = parseTomans(typed);
  if (rials === null) throw fieldError("amount", "مبلغ را به تومان و با عدد وارد کنید.");
  return rials;
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
  let payments: PaymentDeps | undefined;
  const handler: ActionHandler<RecordActionResponse & { facts?: RefundFacts }> = async (request, _response, context) => {
    const { record, currentAdmin, h } = context;
    if (!record) throw recordNotFound();
    const access = await deps.access.of(currentAdmin);
    if (!access) throw recordNotFound();
    const orderId = String(record.id());
    const storeId = String(record.params.storeId);
    // Outside any transaction: the refund service opens its own around the gateway's reversal.
    const ctx = { manager: deps.platform.dataSource.manager, actor: access.actor, surface: "admin" as const };
    if (request.method !== "post") {
      let facts: RefundFacts;
      try {
        facts = await refundFacts(ctx, storeId, orderId);
      } catch (error) {
        throw toAdminError(error);
      }
      return { record: record.toJSON(currentAdmin), facts };
    }
    const payload = (request.payload ?? {}) as Params;
    let refund;
    try {
      if (text(payload, "confirmed") !== "true") throw fieldError("confirmed", "بازگرداندن وجه را تأیید کنید.");
      const method = text(payload, "method");
      if (method !== "gateway" && method !== "manual") throw fieldError("method", "روش بازگرداندن وجه را انتخاب کنید.");
      payments ??= { config: deps.platform.config, gateways: createGateways(deps.platform) };
      // The note's and the reference's limits are the service's to decide (the same error as through the API).
      refund = await refundOrder(ctx, payments, storeId, orderId, {
        method,
        amount: rialsOf(payload),
        restock: boolean(payload, "restock") ?? false,
        note: text(payload, "note"),
        reference: text(payload, "reference"),
      });
    } catch (error) {
      throw toAdminError(error);
    }
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
