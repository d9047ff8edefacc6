import { useEffect, useState } from "react";
import { formatToman, searchKey, toLatinDigits, toPersianDigits } from "@mall/locale";
import { thumbnail } from "./HeaderSearch.tsx";
import { refreshLivePrices } from "./live-prices.ts";

interface Hit {
  id: string;
  slug: string;
  nameFa: string;
  minPrice: number;
  inStock: boolean;
  viewCount: number;
  createdAt: string;
  image: string | null;
}
interface Category {
  id: string;
  slug: string;
  nameFa: string;
}

type Sort = "relevance" | "price_asc" | "price_desc" | "newest";
const SORT_LABELS: Record<Sort, string> = { relevance: "مرتبط‌ترین", price_asc: "ارزان‌ترین", price_desc: "گران‌ترین", newest: "جدیدترین" };

/** The site's own index (search-index.json): used when the API cannot be reached, without close spellings. */
async function fromIndex(q: string): Promise<{ hits: Hit[]; categories: Category[] }> {
  const entries = (await (await fetch("/search-index.json")).json()) as Array<{
    id?: string;
    slug: string;
    name: string;
    key: string;
    price: number;
    image: string | null;
  }>;
  const words = q.split(/\s+/).map(searchKey).filter(Boolean);
  const hits = entries
    .filter((e) => words.every((w) => e.key.includes(w)))
    .map((e, i) => ({
      id: e.id ?? e.slug,
      slug: e.slug,
      nameFa: e.name,
      minPrice: e.price,
      inStock: true,
      viewCount: 0,
      createdAt: String(1e6 - i),
      image: e.image,
    }));
  return { hits, categories: [] };
}

/**
 * The search page: the header's query (?q=) answered by the store's search
 * (an exact name first, then every word, then close spellings), with
 * pictures, live prices and the count, and the same sort, price range and
 * in-stock filters as category pages, kept in the address.
 */
export default function SearchResults() {
  const [q, setQ] = useState<string | null>(null);
  const [result, setResult] = useState<{ hits: Hit[]; categories: Category[] } | null>(null);
  const [sort, setSort] = useState<Sort>("relevance");
  const [inStock, setInStock] = useState(false);
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");

  useEffect(() => {
    const params = new URLSearchParams(location.search);
    setQ((params.get("q") ?? "").trim());
    const s = params.get("sort");
    if (s && s in SORT_LABELS) setSort(s as Sort);
    setInStock(params.get("stock") === "1");
    setMin(params.get("min") ?? "");
    setMax(params.get("max") ?? "");
  }, []);

  useEffect(() => {
    if (!q) return;
    let live = true;
    fetch(`/api/v1/search?q=${encodeURIComponent(q)}&limit=100`, { headers: { accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((body: { products: Array<Omit<Hit, "image"> & { images: Parameters<typeof thumbnail>[0] }>; categories: Category[] }) => ({
        hits: body.products.map((p) => ({ ...p, image: thumbnail(p.images) })),
        categories: body.categories,
      }))
      .catch(() => fromIndex(q))
      .then((r) => live && setResult(r))
      .catch(() => live && setResult({ hits: [], categories: [] }));
    return () => {
      live = false;
    };
  }, [q]);

  // The choices live in the address, so a link or a reload shows the same list.
  useEffect(() => {
    if (q === null) return;
    const params = new URLSearchParams({ q });
    if (sort !== "relevance") params.set("sort", sort);
    if (inStock) params.set("stock", "1");
    if (min) params.set("min", min);
    if (max) params.set("max", max);
    history.replaceState(null, "", `/search/?${params}`);
  }, [q, sort, inStock, min, max]);

  const toRials = (text: string) => {
    const latin = toLatinDigits(text).replace(/[^\d]/g, "");
    return latin === "" ? null : Number(latin) * 10;
  };
  const low = toRials(min);
  const high = toRials(max);
  const hits = (result?.hits ?? []).filter(
    (h) => (!inStock || h.inStock) && (low === null || h.minPrice >= low) && (high === null || h.minPrice <= high),
  );
  if (sort === "price_asc") hits.sort((a, b) => a.minPrice - b.minPrice);
  if (sort === "price_desc") hits.sort((a, b) => b.minPrice - a.minPrice);
  if (sort === "newest") hits.sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  useEffect(() => {
    if (hits.length > 0) void refreshLivePrices(document.querySelector("[data-search-results]") ?? document);
    // Once per new answer; the filters only hide cards.
  }, [result]);

  if (q === null) return null;
  if (!q) return <p className="text-[var(--c-muted)]">نام کالایی را که می‌خواهید در کادر جست‌وجو بنویسید.</p>;
  return (
    <div className="space-y-4" data-search-results>
      <p data-testid="search-count" aria-live="polite" className="text-sm text-[var(--c-muted)]">
        {result === null ? "در حال جست‌وجو…" : `${toPersianDigits(hits.length)} محصول برای «${q}»`}
      </p>
      {result && result.categories.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label="دسته‌های مرتبط">
          {result.categories.map((c) => (
            <li key={c.id}>
              <a href={`/c/${c.slug}/`} className="flex min-h-11 items-center rounded-full border border-[var(--c-line)] px-4 text-sm">
                {c.nameFa}
              </a>
            </li>
          ))}
        </ul>
      )}
      {result && result.hits.length > 0 && (
        <div className="flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col gap-1">
            <span className="text-[var(--c-muted)]">ترتیب</span>
            <select
              value={sort}
              onChange={(e) => setSort(e.target.value as Sort)}
              className="h-11 rounded-lg border border-[var(--c-line)] bg-[var(--c-surface)] px-3"
              data-testid="search-sort"
            >
              {(Object.keys(SORT_LABELS) as Sort[]).map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-[var(--c-muted)]">از (تومان)</span>
            <input
              inputMode="numeric"
              value={min}
              onChange={(e) => setMin(e.target.value)}
              className="h-11 w-28 rounded-lg border border-[var(--c-line)] px-3"
            />
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-[var(--c-muted)]">تا (تومان)</span>
            <input
              inputMode="numeric"
              value={max}
              onChange={(e) => setMax(e.target.value)}
              className="h-11 w-28 rounded-lg border border-[var(--c-line)] px-3"
            />
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" checked={inStock} onChange={(e) => setInStock(e.target.checked)} className="h-5 w-5" />
            فقط موجود
          </label>
        </div>
      )}
      {result && hits.length === 0 && (
        <p className="py-8 text-center text-[var(--c-muted)]">محصولی پیدا نشد. املای دیگری را امتحان کنید یا از دسته‌ها دیدن کنید.</p>
      )}
      <ul className="grid grid-cols-2 gap-4 md:grid-cols-4" data-testid="search-results">
        {hits.map((hit) => (
          <li
            key={hit.id}
            data-live-product={hit.id}
            data-in-stock={hit.inStock ? "yes" : "no"}
            className="overflow-hidden rounded-2xl border border-[var(--c-line)] bg-[var(--c-surface)]"
          >
            <a href={`/p/${hit.slug}/`} className="block">
              {hit.image ? (
                <img src={hit.image} alt="" loading="lazy" width={320} height={320} className="aspect-square w-full object-cover" />
              ) : (
                <span className="block aspect-square w-full bg-[var(--c-line)]" aria-hidden="true" />
              )}
              <span className="block p-3">
                <span className="block font-bold">{hit.nameFa}</span>
                <span className="in-label mt-1 block text-sm" data-live-price>
                  {formatToman(hit.minPrice)}
                </span>
                <span className="out-label mt-1 block text-sm text-red-700">ناموجود</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
