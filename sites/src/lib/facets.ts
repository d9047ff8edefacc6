import { perSnapshot, productsInCategory, productsWithValue } from "./catalog.ts";
import type { Snapshot, SnapshotAttribute, SnapshotCategory, SnapshotProduct } from "./snapshot.ts";

export interface FacetPage {
  category: SnapshotCategory;
  attribute: SnapshotAttribute;
  value: SnapshotAttribute["values"][number];
  /** The last URL segment: the value's slug, prefixed by the attribute's when two attributes share a value slug. */
  segment: string;
  products: SnapshotProduct[];
}

/**
 * One page per value of a categorizer category's categorizer attributes
 * (DESIGN.md: `/c/t-shirts/red`), for the values some product there has.
 */
export function facetPages(snapshot: Snapshot): FacetPage[] {
  // Every category and facet page asks for them: found once per snapshot (the same array each time: don't change it).
  return perSnapshot(facets, snapshot, "", () => findFacetPages(snapshot));
}

const facets = new WeakMap<Snapshot, Map<string, FacetPage[]>>();

function findFacetPages(snapshot: Snapshot): FacetPage[] {
  const attributes = new Map(snapshot.attributes.map((a) => [a.id, a]));
  const pages: FacetPage[] = [];
  for (const category of snapshot.categories.filter((c) => c.isCategorizer)) {
    const products = productsInCategory(snapshot, category);
    const facets = category.facetAttributeIds
      .map((id) => attributes.get(id))
      .filter((a): a is SnapshotAttribute => a !== undefined && a.isCategorizer);
    const slugCount = new Map<string, number>();
    for (const attribute of facets) for (const value of attribute.values) slugCount.set(value.slug, (slugCount.get(value.slug) ?? 0) + 1);
    for (const attribute of facets) {
      for (const value of attribute.values) {
        const matching = productsWithValue(products, attribute.id, value.id);
        if (matching.length === 0) continue;
        const segment = (slugCount.get(value.slug) ?? 0) > 1 ? `${attribute.slug}-${value.slug}` : value.slug;
        pages.push({ category, attribute, value, segment, products: matching });
      }
    }
  }
  return pages;
}

export const facetUrl = (facet: Pick<FacetPage, "category" | "segment">) => `/c/${facet.category.slug}/${facet.segment}/`;
