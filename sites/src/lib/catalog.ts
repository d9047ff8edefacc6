import type { Snapshot, SnapshotCategory, SnapshotInstance, SnapshotProduct } from "./snapshot.ts";
import type { CategoryIndex, IndexAttribute } from "./browse.ts";

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

/**
 * Work a build asks for on many pages (a category's products, its facets,
 * its filters) is done once per snapshot and category and kept here: on a
 * 10,000-product store every category and facet page recomputed it over the
 * whole catalog, a third of the build's time. A snapshot is never changed
 * once read (tests change clones), so what is kept stays true.
 */
export function perSnapshot<T>(cache: WeakMap<Snapshot, Map<string, T>>, snapshot: Snapshot, key: string, make: () => T): T {
  let entries = cache.get(snapshot);
  if (!entries) cache.set(snapshot, (entries = new Map()));
  if (!entries.has(key)) entries.set(key, make());
  return entries.get(key)!;
}

const inCategory = new WeakMap<Snapshot, Map<string, SnapshotProduct[]>>();

/** A category's products and those of the categories below it, newest first (the same array for the same snapshot: don't change it). */
export function productsInCategory(snapshot: Snapshot, category: SnapshotCategory): SnapshotProduct[] {
  return perSnapshot(inCategory, snapshot, category.id, () => {
    const ids = subtreeIds(snapshot, category.id);
    return snapshot.products.filter((p) => p.categoryId !== null && ids.has(p.categoryId)).sort(newestFirst);
  });
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

export const categoryUrl = (category: SnapshotCategory, page = 1) =>
  page > 1 ? `/c/${category.slug}/page/${page}/` : `/c/${category.slug}/`;
export const productUrl = (product: SnapshotProduct) => `/p/${product.slug}/`;

/** How many related products a product page shows. */
export const RELATED_COUNT = 8;

const newestByCategory = new WeakMap<Snapshot, Map<string, SnapshotProduct[]>>();

/**
 * Other products of the same category, newest first: the product page's
 * «محصولات مرتبط». Each category's newest few are found once per snapshot,
 * so a 10,000-product store does not sort its catalog once per page.
 */
export function relatedProducts(snapshot: Snapshot, product: SnapshotProduct): SnapshotProduct[] {
  if (!product.categoryId) return [];
  let byCategory = newestByCategory.get(snapshot);
  if (!byCategory) {
    byCategory = new Map();
    for (const p of [...snapshot.products].sort(newestFirst)) {
      if (!p.categoryId) continue;
      const list = byCategory.get(p.categoryId) ?? [];
      if (list.length <= RELATED_COUNT) list.push(p);
      byCategory.set(p.categoryId, list);
    }
    newestByCategory.set(snapshot, byCategory);
  }
  return (byCategory.get(product.categoryId) ?? []).filter((p) => p.id !== product.id).slice(0, RELATED_COUNT);
}

const filters = new WeakMap<Snapshot, Map<string, IndexAttribute[]>>();

/** The attributes a category's shoppers can filter by: its facet attributes, with the values its products carry. */
export function browseAttributes(snapshot: Snapshot, category: SnapshotCategory, products: SnapshotProduct[]): IndexAttribute[] {
  // Kept only for the category's own products, the list every caller passes.
  if (products === productsInCategory(snapshot, category))
    return perSnapshot(filters, snapshot, category.id, () => attributesOf(snapshot, category, products));
  return attributesOf(snapshot, category, products);
}

function attributesOf(snapshot: Snapshot, category: SnapshotCategory, products: SnapshotProduct[]): IndexAttribute[] {
  const used = new Set(products.flatMap((p) => p.instances.flatMap((i) => Object.values(i.values))));
  return category.facetAttributeIds
    .map((id) => snapshot.attributes.find((a) => a.id === id))
    .filter((a): a is NonNullable<typeof a> => a !== undefined)
    .map((a) => ({
      id: a.id,
      slug: a.slug,
      name: a.nameFa,
      type: a.type,
      values: a.values.filter((v) => used.has(v.id)).map((v) => ({ id: v.id, slug: v.slug, label: v.valueFa, hex: v.hex })),
    }))
    .filter((a) => a.values.length > 0);
}

/** The image a small card shows: the 320px WebP when the media pipeline made one. */
export function cardImage(product: SnapshotProduct): string | null {
  const image = product.images[0];
  return image?.variants.find((v) => v.format === "webp" && v.width === 320)?.url ?? image?.url ?? null;
}

/** A category's browsing index (lib/browse.ts): its products newest first, in short keys. */
export function categoryIndex(snapshot: Snapshot, category: SnapshotCategory): CategoryIndex {
  const products = productsInCategory(snapshot, category);
  return {
    attributes: browseAttributes(snapshot, category, products),
    products: products.map((p) => ({
      i: p.id,
      s: p.slug,
      n: p.nameFa,
      p: displayPrice(p),
      k: inStock(p) ? 1 : 0,
      v: p.popularity,
      b: p.sold,
      m: cardImage(p),
      a: [...new Set(p.instances.flatMap((i) => Object.values(i.values)))].sort(),
    })),
  };
}
