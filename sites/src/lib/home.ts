import type { Snapshot, SnapshotCategory, SnapshotImage, SnapshotProduct } from "./snapshot.ts";
import { newestFirst, rootCategories, subtreeIds } from "./catalog.ts";

/** How many products a home section shows. */
export const SECTION_SIZE = 8;

export interface HomeSections {
  banners: Snapshot["store"]["banners"];
  categories: Array<{ category: SnapshotCategory; image: SnapshotImage | undefined }>;
  /** Best sellers (units sold in paid orders), then the best rated: what the store is known for. */
  featured: SnapshotProduct[];
  newest: SnapshotProduct[];
  /** Most viewed. */
  popular: SnapshotProduct[];
  /** In an automatic promotion now, the largest percentage first. */
  discounted: SnapshotProduct[];
}

const byId = (a: SnapshotProduct, b: SnapshotProduct) => a.id.localeCompare(b.id);

/**
 * What every theme's home page may show, computed once from the snapshot;
 * each theme picks, orders and draws the sections its own way. A section
 * with nothing to show is an empty list (the theme leaves it out).
 */
export function homeSections(snapshot: Snapshot): HomeSections {
  const products = snapshot.products;
  const sorted = [...products].sort(newestFirst);
  const firstImage = (categoryId: string) => {
    const ids = subtreeIds(snapshot, categoryId);
    return sorted.find((p) => p.categoryId !== null && ids.has(p.categoryId) && p.images.length > 0)?.images[0];
  };
  const newest = sorted.slice(0, SECTION_SIZE);
  const popular = [...products].sort((a, b) => b.popularity - a.popularity || byId(a, b)).slice(0, SECTION_SIZE);
  const featured = products
    .filter((p) => p.sold > 0 || p.rating)
    .sort((a, b) => b.sold - a.sold || (b.rating?.average ?? 0) - (a.rating?.average ?? 0) || byId(a, b))
    .slice(0, SECTION_SIZE);
  const discounted = products
    .filter((p) => p.promotion)
    .sort((a, b) => (b.promotion?.percent ?? 0) - (a.promotion?.percent ?? 0) || byId(a, b))
    .slice(0, SECTION_SIZE);
  return {
    banners: snapshot.store.banners,
    categories: rootCategories(snapshot).map((category) => ({ category, image: firstImage(category.id) })),
    featured,
    newest,
    popular,
    discounted,
  };
}
