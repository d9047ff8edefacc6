import type { z } from "zod";
import { presentDiscountLine } from "../discounts/discounts.presenters.js";
import type { CartCheck } from "./cart.service.js";
import type { CustomerAddress } from "./customer-address.entity.js";
import { findCity, findProvince, formatJalaliDate, formatJalaliDateTime } from "@mall/locale";
import { ORDER_STATE_LABELS } from "./order-state.js";
import type { Order, OrderHistory } from "./order.entity.js";
import type { OrderPage, OrderView } from "./order.service.js";
import type {
  addressSchema,
  cartCheckResultSchema,
  orderListSchema,
  orderSchema,
  orderSummarySchema,
  shippingMethodSchema,
  shippingOptionSchema,
} from "./orders.schemas.js";
import { SHIPPING_KIND_LABELS } from "./shipping-kinds.js";
import type { ShippingMethod } from "./shipping-method.entity.js";
import type { ShippingOption } from "./shipping.service.js";

export function presentAddress(address: CustomerAddress): z.input<typeof addressSchema> {
  return {
    id: address.id,
    label: address.label,
    receiverName: address.receiverName,
    mobile: address.mobile,
    provinceId: address.provinceId,
    provinceName: findProvince(address.provinceId)?.name ?? "",
    cityId: address.cityId,
    cityName: findCity(address.cityId)?.city.name ?? "",
    line: address.line,
    postalCode: address.postalCode,
    createdAt: address.createdAt.toISOString(),
  };
}

export function presentShippingMethod(method: ShippingMethod): z.input<typeof shippingMethodSchema> {
  return {
    id: method.id,
    kind: method.kind,
    kindLabel: SHIPPING_KIND_LABELS[method.kind],
    name: method.name,
    description: method.description,
    isActive: method.isActive,
    price: method.price,
    provincePrices: method.provincePrices,
    freeAbove: method.freeAbove,
    provinceIds: method.provinceIds,
    cityId: method.cityId,
    sortOrder: method.sortOrder,
  };
}

export function presentShippingOption(option: ShippingOption): z.input<typeof shippingOptionSchema> {
  return {
    id: option.method.id,
    kind: option.method.kind,
    name: option.method.name,
    description: option.method.description,
    price: option.price,
    free: option.free,
  };
}

export function presentCartCheck(check: CartCheck): z.input<typeof cartCheckResultSchema> {
  return {
    lines: check.lines.map((line) => ({
      instanceId: line.instanceId,
      productId: line.item?.productId ?? null,
      slug: line.item?.slug ?? null,
      name: line.item?.name ?? null,
      variant: line.item?.variant ?? "",
      sku: line.item?.sku ?? null,
      unitPrice: line.item?.sold ? line.item.unitPrice : null,
      stock: line.item?.sold ? line.item.stock : 0,
      quantity: line.quantity,
      availableQuantity: line.availableQuantity,
      lineTotal: line.lineTotal,
      changes: line.changes,
    })),
    subtotal: check.subtotal,
    ok: check.ok,
    ...(check.shippingOptions ? { shippingOptions: check.shippingOptions.map(presentShippingOption) } : {}),
    discounts: check.discounts.applied.map(presentDiscountLine),
    discountTotal: check.discounts.itemsDiscount,
    freeShipping: check.discounts.freeShipping,
    total: check.subtotal - check.discounts.itemsDiscount,
    discountCodeError: check.discounts.codeError
      ? { code: check.discounts.codeError.code, message: check.discounts.codeError.message }
      : null,
  };
}

export function presentOrderSummary(order: Order): z.input<typeof orderSummarySchema> {
  return {
    id: order.id,
    number: order.number,
    state: order.state,
    stateLabel: ORDER_STATE_LABELS[order.state],
    itemCount: order.itemCount,
    subtotal: order.subtotal,
    shippingTotal: order.shippingTotal,
    discountTotal: order.discountTotal,
    total: order.total,
    customerPhone: order.customerPhone,
    receiverName: order.shippingAddress.receiverName,
    shippingName: order.shippingName,
    trackingCode: order.trackingCode,
    reservedUntil: order.reservedUntil?.toISOString() ?? null,
    createdAt: order.createdAt.toISOString(),
    createdAtJalali: formatJalaliDate(order.createdAt),
  };
}

/** Who made a move, as shoppers and merchants read it. */
function actorLabel(row: OrderHistory, order: Order): string {
  if (row.actorKind === "system")
    return row.actorName === "order-expiry" ? "سامانه (پایان مهلت پرداخت)" : row.actorName === "payments" ? "درگاه پرداخت" : "سامانه";
  return row.actorUserId !== null && row.actorUserId === order.userId ? "خریدار" : "فروشگاه";
}

export function presentOrder(view: OrderView, extra: { replayed?: boolean } = {}): z.input<typeof orderSchema> {
  const { order } = view;
  const { receiverName, mobile, provinceId, provinceName, cityId, cityName, line, postalCode } = order.shippingAddress;
  return {
    ...presentOrderSummary(order),
    shippingKind: order.shippingKind,
    shippingAddress: { receiverName, mobile, provinceId, provinceName, cityId, cityName, line, postalCode },
    note: order.note,
    paidAt: order.paidAt?.toISOString() ?? null,
    lines: view.lines.map((l) => ({
      instanceId: l.instanceId,
      productId: l.productId,
      productName: l.productName,
      productSlug: l.productSlug,
      sku: l.sku,
      attributes: l.attributes,
      image: l.image,
      unitPrice: l.unitPrice,
      quantity: l.quantity,
      lineTotal: l.lineTotal,
    })),
    discounts: (view.discounts ?? []).map(presentDiscountLine),
    history: view.history.map((row) => ({
      from: row.fromState,
      to: row.toState,
      toLabel: ORDER_STATE_LABELS[row.toState],
      actor: actorLabel(row, order),
      reason: row.reason,
      trackingCode: row.trackingCode,
      at: row.createdAt.toISOString(),
      atJalali: formatJalaliDateTime(row.createdAt),
    })),
    ...(extra.replayed !== undefined ? { replayed: extra.replayed } : {}),
  };
}

export function presentOrderPage(page: OrderPage): z.input<typeof orderListSchema> {
  return { items: page.orders.map(presentOrderSummary), nextBefore: page.nextBefore };
}
