import { formatToman } from "@mall/locale";

/**
 * Listing cards show the price and stock of the one live source the product
 * page reads too (`/api/v1/products/prices`, filed in the same product cache):
 * a price change shows on every page within moments, without waiting for a
 * rebuild. The built HTML's figures stay when the API cannot be reached.
 *
 * A card is any element with `data-live-product="{id}"`; inside it,
 * `[data-live-price]` gets the price, and the card's `data-in-stock` ("yes"
 * or "no") shows or hides its `.in-label` / `.out-label` parts (site.css).
 */
export async function refreshLivePrices(root: ParentNode = document): Promise<void> {
  const cards = [...root.querySelectorAll<HTMLElement>("[data-live-product]")];
  const ids = [...new Set(cards.map((card) => card.dataset.liveProduct!).filter(Boolean))];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    let items: Array<{ id: string; price: number; inStock: boolean }>;
    try {
      const response = await fetch(`/api/v1/products/prices?ids=${chunk.join(",")}`, { headers: { accept: "application/json" } });
      if (!response.ok) continue;
      items = ((await response.json()) as { items: typeof items }).items;
    } catch {
      continue;
    }
    const byId = new Map(items.map((item) => [item.id, item]));
    for (const card of cards) {
      const live = byId.get(card.dataset.liveProduct!);
      if (!live) continue;
      // Only what changed is written: the same text written again still lays out every card of the page (a long task on a phone).
      const text = formatToman(live.price);
      for (const price of card.querySelectorAll<HTMLElement>("[data-live-price]")) if (price.textContent !== text) price.textContent = text;
      const stock = live.inStock ? "yes" : "no";
      if (card.dataset.inStock !== stock) card.dataset.inStock = stock;
      card.dataset.live = "yes";
    }
  }
}
