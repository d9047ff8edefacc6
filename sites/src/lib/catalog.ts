import type { Snapshot, SnapshotCategory, SnapshotInstance, SnapshotProduct } from "./snapshot.ts";

/** Products per page on category and facet pages. */
export const PAGE_SIZE = 24;

/** Ids of a category and every category below it. */
export function subtreeIds(snapshot: Snapshot, rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const category of snapshot.categories) {
      if (category.parentId && ids.has(category.parentId) && !ids.has(category.id)) {
        ids.add(category.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** The categories from the root down to this one, for breadcrumbs. */
export function ancestry(snapshot: Snapshot, category: SnapshotCategory): SnapshotCategory[] {
  const byId = new Map(snapshot.categories.map((c) => [c.id, c]));
  const chain: SnapshotCategory[] = [];
  let current: SnapshotCategory | undefined = category;
  while (current && chain.length < 64) {
    chain.unshift(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return chain;
}

export function rootCategories(snapshot: Snapshot): SnapshotCategory[] {
  return snapshot.categories.filter((c) => c.parentId === null).sort(byName);
}

export function childCategories(snapshot: Snapshot, parentId: string): SnapshotCategory[] {
  return snapshot.categories.filter((c) => c.parentId === parentId).sort(byName);
}

function byName(a: SnapshotCategory, b: SnapshotCategory): number {
  return a.nameFa.localeCompare(b.nameFa, "fa");
}

/** Newest first; ties broken by id so every build orders the same data the same way. */
export function newestFirst(a: SnapshotProduct, b: SnapshotProduct): number {
  return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

export function productsInCategory(snapshot: Snapshot, category: SnapshotCategory): SnapshotProduct[] {
  const ids = subtreeIds(snapshot, category.id);
  return snapshot.products.filter((p) => p.categoryId !== null && ids.has(p.categoryId)).sort(newestFirst);
}

/** The lowest price a shopper can pay now (in-stock instances first), in Rials. */
export function displayPrice(product: SnapshotProduct): number {
  const inStock = product.instances.filter((i) => i.stock > 0);
  const pool = inStock.length > 0 ? inStock : product.instances;
  if (pool.length === 0) return product.basePrice;
  return Math.min(...pool.map((i) => i.price));
}

export function inStock(product: SnapshotProduct): boolean {
  return product.instances.length === 0 ? false : product.instances.some((i) => i.stock > 0);
}

/** Products with at least one instance carrying this attribute value. */
export function productsWithValue(products: SnapshotProduct[], attributeId: string, valueId: string): SnapshotProduct[] {
  return products.filter((p) => p.instances.some((i: SnapshotInstance) => i.values[attributeId] === valueId));
}

/** Splits a list into pages of PAGE_SIZE; an empty list is one empty page. */
export function paginate<T>(items: T[]): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += PAGE_SIZE) pages.push(items.slice(i, i + PAGE_SIZE));
  return pages.length > 0 ? pages : [[]];
}

export const categoryUrl = (category: SnapshotCategory, page = 1) => (page > 1 ? `/c/${category.slug}/page/${page}/` : `/c/${category.slug}/`);
export const productUrl = (product: SnapshotProduct) => `/p/${product.slug}/`;
