import { toLatinDigits } from "@mall/locale";
/**
 * Category browsing over a compact per-category index (built with the site
 * as /c/{slug}/index.json) or, for a category too big for one file, the
 * API: sort, price range, in stock only and facets together, the state kept
 * in the page's query string (links and the back button work). Pure: the
 * build writes the index with it and the island reads it with it.
 */

export const SORTS = ["newest", "price_asc", "price_desc", "popular", "best_selling"] as const;
export type BrowseSort = (typeof SORTS)[number];
export const SORT_LABELS: Record<BrowseSort, string> = {
  newest: "جدیدترین",
  price_asc: "ارزان‌ترین",
  price_desc: "گران‌ترین",
  popular: "پربازدیدترین",
  best_selling: "پرفروش‌ترین",
};

/** Categories with more products than this get no index file: the island asks the API. */
export const INDEX_LIMIT = 2000;

export interface IndexAttribute {
  id: string;
  slug: string;
  name: string;
  type: string;
  values: Array<{ id: string; slug: string; label: string; hex: string | null }>;
}

/** One product in the index: short keys, since a category may hold two thousand. */
export interface IndexProduct {
  /** id, slug, Persian name */
  i: string;
  s: string;
  n: string;
  /** Rials, as the listing card shows it. */
  p: number;
  /** 1 in stock, 0 not */
  k: 0 | 1;
  /** views */
  v: number;
  /** units sold */
  b: number;
  /** image URL or null */
  m: string | null;
  /** attribute value ids its instances carry */
  a: string[];
}

/** Products in newest-first order: the position is the "newest" sort. */
export interface CategoryIndex {
  attributes: IndexAttribute[];
  products: IndexProduct[];
}

export interface BrowseState {
  sort: BrowseSort;
  /** Toman, as the shopper types them; null: no bound. */
  min: number | null;
  max: number | null;
  inStock: boolean;
  /** attribute slug → chosen value slugs */
  values: Record<string, string[]>;
}

export const EMPTY_STATE: BrowseState = { sort: "newest", min: null, max: null, inStock: false, values: {} };

const toman = (raw: string | null): number | null => {
  if (raw === null || raw.trim() === "") return null;
  const latin = toLatinDigits(raw).replace(/[^\d]/g, "");
  if (latin === "") return null;
  const value = Number(latin);
  return Number.isSafeInteger(value) ? value : null;
};

/** The state a query string names; unknown attributes and values are ignored. */
export function parseState(search: string, attributes: IndexAttribute[]): BrowseState {
  const params = new URLSearchParams(search);
  const sort = params.get("sort");
  const values: Record<string, string[]> = {};
  for (const attribute of attributes) {
    const chosen = (params.get(attribute.slug) ?? "").split(",").filter((slug) => attribute.values.some((v) => v.slug === slug));
    if (chosen.length > 0) values[attribute.slug] = chosen;
  }
  return {
    sort: SORTS.includes(sort as BrowseSort) ? (sort as BrowseSort) : "newest",
    min: toman(params.get("min")),
    max: toman(params.get("max")),
    inStock: params.get("stock") === "1",
    values,
  };
}

/** The query string for a state ("" for the default view), in a fixed order so the same state is the same link. */
export function stateQuery(state: BrowseState, attributes: IndexAttribute[]): string {
  const params = new URLSearchParams();
  for (const attribute of attributes) {
    const chosen = state.values[attribute.slug] ?? [];
    if (chosen.length > 0)
      params.set(
        attribute.slug,
        attribute.values
          .filter((v) => chosen.includes(v.slug))
          .map((v) => v.slug)
          .join(","),
      );
  }
  if (state.min !== null) params.set("min", String(state.min));
  if (state.max !== null) params.set("max", String(state.max));
  if (state.inStock) params.set("stock", "1");
  if (state.sort !== "newest") params.set("sort", state.sort);
  const query = params.toString().replace(/%2C/g, ",");
  return query ? `?${query}` : "";
}

/** Filters and sorts the index: values of one attribute are alternatives, attributes combine; prices in Toman. */
export function browse(index: CategoryIndex, state: BrowseState): IndexProduct[] {
  const wanted = index.attributes
    .map((attribute) => new Set(attribute.values.filter((v) => (state.values[attribute.slug] ?? []).includes(v.slug)).map((v) => v.id)))
    .filter((set) => set.size > 0);
  const min = state.min === null ? null : state.min * 10;
  const max = state.max === null ? null : state.max * 10;
  const matching = index.products
    .map((product, position) => ({ product, position }))
    .filter(
      ({ product }) =>
        (!state.inStock || product.k === 1) &&
        (min === null || product.p >= min) &&
        (max === null || product.p <= max) &&
        wanted.every((set) => product.a.some((id) => set.has(id))),
    );
  const by: Record<BrowseSort, (a: { product: IndexProduct; position: number }, b: { product: IndexProduct; position: number }) => number> =
    {
      newest: (a, b) => a.position - b.position,
      price_asc: (a, b) => a.product.p - b.product.p || a.position - b.position,
      price_desc: (a, b) => b.product.p - a.product.p || a.position - b.position,
      popular: (a, b) => b.product.v - a.product.v || a.position - b.position,
      best_selling: (a, b) => b.product.b - a.product.b || a.position - b.position,
    };
  return matching.sort(by[state.sort]).map(({ product }) => product);
}
