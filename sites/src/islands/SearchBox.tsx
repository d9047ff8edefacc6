import { useEffect, useMemo, useState } from "react";
import { formatToman, searchKey } from "@mall/locale";

interface Entry {
  slug: string;
  name: string;
  key: string;
  price: number;
  image: string | null;
}

/** Searches the site's static index (search-index.json) as the shopper types, Persian or English. */
export default function SearchBox() {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [query, setQuery] = useState(() => (typeof location === "undefined" ? "" : (new URLSearchParams(location.search).get("q") ?? "")));

  useEffect(() => {
    void fetch("/search-index.json")
      .then((r) => r.json() as Promise<Entry[]>)
      .then(setEntries)
      .catch(() => setEntries([]));
  }, []);

  const words = useMemo(() => query.split(/\s+/).map(searchKey).filter(Boolean), [query]);
  const results = entries && words.length > 0 ? entries.filter((e) => words.every((w) => e.key.includes(w))).slice(0, 60) : [];

  return (
    <div className="space-y-4">
      <label htmlFor="search" className="block font-bold">
        جست‌وجو در محصولات
      </label>
      <input
        id="search"
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="نام کالا را بنویسید…"
        className="w-full rounded-xl border border-[var(--c-line)] bg-white px-4 py-3"
      />
      {entries === null && <p className="text-sm text-[var(--c-muted)]">در حال بارگذاری…</p>}
      {entries && words.length > 0 && results.length === 0 && <p className="text-sm text-[var(--c-muted)]">محصولی پیدا نشد.</p>}
      <ul className="grid grid-cols-2 gap-4 md:grid-cols-4" data-testid="search-results">
        {results.map((r) => (
          <li key={r.slug}>
            <a href={`/p/${r.slug}/`} className="block">
              {r.image && <img src={r.image} alt="" loading="lazy" className="aspect-square w-full rounded-lg object-cover" />}
              <span className="mt-2 block font-bold">{r.name}</span>
              <span className="text-sm">{formatToman(r.price)}</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
