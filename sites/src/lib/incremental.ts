import { categoryUrl, paginate, productsInCategory, productUrl, ancestry } from "./catalog.ts";
import { facetPages, facetUrl } from "./facets.ts";
import type { Snapshot, SnapshotProduct } from "./snapshot.ts";

export type BuildPlan = { full: true; reason: string } | { full: false; paths: string[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a change from one snapshot to the next needs rebuilt. A change to the
 * store, a category or an attribute shows on every page (header, facets): a
 * full build. A product change rebuilds its own page (old and new address),
 * every listing page of the categories above it, and their facet pages; the
 * pages without parameters (home, search index, sitemap, cart…) are always
 * rebuilt because they are few and cheap.
 */
export function planBuild(previous: Snapshot, next: Snapshot): BuildPlan {
  if (!same(previous.store, next.store)) return { full: true, reason: "store settings changed" };
  if (!same(previous.categories, next.categories)) return { full: true, reason: "categories changed" };
  if (!same(previous.attributes, next.attributes)) return { full: true, reason: "attributes changed" };
  const before = new Map(previous.products.map((p) => [p.id, p]));
  const after = new Map(next.products.map((p) => [p.id, p]));
  const changed: SnapshotProduct[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(id);
    const now = after.get(id);
    if (same(old, now)) continue;
    if (old) changed.push(old);
    if (now) changed.push(now);
  }
  const paths = new Set<string>();
  const categoryIds = new Set<string>();
  for (const product of changed) {
    paths.add(productUrl(product));
    const category = next.categories.find((c) => c.id === product.categoryId);
    if (category) for (const c of ancestry(next, category)) categoryIds.add(c.id);
  }
  for (const snapshot of [previous, next]) {
    const facets = facetPages(snapshot);
    for (const category of snapshot.categories.filter((c) => categoryIds.has(c.id))) {
      paginate(productsInCategory(snapshot, category)).forEach((_, i) => paths.add(categoryUrl(category, i + 1)));
      for (const facet of facets.filter((f) => f.category.id === category.id)) paths.add(facetUrl(facet));
    }
  }
  return { full: false, paths: [...paths].sort() };
}

/** The URL path a built file answers (`p/x/index.html` → `/p/x/`), for matching files against a plan. */
export function urlOfFile(relative: string): string {
  return relative.endsWith("index.html") ? `/${relative.slice(0, -"index.html".length)}` : `/${relative}`;
}
