import { rialsToTomans } from "@mall/locale";
import { displayPrice, inStock, productUrl } from "./catalog.ts";
import type { Snapshot, SnapshotProduct } from "./snapshot.ts";

/**
 * Product feeds for Iranian price-comparison sites, written with every site
 * build from the same snapshot as the pages, so a feed never disagrees with
 * the product page it links to. One entry per product (its page is one URL;
 * the variants are picked on it), priced as the page shows it: the lowest
 * price among the in-stock models. Both sites read prices in Tomans (Rials / 10).
 *
 * - Torob: the fields of its Product API v3 (torob/Torob-Sync, product_api_v3.md):
 *   page_unique, page_url, title, current_price (Tomans; 0 when unavailable,
 *   as the spec asks), availability (boolean), category_name, image_links
 *   (absolute, main image first), spec, short_desc, date_added. v3 is asked
 *   for by POST with a JWT; a static site answers GET with the whole list in
 *   that envelope (api_version torob_api_v3, one page).
 * - Emalls: its static JSON list (`{success, products, total_items,
 *   pages_count, item_per_page, page_num}`, per product title, id, price in
 *   Tomans, category, image, is_available, url).
 */

export const TOROB_FEED_PATH = "/feeds/torob.json";
export const EMALLS_FEED_PATH = "/feeds/emalls.json";

/** Rials to whole Tomans, as both sites read prices. */
export const tomans = (rials: number) => Math.round(rialsToTomans(rials));

const absolute = (snapshot: Snapshot, path: string) => new URL(path, snapshot.store.origin).toString();

/** The originals, main image first: both sites want the full picture, never a thumbnail. */
function imageLinks(snapshot: Snapshot, product: SnapshotProduct): string[] {
  return product.images.map((image) => absolute(snapshot, image.url));
}

function categoryName(snapshot: Snapshot, product: SnapshotProduct): string {
  return snapshot.categories.find((c) => c.id === product.categoryId)?.nameFa ?? "";
}

/** The categorizer values the product is sold in («رنگ: آبی، قرمز»), as Torob's spec dictionary. */
function specOf(snapshot: Snapshot, product: SnapshotProduct): Record<string, string> {
  const spec: Record<string, string> = {};
  for (const attribute of snapshot.attributes) {
    const valueIds = new Set(product.instances.map((i) => i.values[attribute.id]).filter((id): id is string => Boolean(id)));
    const values = attribute.values.filter((v) => valueIds.has(v.id)).map((v) => v.valueFa);
    if (values.length > 0) spec[attribute.nameFa] = values.join("، ");
  }
  return spec;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Newest first, the order both sites ask for. */
function feedProducts(snapshot: Snapshot): SnapshotProduct[] {
  return [...snapshot.products].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

export function torobFeed(snapshot: Snapshot) {
  const products = feedProducts(snapshot).map((product) => {
    const available = inStock(product);
    return {
      page_unique: product.id,
      page_url: absolute(snapshot, productUrl(product)),
      title: clip(product.nameFa, 500),
      ...(product.name && product.name !== product.nameFa ? { subtitle: clip(product.name, 500) } : {}),
      current_price: available ? tomans(displayPrice(product)) : 0,
      availability: available,
      category_name: clip(categoryName(snapshot, product), 200),
      image_links: imageLinks(snapshot, product),
      spec: specOf(snapshot, product),
      short_desc: clip(product.descriptionText, 500),
      date_added: product.createdAt,
    };
  });
  return { api_version: "torob_api_v3", current_page: 1, total: products.length, max_pages: 1, next_cursor: null, products };
}

export function emallsFeed(snapshot: Snapshot) {
  const products = feedProducts(snapshot).map((product) => {
    const image = imageLinks(snapshot, product)[0];
    return {
      id: product.id,
      title: product.nameFa,
      url: absolute(snapshot, productUrl(product)),
      price: tomans(displayPrice(product)),
      category: categoryName(snapshot, product),
      ...(image ? { image } : {}),
      is_available: inStock(product),
    };
  });
  return {
    success: true,
    products,
    total_items: products.length,
    pages_count: 1,
    item_per_page: Math.max(products.length, 1),
    page_num: 1,
  };
}

/**
 * JSON with `<`, `>` and `&` as \u escapes: the same data to a JSON reader,
 * and no markup a careless HTML renderer of the feed could ever run.
 */
export function feedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
