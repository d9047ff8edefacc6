import { displayPhone } from "@mall/locale";
import { usersByIds } from "@mall/server/identity/user.service.js";
import { allowedTo } from "../access.js";
import { orderInvoice } from "@mall/server/orders/invoice.js";
import { canMoveByHand, ORDER_STATES, type OrderState } from "@mall/server/orders/order-state.js";
import { Order } from "@mall/server/orders/order.entity.js";
import { getStoreOrder, transitionOrder } from "@mall/server/orders/order.service.js";
import { retryTransaction } from "@mall/server/orders/retry.js";
import { TRACKED_KINDS } from "@mall/server/orders/shipping-kinds.js";
import type { ServiceContext } from "@mall/server/core/context.js";
import type { ActionContext, ActionHandler, ParamsType, RecordActionResponse, ResourceWithOptions } from "adminjs";
import type { Access } from "../access.js";
import { historyAction } from "./audit.resource.js";
import { Components } from "../components.js";
import { fieldError, recordNotFound } from "../errors.js";
import { hidden, nobody, readOnly, showOnly, storeReference, timestamps, toman } from "../features/properties.js";
import { refundAction } from "./order-refund.action.js";
import { text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope } from "./service-resource.js";

/** What the back office calls each state (the merchant's words). */
export const ORDER_STATE_NAMES: Readonly<Record<OrderState, string>> = {
  pending_payment: "در انتظار پرداخت",
  paid: "پرداخت‌شده",
  processing: "در حال آماده‌سازی",
  shipped: "ارسال‌شده",
  delivered: "تحویل‌شده",
  cancelled: "لغوشده",
  refunded: "مرجوع‌شده",
};

/** The record actions that move an order, one per target state. */
export const TRANSITION_ACTIONS: ReadonlyArray<{ name: string; to: OrderState; icon: string; variant: "primary" | "danger" | "success" }> =
  [
    { name: "markPaid", to: "paid", icon: "CreditCard", variant: "success" },
    { name: "startProcessing", to: "processing", icon: "Package", variant: "primary" },
    { name: "ship", to: "shipped", icon: "Truck", variant: "primary" },
    { name: "deliver", to: "delivered", icon: "CheckCircle", variant: "success" },
    { name: "cancel", to: "cancelled", icon: "XCircle", variant: "danger" },
  ];

/** Transitions that must say why (the shopper is told, and the history keeps it). */
const NEEDS_REASON: readonly OrderState[] = ["cancelled", "refunded"];

/**
 * The store's orders, read within the person's stores like every resource;
 * the detail (lines, address, history) comes from getStoreOrder and every
 * move goes through transitionOrder, which checks the transition table and
 * `store.manage` itself. Orders are never created, edited or deleted here.
 */
export class OrderResource extends ServiceResource<Order> {
  protected readonly resourceId = "orders";
  protected readonly entity = Order;
  protected readonly alias = "order";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };
  protected override readonly readPermission = "orders:read" as const;

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "number", numeric: true, column: "number" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "state", column: "state", availableValues: ORDER_STATES },
      { path: "receiverName", isSortable: false },
      { path: "customerPhone", column: "customerPhone" },
      { path: "total", numeric: true, column: "total" },
      { path: "itemCount", numeric: true, column: "itemCount" },
      { path: "shippingName", column: "shippingName", match: "persian" },
      { path: "shippingKind", column: "shippingKind", isSortable: false },
      { path: "trackingCode", column: "trackingCode" },
      { path: "detail", type: "mixed", isSortable: false },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  protected override toParams(order: Order): ParamsType {
    return {
      id: order.id,
      number: order.number,
      storeId: order.storeId,
      state: order.state,
      receiverName: order.shippingAddress?.receiverName ?? "",
      customerPhone: order.customerPhone,
      total: order.total,
      itemCount: order.itemCount,
      shippingName: order.shippingName,
      shippingKind: order.shippingKind,
      trackingCode: order.trackingCode,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
    };
  }

  /** The order as the person may see it (their store's), or "not found". */
  private async readable(context: ActionContext, id: string): Promise<{ ctx: ServiceContext; access: Access; order: Order }> {
    const access = await this.accessOf(context);
    const ctx: ServiceContext = { manager: this.manager(), actor: access.actor };
    const query = this.scoped(this.query(ctx.manager), access);
    if (!this.whereId(query, id)) throw recordNotFound();
    const order = await query.getOne();
    if (!order) throw recordNotFound();
    return { ctx, access, order };
  }

  /** Lines, address, shipping, totals and history (who, when, why), through the orders service. */
  async detail(context: ActionContext, id: string) {
    const { ctx, order } = await this.readable(context, id);
    const view = await getStoreOrder(ctx, order.storeId, order.id);
    const userIds = [...new Set(view.history.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])))];
    const users = await usersByIds(ctx, userIds);
    const byId = new Map(users.map((user) => [user.id, user]));
    const who = (row: (typeof view.history)[number]): string => {
      if (row.actorKind === "system")
        return row.actorName === "payments" ? "درگاه پرداخت" : row.actorName === "order-expiry" ? "سامانه (پایان مهلت پرداخت)" : "سامانه";
      if (row.actorUserId && row.actorUserId === view.order.userId && row.fromState === null) return "خریدار";
      const user = row.actorUserId ? byId.get(row.actorUserId) : undefined;
      if (!user) return "کاربر حذف‌شده";
      const name = user.name || displayPhone(user.phone);
      return user.isStaff ? `${name} (کارمند مال)` : row.actorUserId === view.order.userId ? `${name} (خریدار)` : name;
    };
    return {
      address: view.order.shippingAddress,
      note: view.order.note,
      shippingName: view.order.shippingName,
      shippingKind: view.order.shippingKind,
      trackingCode: view.order.trackingCode,
      subtotal: view.order.subtotal,
      shippingTotal: view.order.shippingTotal,
      discountTotal: view.order.discountTotal,
      total: view.order.total,
      lines: view.lines.map((line) => ({
        id: line.id,
        productName: line.productName,
        sku: line.sku,
        attributes: line.attributes,
        unitPrice: line.unitPrice,
        quantity: line.quantity,
        lineTotal: line.lineTotal,
      })),
      history: view.history.map((row) => ({
        id: row.id,
        at: row.createdAt.toISOString(),
        from: row.fromState,
        to: row.toState,
        who: who(row),
        reason: row.reason,
        trackingCode: row.trackingCode,
      })),
      invoiceUrl: `/orders/${view.order.id}/invoice`,
    };
  }

  /** The printable invoice of one of the person's orders. */
  async invoice(context: ActionContext, id: string): Promise<string> {
    const { ctx, order } = await this.readable(context, id);
    return orderInvoice(ctx, order.storeId, order.id);
  }

  /**
   * Moves the order through the orders service in one transaction (retried
   * on a serialization failure); a refusal (the table does not allow it, a
   * missing tracking code, someone else moved it first) changes nothing and
   * comes back as its Persian message.
   */
  async transition(
    context: ActionContext,
    id: string,
    to: OrderState,
    input: { reason?: string | undefined; trackingCode?: string | undefined },
  ): Promise<void> {
    const reason = input.reason?.trim() || undefined;
    if (NEEDS_REASON.includes(to) && !reason)
      throw fieldError("reason", "لطفاً دلیل را بنویسید؛ در تاریخچهٔ سفارش می‌ماند.", "reason_required");
    if (reason && reason.length > 500) throw fieldError("reason", "توضیح حداکثر ۵۰۰ نویسه است.");
    const trackingCode = input.trackingCode?.trim() || undefined;
    if (trackingCode && (trackingCode.length < 4 || trackingCode.length > 60))
      throw fieldError("trackingCode", "کد رهگیری مرسوله را کامل وارد کنید.");
    await retryTransaction(() =>
      this.write(context, async ({ ctx, access }) => {
        const order = await this.loadForWrite(ctx.manager, access, id);
        await transitionOrder(ctx, order.storeId, order.id, to, { reason, trackingCode: to === "shipped" ? trackingCode : undefined });
      }),
    );
  }
}

function transitionHandler(to: OrderState): ActionHandler<RecordActionResponse & { needs?: unknown }> {
  return async (request, _response, context) => {
    const { record, resource, currentAdmin, h } = context;
    if (!record) throw recordNotFound();
    const id = String(record.id());
    const needs = {
      reason: NEEDS_REASON.includes(to),
      trackingCode: to === "shipped",
      trackingRequired: to === "shipped" && (TRACKED_KINDS as readonly string[]).includes(String(record.params.shippingKind)),
    };
    if (request.method !== "post") return { record: record.toJSON(currentAdmin), needs };
    const payload = (request.payload ?? {}) as Params;
    await (resource as OrderResource).transition(context, id, to, {
      reason: text(payload, "reason"),
      trackingCode: text(payload, "trackingCode"),
    });
    const moved = await resource.findOne(id, context);
    return {
      record: (moved ?? record).toJSON(currentAdmin),
      notice: { message: "orderMoved", options: { state: ORDER_STATE_NAMES[to] }, type: "success" },
      redirectUrl: h.recordActionUrl({ resourceId: "orders", recordId: id, actionName: "show" }),
    };
  };
}

const invoiceHandler: ActionHandler<RecordActionResponse & { invoiceUrl?: string }> = async (_request, _response, context) => {
  const { record, currentAdmin } = context;
  if (!record) throw recordNotFound();
  return { record: record.toJSON(currentAdmin), invoiceUrl: `/orders/${String(record.id())}/invoice` };
};

/** Adds the lines, address and history to an order's page. */
const withDetail = async (response: RecordActionResponse, _request: unknown, context: ActionContext): Promise<RecordActionResponse> => {
  const id = response.record?.id;
  if (id && response.record) response.record.params.detail = await (context.resource as OrderResource).detail(context, String(id));
  return response;
};

const stateOf = (context: ActionContext): OrderState | undefined => context.record?.params.state as OrderState | undefined;

export function orderResource(deps: ResourceDeps): ResourceWithOptions {
  const transitions = Object.fromEntries(
    TRANSITION_ACTIONS.map(({ name, to, icon, variant }) => [
      name,
      {
        actionType: "record" as const,
        icon,
        variant,
        component: Components.OrderTransition,
        // Shown only where the table allows a move by hand (a paid order is called off by refunding it); a request for any other still reaches the service, which refuses it in Persian.
        isAccessible: allowedTo("orders:write").isAccessible,
        isVisible: (context: ActionContext) => {
          const state = stateOf(context);
          return Boolean(state && canMoveByHand(state, to)) && allowedTo("orders:write").isVisible(context);
        },
        handler: transitionHandler(to),
      },
    ]),
  );
  return {
    resource: new OrderResource(deps),
    options: {
      navigation: { name: "sales", icon: "ShoppingCart" },
      titleProperty: "number",
      sort: { sortBy: "createdAt", direction: "desc" },
      listProperties: ["number", "state", "receiverName", "total", "itemCount", "shippingName", "createdAt"],
      showProperties: ["number", "state", "total", "customerPhone", "trackingCode", "detail", "storeId", "createdAt", "updatedAt"],
      filterProperties: ["state", "createdAt", "number", "customerPhone", "trackingCode", "storeId"],
      properties: {
        id: hidden,
        storeId: storeReference,
        number: { ...readOnly, isTitle: true, components: { list: Components.OrderNumber, show: Components.OrderNumber } },
        state: { ...readOnly, components: { list: Components.OrderState, show: Components.OrderState } },
        receiverName: { ...readOnly, isVisible: { list: true, show: false, edit: false, filter: false } },
        customerPhone: { ...readOnly, components: { list: Components.PhoneNumber, show: Components.PhoneNumber } },
        total: { ...toman, ...readOnly },
        itemCount: { ...readOnly, components: { list: Components.PersianNumber, show: Components.PersianNumber } },
        shippingName: readOnly,
        shippingKind: hidden,
        trackingCode: readOnly,
        detail: { ...showOnly, type: "mixed", components: { show: Components.OrderDetail } },
        ...timestamps(),
        createdAt: {
          ...timestamps().createdAt,
          components: { list: Components.JalaliDate, show: Components.JalaliDate, filter: Components.JalaliRangeFilter },
        },
      },
      actions: {
        history: historyAction,
        new: nobody,
        edit: nobody,
        delete: nobody,
        bulkDelete: nobody,
        show: { after: withDetail },
        invoice: { actionType: "record", icon: "Printer", component: Components.OrderInvoice, handler: invoiceHandler },
        ...transitions,
        // Money going back is the refund service's (gateway reversal or a recorded manual refund), not a bare move.
        refund: refundAction(deps),
      },
    },
  };
}
