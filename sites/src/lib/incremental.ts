import { categoryUrl, paginate, productsInCategory, productUrl, ancestry, relatedProducts } from "./catalog.ts";
import { INDEX_LIMIT } from "./browse.ts";
import { facetPages, facetUrl } from "./facets.ts";
import type { Snapshot, SnapshotProduct } from "./snapshot.ts";

export type BuildPlan = { full: true; reason: string } | { full: false; paths: string[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a change from one snapshot to the next needs rebuilt. A change to the
 * store, a category or an attribute shows on every page (header, facets): a
 * full build. A product change rebuilds its own page (old and new address)
 * and the listing and facet pages of the categories above it that show it
 * (all of them when its place in the listings moves), and the pages of the
 * products that list it (or listed it) among their related products; the
 * pages without parameters (home, search index, sitemap, cart…) are always
 * rebuilt because they are few and cheap.
 */
export function planBuild(previous: Snapshot, next: Snapshot): BuildPlan {
  if (!same(previous.store, next.store)) return { full: true, reason: "store settings changed" };
  if (!same(previous.categories, next.categories)) return { full: true, reason: "categories changed" };
  if (!same(previous.attributes, next.attributes)) return { full: true, reason: "attributes changed" };
  if (!same(previous.pages, next.pages)) return { full: true, reason: "content pages changed" };
  const before = new Map(previous.products.map((p) => [p.id, p]));
  const after = new Map(next.products.map((p) => [p.id, p]));
  const changed: SnapshotProduct[] = [];
  const changedIds = new Set<string>();
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(id);
    const now = after.get(id);
    if (same(old, now)) continue;
    changedIds.add(id);
    if (old) changed.push(old);
    if (now) changed.push(now);
  }
  const paths = new Set<string>();
  // A product whose place in listings is unchanged (same category, same date, still listed) touches only the
  // listing pages that show it; one that moves, appears or goes reshuffles every page of its categories.
  const reshuffled = new Set<string>();
  const shownOn = new Set<string>();
  for (const product of changed) {
    paths.add(productUrl(product));
    const old = before.get(product.id);
    const now = after.get(product.id);
    const stays = old && now && old.categoryId === now.categoryId && old.createdAt === now.createdAt;
    for (const snapshot of [previous, next]) {
      const category = snapshot.categories.find((c) => c.id === product.categoryId);
      if (!category) continue;
      for (const c of ancestry(snapshot, category)) (stays ? shownOn : reshuffled).add(c.id);
    }
  }
  for (const snapshot of [previous, next]) {
    const facets = facetPages(snapshot);
    for (const category of snapshot.categories) {
      if (!reshuffled.has(category.id) && !shownOn.has(category.id)) continue;
      const listed = productsInCategory(snapshot, category);
      // The browsing index holds every product of the category.
      if (listed.length <= INDEX_LIMIT) paths.add(`/c/${category.slug}/index.json`);
      const pages = paginate(listed);
      pages.forEach((page, i) => {
        if (reshuffled.has(category.id) || page.some((p) => changedIds.has(p.id))) paths.add(categoryUrl(category, i + 1));
      });
      for (const facet of facets.filter((f) => f.category.id === category.id)) {
        if (reshuffled.has(category.id) || facet.products.some((p) => changedIds.has(p.id))) paths.add(facetUrl(facet));
      }
    }
  }
  // Related products are the newest of the same category, shown as cards: the pages whose list holds a product whose
  // card changed, before or after (a model's attribute value alone changes the product's own page, not its card).
  const cardChanged = new Set([...changedIds].filter((id) => !same(cardOf(before.get(id)), cardOf(after.get(id)))));
  const changedCategories = new Set(changed.map((p) => p.categoryId).filter((id): id is string => id !== null));
  for (const snapshot of [previous, next]) {
    for (const product of snapshot.products) {
      if (!product.categoryId || !changedCategories.has(product.categoryId)) continue;
      if (relatedProducts(snapshot, product).some((p) => cardChanged.has(p.id))) paths.add(productUrl(product));
    }
  }
  return { full: false, paths: [...paths].sort() };
}

/** What a product card (ProductCard in every theme) is made of: the whole product but its models' attribute values. */
function cardOf(product: SnapshotProduct | undefined) {
  return product && { ...product, instances: product.instances.map(({ values: _values, ...instance }) => instance) };
}

/** The URL path a built file answers (`p/x/index.html` → `/p/x/`), for matching files against a plan. */
export function urlOfFile(relative: string): string {
  return relative.endsWith("index.html") ? `/${relative.slice(0, -"index.html".length)}` : `/${relative}`;
}
