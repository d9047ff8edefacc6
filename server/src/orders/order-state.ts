import { ORDER_STATES, type OrderState } from "@mall/locale";

/**
 * The order life cycle: ONE transition table (STYLE.md: one transition table
 * per stateful entity). transitionOrder() in order.service.ts is the only
 * code that moves an order, and it asks here. The states and their Persian
 * labels come from @mall/locale (the store site reads the labels there).
 *
 *   pending_payment → paid → processing → shipped → delivered
 *   cancelled: from pending_payment only (nothing was paid)
 *   refunded:  from paid, processing, shipped, delivered, and ONLY through the
 *              refund service (payments/refund.service.ts): the gateway
 *              reversed the payment or the merchant recorded giving the money
 *              back. Calling off a paid order is a refund, so a paid order is
 *              never merely "cancelled" with its money kept.
 */
export { ORDER_STATE_LABELS, ORDER_STATES, type OrderState } from "@mall/locale";

export const ORDER_TRANSITIONS: Readonly<Record<OrderState, readonly OrderState[]>> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["processing", "refunded"],
  processing: ["shipped", "refunded"],
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

/** States only a service reaches (refunded: the refund service, when money has gone back); never a merchant's or staff's move. */
export const SERVICE_ONLY_STATES: readonly OrderState[] = ["refunded"];

/** A move a merchant or staff may make by hand (the transitions API, the back office, the CLI). */
export function canMoveByHand(from: OrderState, to: OrderState): boolean {
  return canTransition(from, to) && !SERVICE_ONLY_STATES.includes(to);
}

/** A transition that returns the order's stock to the shelf (at most once per order). */
export function returnsStock(from: OrderState, to: OrderState): boolean {
  return (to === "cancelled" || to === "refunded") && STOCK_HELD_STATES.includes(from);
}

export function isOrderState(value: string): value is OrderState {
  return (ORDER_STATES as readonly string[]).includes(value);
}
