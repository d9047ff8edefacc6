import { api } from "./api.ts";
import type { CartLine } from "./cart-store.ts";

/** What POST /api/v1/cart/check answers (orders.schemas.ts cartCheckResultSchema). */
export interface CheckedLine {
  instanceId: string;
  name: string | null;
  variant: string;
  unitPrice: number | null;
  stock: number;
  quantity: number;
  availableQuantity: number;
  lineTotal: number;
  changes: Array<{ code: "price_changed" | "insufficient_stock" | "not_sold"; message: string }>;
}

export interface ShippingOption {
  id: string;
  kind: string;
  name: string;
  description: string;
  price: number;
  free: boolean;
}

/** A discount the cart gets: a code's or an automatic promotion's. */
export interface DiscountLine {
  title: string;
  code: string | null;
  /** Rials off the items. */
  amount: number;
  freeShipping: boolean;
}

export interface CartCheck {
  lines: CheckedLine[];
  subtotal: number;
  ok: boolean;
  shippingOptions?: ShippingOption[];
  discounts: DiscountLine[];
  discountTotal: number;
  freeShipping: boolean;
  /** Rials: subtotal − discountTotal, before shipping. */
  total: number;
  /** Why the code asked for cannot be used, in Persian. */
  discountCodeError: { code: string; message: string } | null;
}

/** Asks the store what is true of the cart now; with a destination, also how it can be sent there; with a code, what it takes off. */
export function checkCart(
  lines: CartLine[],
  destination?: { provinceId: number; cityId: number },
  discountCode?: string | null,
): Promise<CartCheck> {
  return api<CartCheck>("POST", "/cart/check", {
    items: lines.map((line) => ({ instanceId: line.instanceId, quantity: line.quantity, unitPrice: line.unitPrice })),
    ...(destination ? { destination } : {}),
    ...(discountCode ? { discountCode } : {}),
  });
}
