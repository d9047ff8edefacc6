import { useEffect, useMemo, useState } from "react";
import {
  browse,
  EMPTY_STATE,
  parseState,
  SORT_LABELS,
  SORTS,
  stateQuery,
  type BrowseSort,
  type BrowseState,
  type CategoryIndex,
  type IndexAttribute,
  type IndexProduct,
} from "../lib/browse.ts";
import { formatToman, toLatinDigits, toPersianDigits } from "@mall/locale";
import { refreshLivePrices } from "./live-prices.ts";
import { Swatch } from "./Swatch.tsx";

interface Props {
  categorySlug: string;
  attributes: IndexAttribute[];
  /** /c/{slug}/index.json, or null for a category too big for one file (the API answers). */
  indexUrl: string | null;
  /** On a facet page: the category page the filters lead to, and the value this page shows. */
  categoryPath?: string;
  preset?: { attribute: string; value: string };
}

const PAGE = 24;
const API_SORT: Partial<Record<BrowseSort, string>> = {
  newest: "newest",
  price_asc: "price_asc",
  price_desc: "price_desc",
  popular: "popular",
};

/** Asks the API when there is no index: same filters, prices in Rials. */
async function fromApi(categorySlug: string, attributes: IndexAttribute[], state: BrowseState): Promise<IndexProduct[]> {
  const params = new URLSearchParams({ category: categorySlug, limit: "100", sort: API_SORT[state.sort] ?? "newest" });
  for (const attribute of attributes) {
    const chosen = state.values[attribute.slug] ?? [];
    if (chosen.length > 0) params.append("attr", `${attribute.slug}:${chosen.join(",")}`);
  }
  if (state.min !== null) params.set("minPrice", String(state.min * 10));
  if (state.max !== null) params.set("maxPrice", String(state.max * 10));
  if (state.inStock) params.set("inStock", "true");
  const response = await fetch(`/api/v1/products?${params}`, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(String(response.status));
  const body = (await response.json()) as {
    items: Array<{
      id: string;
      slug: string;
      nameFa: string;
      minPrice: number;
      inStock: boolean;
      viewCount: number;
      images: Array<{ url: string }>;
    }>;
  };
  return body.items.map((p) => ({
    i: p.id,
    s: p.slug,
    n: p.nameFa,
    p: p.minPrice,
    k: p.inStock ? 1 : 0,
    v: p.viewCount,
    b: 0,
    m: p.images[0]?.url ?? null,
    a: [],
  }));
}

function currentState(attributes: IndexAttribute[], preset: Props["preset"]): BrowseState {
  if (typeof location === "undefined") return preset ? { ...EMPTY_STATE, values: { [preset.attribute]: [preset.value] } } : EMPTY_STATE;
  const state = parseState(location.search, attributes);
  if (preset && !location.search) return { ...state, values: { [preset.attribute]: [preset.value] } };
  return state;
}

/**
 * The category page's sort and filters. The built page lists the newest
 * products; choosing anything else filters the category's index in the
 * browser (or asks the API for a big category), hides the built list and
 * shows the result, with the choice in the address. On a facet page a choice
 * leads to the category page with the facet's value kept.
 */
export default function CategoryBrowser({ categorySlug, attributes, indexUrl, categoryPath, preset }: Props) {
  // The built page's view first (what the HTML shows), then the address's choice once the island runs.
  const [state, setState] = useState<BrowseState>(() =>
    preset ? { ...EMPTY_STATE, values: { [preset.attribute]: [preset.value] } } : EMPTY_STATE,
  );
  const [index, setIndex] = useState<CategoryIndex | null>(null);
  const [apiResults, setApiResults] = useState<IndexProduct[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const [minText, setMinText] = useState("");
  const [maxText, setMaxText] = useState("");
  const baseline = preset ? { ...EMPTY_STATE, values: { [preset.attribute]: [preset.value] } } : EMPTY_STATE;
  const active = stateQuery(state, attributes) !== stateQuery(baseline, attributes);

  // The address's choice, and back and forward moving through the choices.
  useEffect(() => {
    const onPop = () => {
      const next = currentState(attributes, preset);
      setState(next);
      setMinText(next.min === null ? "" : String(next.min));
      setMaxText(next.max === null ? "" : String(next.max));
    };
    onPop();
    setReady(true);
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, [attributes, preset]);

  useEffect(() => {
    if (!active) return;
    if (indexUrl && !index) {
      fetch(indexUrl)
        .then((r) => (r.ok ? (r.json() as Promise<CategoryIndex>) : Promise.reject(new Error(String(r.status)))))
        .then(setIndex)
        .catch(() => setFailed(true));
    }
    if (!indexUrl) {
      let live = true;
      fromApi(categorySlug, attributes, state)
        .then((items) => live && setApiResults(items))
        .catch(() => live && setFailed(true));
      return () => {
        live = false;
      };
    }
  }, [active, indexUrl, index, categorySlug, attributes, state]);

  // The built list and its pages step aside while a choice is shown.
  useEffect(() => {
    for (const element of document.querySelectorAll<HTMLElement>("[data-static-listing]")) element.hidden = active;
  }, [active]);

  const results = useMemo(
    () => (!active ? null : index ? browse(index, state) : indexUrl ? null : apiResults),
    [active, index, state, indexUrl, apiResults],
  );

  useEffect(() => {
    if (results && results.length > 0) void refreshLivePrices(document.querySelector("[data-browse-results]") ?? document);
  }, [results, shown]);

  const change = (next: BrowseState) => {
    const query = stateQuery(next, attributes);
    if (categoryPath) {
      location.assign(`${categoryPath}${query}`);
      return;
    }
    history.pushState(null, "", `${location.pathname}${query}`);
    setState(next);
    setShown(PAGE);
  };
  const toggle = (attribute: IndexAttribute, slug: string) => {
    const chosen = state.values[attribute.slug] ?? [];
    change({
      ...state,
      values: { ...state.values, [attribute.slug]: chosen.includes(slug) ? chosen.filter((s) => s !== slug) : [...chosen, slug] },
    });
  };
  const applyPrice = () => {
    const parse = (text: string) => {
      const latin = toLatinDigits(text).replace(/[^\d]/g, "");
      return latin === "" ? null : Number(latin);
    };
    change({ ...state, min: parse(minText), max: parse(maxText) });
  };

  const chips: Array<{ key: string; label: string; clear: BrowseState }> = [];
  for (const attribute of attributes) {
    for (const slug of state.values[attribute.slug] ?? []) {
      const value = attribute.values.find((v) => v.slug === slug);
      if (value)
        chips.push({
          key: `${attribute.slug}:${slug}`,
          label: `${attribute.name}: ${value.label}`,
          clear: {
            ...state,
            values: { ...state.values, [attribute.slug]: (state.values[attribute.slug] ?? []).filter((s) => s !== slug) },
          },
        });
    }
  }
  if (state.min !== null) chips.push({ key: "min", label: `از ${formatToman(state.min * 10)}`, clear: { ...state, min: null } });
  if (state.max !== null) chips.push({ key: "max", label: `تا ${formatToman(state.max * 10)}`, clear: { ...state, max: null } });
  if (state.inStock) chips.push({ key: "stock", label: "فقط موجود", clear: { ...state, inStock: false } });
  const filterCount = chips.length;
  const sorts = SORTS.filter((sort) => indexUrl || API_SORT[sort]);

  return (
    <div className="mb-6 space-y-3" data-testid="browse" data-state={active ? "filtered" : "default"} data-ready={ready ? "yes" : "no"}>
      <div className="relative flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm">
          <span className="text-[var(--c-muted)]">ترتیب:</span>
          <select
            value={state.sort}
            onChange={(event) => change({ ...state, sort: event.target.value as BrowseSort })}
            className="h-11 rounded-lg border border-[var(--c-line)] bg-[var(--c-surface)] px-3"
            data-testid="sort"
          >
            {sorts.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
        <details className="group" data-testid="filters">
          <summary className="flex h-11 cursor-pointer list-none items-center gap-2 rounded-lg border border-[var(--c-line)] bg-[var(--c-surface)] px-4 text-sm">
            <svg
              width="18"
              height="18"
              viewBox="0 0 24 24"
              aria-hidden="true"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
            >
              <path d="M4 6h16M7 12h10M10 18h4" />
            </svg>
            فیلترها{filterCount > 0 && ` (${toPersianDigits(filterCount)})`}
          </summary>
          <div className="absolute inset-x-0 top-full z-20 mt-2 space-y-4 md:end-auto md:w-96 rounded-2xl border border-[var(--c-line)] bg-[var(--c-surface)] p-4 shadow-xl">
            {attributes.map((attribute) => (
              <fieldset key={attribute.id}>
                <legend className="mb-2 text-sm font-bold">{attribute.name}</legend>
                <div className="flex flex-wrap gap-2">
                  {attribute.values.map((value) => {
                    const on = (state.values[attribute.slug] ?? []).includes(value.slug);
                    return (
                      <button
                        key={value.id}
                        type="button"
                        aria-pressed={on}
                        onClick={() => toggle(attribute, value.slug)}
                        className={`flex min-h-11 items-center gap-1 rounded-full border-2 px-3 text-sm ${on ? "border-[var(--c-primary)] font-bold" : "border-[var(--c-line)]"}`}
                      >
                        {value.hex && <Swatch hex={value.hex} size={16} />}
                        {value.label}
                      </button>
                    );
                  })}
                </div>
              </fieldset>
            ))}
            <fieldset>
              <legend className="mb-2 text-sm font-bold">قیمت (تومان)</legend>
              <form
                className="flex items-center gap-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  applyPrice();
                }}
              >
                <label className="sr-only" htmlFor={`${categorySlug}-min`}>
                  کمترین قیمت به تومان
                </label>
                <input
                  id={`${categorySlug}-min`}
                  inputMode="numeric"
                  placeholder="از"
                  value={minText}
                  onChange={(e) => setMinText(e.target.value)}
                  className="h-11 w-full min-w-0 rounded-lg border border-[var(--c-line)] px-3"
                />
                <label className="sr-only" htmlFor={`${categorySlug}-max`}>
                  بیشترین قیمت به تومان
                </label>
                <input
                  id={`${categorySlug}-max`}
                  inputMode="numeric"
                  placeholder="تا"
                  value={maxText}
                  onChange={(e) => setMaxText(e.target.value)}
                  className="h-11 w-full min-w-0 rounded-lg border border-[var(--c-line)] px-3"
                />
                <button
                  type="submit"
                  className="h-11 shrink-0 rounded-lg bg-[var(--c-primary)] px-4 text-sm font-bold text-[var(--c-primary-ink)]"
                >
                  اعمال
                </button>
              </form>
            </fieldset>
            <label className="flex min-h-11 cursor-pointer items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={state.inStock}
                onChange={(e) => change({ ...state, inStock: e.target.checked })}
                className="h-5 w-5"
              />
              فقط کالاهای موجود
            </label>
          </div>
        </details>
      </div>
      {chips.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label="فیلترهای انتخاب‌شده">
          {chips.map((chip) => (
            <li key={chip.key}>
              <button
                type="button"
                onClick={() => change(chip.clear)}
                className="flex min-h-11 items-center gap-1 rounded-full bg-[var(--c-line)] px-3 text-sm"
                aria-label={`حذف فیلتر ${chip.label}`}
              >
                {chip.label} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              onClick={() => change(categoryPath ? EMPTY_STATE : baseline)}
              className="flex min-h-11 items-center px-3 text-sm underline"
              data-testid="clear-filters"
            >
              پاک کردن همه
            </button>
          </li>
        </ul>
      )}
      {failed && (
        <p role="alert" className="text-sm text-amber-900">
          فیلترها الان در دسترس نیست؛ لطفاً دوباره تلاش کنید.
        </p>
      )}
      {active && results === null && !failed && <p className="text-sm text-[var(--c-muted)]">در حال بارگذاری…</p>}
      {results && (
        <div data-browse-results>
          <p className="mb-4 text-sm text-[var(--c-muted)]" data-testid="browse-count" aria-live="polite">
            {toPersianDigits(results.length)} محصول
          </p>
          {results.length === 0 ? (
            <p className="py-8 text-center text-[var(--c-muted)]">محصولی با این فیلترها پیدا نشد.</p>
          ) : (
            <ul className="grid grid-cols-2 gap-4 md:grid-cols-4" data-testid="browse-results">
              {results.slice(0, shown).map((product) => (
                <li
                  key={product.i}
                  data-live-product={product.i}
                  data-in-stock={product.k ? "yes" : "no"}
                  className="overflow-hidden rounded-2xl border border-[var(--c-line)] bg-[var(--c-surface)]"
                >
                  <a href={`/p/${product.s}/`} className="block">
                    {product.m ? (
                      <img src={product.m} alt="" loading="lazy" width={320} height={320} className="aspect-square w-full object-cover" />
                    ) : (
                      <span className="block aspect-square w-full bg-[var(--c-line)]" aria-hidden="true" />
                    )}
                    <span className="block p-3">
                      <span className="block font-bold">{product.n}</span>
                      <span className="in-label mt-1 block text-sm" data-live-price>
                        {formatToman(product.p)}
                      </span>
                      <span className="out-label mt-1 block text-sm text-red-700">ناموجود</span>
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          {results.length > shown && (
            <button
              type="button"
              onClick={() => setShown(shown + PAGE)}
              className="mx-auto mt-6 block min-h-11 rounded-xl border border-[var(--c-line)] px-6"
            >
              نمایش بیشتر
            </button>
          )}
        </div>
      )}
    </div>
  );
}
