import { authedApi, readSession } from "./api.ts";
import { cartEdits, cartLines, onCartEdited, replaceCartLines, type CartLine } from "./cart-store.ts";

/**
 * A signed-in shopper's cart kept on the server (issue 23 #4), so that it
 * follows them to another device: every page load puts the saved cart in
 * this browser's place, every change made here is saved (one request at a
 * time, the newest cart last), and at sign-in this browser's cart is added
 * to the saved one (the server sums a variant's quantities within stock and
 * drops what is no longer sold). Signing out keeps both.
 *
 * What this browser last knew to be saved is remembered per store, so that
 * signing in again here adds only what was put in the cart since: a cart
 * that came from the server is never added to it a second time.
 */

/** A line of the saved cart as the server answers it (orders/saved-cart.service.ts SavedCartLine): a cart line whose stock is known. */
type SavedLine = CartLine & { stock: number };

/** The most lines the server keeps (orders.schemas.ts MAX_CART_LINES). */
const MAX_LINES = 50;
const savedKey = (storeSlug: string) => `mall:cart-saved:${storeSlug}`;

function knownSaved(storeSlug: string): Record<string, number> {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(savedKey(storeSlug)) ?? "{}");
    return saved && typeof saved === "object" ? (saved as Record<string, number>) : {};
  } catch {
    return {};
  }
}

function rememberSaved(storeSlug: string, items: SavedLine[]): void {
  localStorage.setItem(savedKey(storeSlug), JSON.stringify(Object.fromEntries(items.map((item) => [item.instanceId, item.quantity]))));
}

/** The saved cart in this browser's place (keeping a picture this browser has when the server knows none). */
function adopt(storeSlug: string, items: SavedLine[]): void {
  rememberSaved(storeSlug, items);
  const before = new Map(cartLines(storeSlug).map((line) => [line.instanceId, line]));
  replaceCartLines(
    storeSlug,
    items.map((item) => ({ ...item, image: item.image ?? before.get(item.instanceId)?.image ?? null })),
  );
}

const wanted = (lines: Array<Pick<CartLine, "instanceId" | "quantity">>) =>
  lines
    .filter((line) => line.quantity > 0)
    .slice(0, MAX_LINES)
    .map(({ instanceId, quantity }) => ({ instanceId, quantity }));

const saving = new Map<string, { again: boolean }>();

/** Saves this browser's cart as the signed-in shopper's; a change made meanwhile is saved after. */
async function save(storeSlug: string): Promise<void> {
  const running = saving.get(storeSlug);
  if (running) {
    running.again = true;
    return;
  }
  const state = { again: false };
  saving.set(storeSlug, state);
  try {
    do {
      state.again = false;
      if (!readSession(storeSlug)) return;
      const cart = await authedApi<{ items: SavedLine[] }>(storeSlug, "PUT", "/me/cart", { items: wanted(cartLines(storeSlug)) }).catch(
        () => null,
      );
      if (cart && !state.again) rememberSaved(storeSlug, cart.items);
    } while (state.again);
  } finally {
    saving.delete(storeSlug);
  }
}

/** At sign-in: what this browser's cart has beyond what it knew to be saved goes into the saved cart, and the merged cart comes back. */
export async function mergeCartAtSignIn(storeSlug: string): Promise<void> {
  const saved = knownSaved(storeSlug);
  const extra = cartLines(storeSlug).map((line) => ({
    instanceId: line.instanceId,
    quantity: line.quantity - (saved[line.instanceId] ?? 0),
  }));
  // An answer older than a change made meanwhile does not undo it.
  const edit = cartEdits(storeSlug);
  try {
    const cart = await authedApi<{ items: SavedLine[] }>(storeSlug, "POST", "/me/cart/merge", { items: wanted(extra) });
    if (cartEdits(storeSlug) === edit) adopt(storeSlug, cart.items);
    else void save(storeSlug);
  } catch {
    // Offline or signed out again: this browser's cart stays as it is, and is merged at the next sign-in.
  }
}

const started = new Set<string>();

/**
 * Keeps a signed-in shopper's cart in step with the server for this page
 * (the header's cart starts it on every page): fetches the saved cart now and
 * saves each change made here. Safe to call more than once.
 */
export function startCartSync(storeSlug: string): void {
  if (started.has(storeSlug)) return;
  started.add(storeSlug);
  onCartEdited((slug) => {
    if (readSession(slug)) void save(slug);
  });
  if (!readSession(storeSlug)) return;
  // Changed in this page before the header woke up: that cart is the newest, and is saved.
  if (cartEdits(storeSlug) > 0) return void save(storeSlug);
  void authedApi<{ items: SavedLine[] }>(storeSlug, "GET", "/me/cart")
    .then((cart) => {
      if (cartEdits(storeSlug) === 0 && !saving.has(storeSlug)) adopt(storeSlug, cart.items);
    })
    .catch(() => {});
}
