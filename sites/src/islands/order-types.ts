import type { OrderState } from "@mall/locale";

/** What GET /api/v1/orders/:id answers (orders.schemas.ts orderSchema). */
export interface OrderDetail {
  id: string;
  number: number;
  state: OrderState;
  stateLabel: string;
  itemCount: number;
  subtotal: number;
  shippingTotal: number;
  discountTotal: number;
  total: number;
  shippingName: string;
  trackingCode: string | null;
  reservedUntil: string | null;
  createdAt: string;
  createdAtJalali: string;
  shippingAddress: { receiverName: string; mobile: string; provinceName: string; cityName: string; line: string; postalCode: string };
  note: string;
  /** The discounts the order was placed with (amount in Rials off the items). */
  discounts: Array<{ title: string; code: string | null; amount: number; freeShipping: boolean }>;
  lines: Array<{
    instanceId: string | null;
    productName: string;
    productSlug: string;
    sku: string;
    attributes: Array<{ name: string; value: string }>;
    unitPrice: number;
    quantity: number;
    lineTotal: number;
  }>;
  history: Array<{
    from: OrderState | null;
    to: OrderState;
    toLabel: string;
    actor: string;
    reason: string | null;
    trackingCode: string | null;
    at: string;
    atJalali: string;
  }>;
}

export interface OrderSummary {
  id: string;
  number: number;
  state: OrderState;
  stateLabel: string;
  itemCount: number;
  total: number;
  createdAtJalali: string;
}
