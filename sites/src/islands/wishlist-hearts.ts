import { authedApi, onSessionChange, readSession } from "./api.ts";

/**
 * The hearts on listing cards (issue 27 #4), without an island per card: one
 * small script for the page (MiniCart's island already brings api.ts). A
 * heart is `button[data-wishlist-heart="{productId}"]` inside an element with
 * `data-wishlist-store="{slug}"`. Signed in, the hearts show the shopper's
 * wishlist and a tap saves or removes the product on the server; signed out,
 * a tap opens the product's page at its own heart (`#wishlist`), which asks
 * for the SMS sign-in and then saves the product by itself.
 */

const SAVE = "افزودن به علاقه‌مندی‌ها";
const REMOVE = "حذف از علاقه‌مندی‌ها";
const FAILED = "ذخیره نشد؛ دوباره امتحان کنید.";

interface Wishlist {
  items: Array<{ productId: string }>;
}

export function wireWishlistHearts(root: ParentNode = document): void {
  const hearts = [...root.querySelectorAll<HTMLButtonElement>("button[data-wishlist-heart]")];
  const store = hearts[0]?.closest<HTMLElement>("[data-wishlist-store]")?.dataset.wishlistStore;
  if (!store) return;

  const paint = (list: Wishlist | null) => {
    const saved = new Set((list?.items ?? []).map((item) => item.productId));
    for (const heart of hearts) {
      const on = saved.has(heart.dataset.wishlistHeart!);
      heart.setAttribute("aria-pressed", String(on));
      heart.setAttribute("aria-label", on ? REMOVE : SAVE);
    }
  };
  const load = () => {
    if (!readSession(store)) return paint(null);
    authedApi<Wishlist>(store, "GET", "/me/wishlist").then(paint, () => paint(null));
  };
  load();
  onSessionChange(load);

  for (const heart of hearts) {
    heart.addEventListener("click", async () => {
      const productId = heart.dataset.wishlistHeart!;
      if (!readSession(store)) {
        location.href = `${heart.dataset.href}#wishlist`;
        return;
      }
      const on = heart.getAttribute("aria-pressed") === "true";
      heart.disabled = true;
      try {
        paint(
          on
            ? await authedApi<Wishlist>(store, "DELETE", `/me/wishlist/${encodeURIComponent(productId)}`)
            : await authedApi<Wishlist>(store, "POST", "/me/wishlist", { productId }),
        );
      } catch {
        heart.setAttribute("aria-label", `${on ? REMOVE : SAVE}: ${FAILED}`);
      } finally {
        heart.disabled = false;
      }
    });
  }
}
