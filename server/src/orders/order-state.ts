import { ORDER_STATES, type OrderState } from "@mall/locale";

/**
 * The order life cycle: ONE transition table (STYLE.md: one transition table
 * per stateful entity). transitionOrder() in order.service.ts is the only
 * code that moves an order, and it asks here. The states and their Persian
 * labels come from @mall/locale (the store site reads the labels there).
 *
 *   pending_payment → paid → processing → shipped → delivered
 *   cancelled: from pending_payment, paid, processing (before it leaves the shop)
 *   refunded:  from paid, processing, shipped, delivered (money has been taken)
 */
export { ORDER_STATE_LABELS, ORDER_STATES, type OrderState } from "@mall/locale";

export const ORDER_TRANSITIONS: Readonly<Record<OrderState, readonly OrderState[]>> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["processing", "cancelled", "refunded"],
  processing: ["shipped", "cancelled", "refunded"],
  shipped: ["delivered", "refunded"],
  delivered: ["refunded"],
  cancelled: [],
  refunded: [],
};

/** States whose stock is still held for the order: leaving them for cancelled/refunded returns it. */
export const STOCK_HELD_STATES: readonly OrderState[] = ["pending_payment", "paid", "processing"];

export function canTransition(from: OrderState, to: OrderState): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** A transition that returns the order's stock to the shelf (at most once per order). */
export function returnsStock(from: OrderState, to: OrderState): boolean {
  return (to === "cancelled" || to === "refunded") && STOCK_HELD_STATES.includes(from);
}

export function isOrderState(value: string): value is OrderState {
  return (ORDER_STATES as readonly string[]).includes(value);
}
