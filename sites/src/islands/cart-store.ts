import { useSyncExternalStore } from "react";

/** One line of the cart, as kept in the browser. Prices are re-checked against the API before checkout. */
export interface CartLine {
  productId: string;
  instanceId: string;
  slug: string;
  name: string;
  /** The chosen values, e.g. «قرمز / M», for showing. */
  variant: string;
  /** Rials, as last seen. */
  unitPrice: number;
  quantity: number;
  image: string | null;
}

const EVENT = "mall:cart";
const MAX_QUANTITY = 99;
const keyOf = (storeSlug: string) => `mall:cart:${storeSlug}`;

function read(storeSlug: string): CartLine[] {
  try {
    const raw = localStorage.getItem(keyOf(storeSlug));
    const lines: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(lines) ? (lines as CartLine[]) : [];
  } catch {
    return [];
  }
}

const cache = new Map<string, { raw: string | null; lines: CartLine[] }>();

/** The cart of a store, stable between calls while unchanged (what useSyncExternalStore needs). */
export function cartLines(storeSlug: string): CartLine[] {
  const raw = typeof localStorage === "undefined" ? null : localStorage.getItem(keyOf(storeSlug));
  const hit = cache.get(storeSlug);
  if (hit && hit.raw === raw) return hit.lines;
  const lines = typeof localStorage === "undefined" ? [] : read(storeSlug);
  cache.set(storeSlug, { raw, lines });
  return lines;
}

function write(storeSlug: string, lines: CartLine[]): void {
  localStorage.setItem(keyOf(storeSlug), JSON.stringify(lines));
  window.dispatchEvent(new Event(EVENT));
}

export function addToCart(storeSlug: string, line: Omit<CartLine, "quantity">, quantity = 1): void {
  const lines = [...cartLines(storeSlug)];
  const existing = lines.findIndex((l) => l.instanceId === line.instanceId);
  if (existing >= 0) {
    const current = lines[existing]!;
    lines[existing] = { ...current, ...line, quantity: Math.min(MAX_QUANTITY, current.quantity + quantity) };
  } else {
    lines.push({ ...line, quantity: Math.min(MAX_QUANTITY, quantity) });
  }
  write(storeSlug, lines);
}

export function setQuantity(storeSlug: string, instanceId: string, quantity: number): void {
  const lines = cartLines(storeSlug)
    .map((l) => (l.instanceId === instanceId ? { ...l, quantity: Math.min(MAX_QUANTITY, quantity) } : l))
    .filter((l) => l.quantity > 0);
  write(storeSlug, lines);
}

/** Empties the store's cart (after an order is placed). */
export function clearCart(storeSlug: string): void {
  write(storeSlug, []);
}

export function updatePrices(storeSlug: string, prices: Map<string, number>): void {
  write(
    storeSlug,
    cartLines(storeSlug).map((l) => (prices.has(l.instanceId) ? { ...l, unitPrice: prices.get(l.instanceId)! } : l)),
  );
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  // Another tab changed the cart.
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

const EMPTY: CartLine[] = [];

/** The store's cart, re-rendering every island that shows it when it changes. */
export function useCart(storeSlug: string): CartLine[] {
  return useSyncExternalStore(subscribe, () => cartLines(storeSlug), () => EMPTY);
}
