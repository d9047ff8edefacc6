import { useBrowserStore } from "./browser-store.ts";

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
  /** Units in stock when last seen; the cart never asks for more. */
  stock?: number;
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

const editListeners = new Set<(storeSlug: string) => void>();
const editCounts = new Map<string, number>();

/** The shopper changed the cart here (added, changed a quantity, removed, emptied): what saves it on the server listens. */
function edited(storeSlug: string): void {
  editCounts.set(storeSlug, cartEdits(storeSlug) + 1);
  for (const listener of editListeners) listener(storeSlug);
}

/** How many changes the shopper made to the store's cart in this page so far. */
export function cartEdits(storeSlug: string): number {
  return editCounts.get(storeSlug) ?? 0;
}

/** Calls `listener` after each change the shopper makes to a cart in this page; answers the unsubscribe. */
export function onCartEdited(listener: (storeSlug: string) => void): () => void {
  editListeners.add(listener);
  return () => editListeners.delete(listener);
}

/** Puts the cart kept on the server in this browser's place (a signed-in shopper's, at page load and sign-in). */
export function replaceCartLines(storeSlug: string, lines: CartLine[]): void {
  write(storeSlug, lines);
}

/** The most of a line the cart holds: what is in stock (when known), and never more than MAX_QUANTITY. */
export function maxQuantity(line: Pick<CartLine, "stock">): number {
  return line.stock === undefined ? MAX_QUANTITY : Math.min(MAX_QUANTITY, line.stock);
}

/** Adds to the cart, within stock; returns the line's quantity after (unchanged when stock is already in the cart). */
export function addToCart(storeSlug: string, line: Omit<CartLine, "quantity">, quantity = 1): number {
  const lines = [...cartLines(storeSlug)];
  const existing = lines.findIndex((l) => l.instanceId === line.instanceId);
  const limit = maxQuantity(line);
  let result: number;
  if (existing >= 0) {
    const current = lines[existing]!;
    result = Math.min(limit, current.quantity + quantity);
    lines[existing] = { ...current, ...line, quantity: result };
  } else {
    result = Math.min(limit, quantity);
    if (result > 0) lines.push({ ...line, quantity: result });
  }
  write(storeSlug, lines);
  edited(storeSlug);
  return result;
}

export function setQuantity(storeSlug: string, instanceId: string, quantity: number): void {
  const lines = cartLines(storeSlug)
    .map((l) => (l.instanceId === instanceId ? { ...l, quantity: Math.max(0, Math.min(maxQuantity(l), quantity)) } : l))
    .filter((l) => l.quantity > 0);
  write(storeSlug, lines);
  edited(storeSlug);
}

export function removeFromCart(storeSlug: string, instanceId: string): void {
  write(
    storeSlug,
    cartLines(storeSlug).filter((l) => l.instanceId !== instanceId),
  );
  edited(storeSlug);
}

/** Empties the store's cart (after an order is placed). */
export function clearCart(storeSlug: string): void {
  write(storeSlug, []);
  edited(storeSlug);
}

/** The store's current prices and stock for the lines (from a cart check). */
export function updatePrices(storeSlug: string, prices: Map<string, number>, stock?: Map<string, number>): void {
  write(
    storeSlug,
    cartLines(storeSlug).map((l) => ({
      ...l,
      ...(prices.has(l.instanceId) ? { unitPrice: prices.get(l.instanceId)! } : {}),
      ...(stock?.has(l.instanceId) ? { stock: stock.get(l.instanceId)! } : {}),
    })),
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
  return useBrowserStore(subscribe, () => cartLines(storeSlug), EMPTY);
}
