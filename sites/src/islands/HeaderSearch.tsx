import { useEffect, useId, useRef, useState } from "react";
import { formatToman } from "@mall/locale";
import { useTypedBeforeHydration } from "../lib/typed-before-hydration.ts";

interface Suggestion {
  products: Array<{
    id: string;
    slug: string;
    nameFa: string;
    minPrice: number;
    inStock: boolean;
    images: Array<{ url: string; variants?: Array<{ format: string; width: number; url: string }> }>;
  }>;
  categories: Array<{ id: string; slug: string; nameFa: string }>;
}

/** The smallest WebP the media pipeline made, for a 40px thumbnail. */
export function thumbnail(images: Suggestion["products"][number]["images"]): string | null {
  const image = images[0];
  if (!image) return null;
  return [...(image.variants ?? [])].filter((v) => v.format === "webp").sort((a, b) => a.width - b.width)[0]?.url ?? image.url;
}

/**
 * The header's search box: a plain GET form to /search/ (it works before
 * the island wakes, or without JavaScript), which keeps the query on the
 * search page and suggests products and categories as the shopper types
 * (GET /api/v1/search: Persian-normalised, close spellings too).
 */
export default function HeaderSearch({ rounded = false }: { rounded?: boolean }) {
  const [query, setQuery] = useState("");
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const root = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  // Typed before the island woke (until then the box is a plain form): kept, and suggested for.
  useTypedBeforeHydration(input, (typed) => {
    setQuery(typed);
    if (document.activeElement === input.current) setOpen(true);
  });
  useEffect(() => {
    if (!input.current?.value && location.pathname === "/search/") setQuery(new URLSearchParams(location.search).get("q") ?? "");
  }, []);

  useEffect(() => {
    const q = query.trim();
    if (!open || q.length < 2) {
      setSuggestion(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/v1/search?q=${encodeURIComponent(q)}&limit=6`, { signal: controller.signal, headers: { accept: "application/json" } })
        .then((r) => (r.ok ? (r.json() as Promise<Suggestion>) : null))
        .then((result) => {
          setSuggestion(result);
          setActive(-1);
        })
        .catch(() => {});
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, open]);

  useEffect(() => {
    const close = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", close);
    return () => document.removeEventListener("pointerdown", close);
  }, []);

  const links = [
    ...(suggestion?.categories ?? []).map((c) => ({
      key: `c-${c.id}`,
      href: `/c/${c.slug}/`,
      label: c.nameFa,
      kind: "category" as const,
      image: null,
      price: null,
    })),
    ...(suggestion?.products ?? []).map((p) => ({
      key: `p-${p.id}`,
      href: `/p/${p.slug}/`,
      label: p.nameFa,
      kind: "product" as const,
      image: thumbnail(p.images),
      price: p.inStock ? formatToman(p.minPrice) : "ناموجود",
    })),
  ];
  const showList = open && links.length > 0;

  return (
    <form
      ref={root}
      action="/search/"
      method="get"
      role="search"
      className="relative flex w-full"
      onKeyDown={(event) => {
        if (event.key === "Escape") setOpen(false);
        if (!showList) return;
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          setActive((current) => (current + (event.key === "ArrowDown" ? 1 : -1) + links.length) % links.length);
        }
        if (event.key === "Enter" && active >= 0) {
          event.preventDefault();
          location.assign(links[active]!.href);
        }
      }}
    >
      <label htmlFor="q" className="sr-only">
        جست‌وجو
      </label>
      <input
        ref={input}
        id="q"
        name="q"
        type="search"
        data-search-input
        autoComplete="off"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        placeholder="جست‌وجوی کالا…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        className={`h-11 min-w-0 flex-1 border border-[var(--c-line)] bg-white px-4 text-base text-[var(--c-ink)] md:text-sm ${rounded ? "rounded-s-full" : "rounded-s-lg"}`}
      />
      <button
        type="submit"
        aria-label="جست‌وجو"
        className={`flex h-11 w-12 shrink-0 items-center justify-center bg-[var(--c-primary)] text-[var(--c-primary-ink)] ${rounded ? "rounded-e-full" : "rounded-e-lg"}`}
      >
        <svg
          width="20"
          height="20"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.2"
          strokeLinecap="round"
        >
          <circle cx="11" cy="11" r="7" />
          <path d="M20 20l-4-4" />
        </svg>
      </button>
      <ul
        id={listId}
        role="listbox"
        aria-label="پیشنهادها"
        data-testid="suggestions"
        hidden={!showList}
        className="absolute inset-x-0 top-12 z-30 max-h-[70vh] overflow-y-auto rounded-2xl border border-[var(--c-line)] bg-[var(--c-surface)] p-2 text-[var(--c-ink)] shadow-xl"
      >
        {links.map((link, i) => (
          <li key={link.key} id={`${listId}-${i}`} role="option" aria-selected={i === active}>
            <a
              href={link.href}
              className={`flex min-h-11 items-center gap-3 rounded-lg px-2 py-1 text-sm ${i === active ? "bg-[var(--c-line)]" : "hover:bg-[var(--c-line)]"}`}
            >
              {link.kind === "category" ? (
                <span className="rounded-full border border-[var(--c-line)] px-2 text-xs text-[var(--c-muted)]">دسته</span>
              ) : link.image ? (
                <img src={link.image} alt="" width={40} height={40} className="h-10 w-10 rounded object-cover" />
              ) : (
                <span className="h-10 w-10 rounded bg-[var(--c-line)]" aria-hidden="true" />
              )}
              <span className="min-w-0 flex-1 truncate font-bold">{link.label}</span>
              {link.price && <span className="shrink-0 text-[var(--c-muted)]">{link.price}</span>}
            </a>
          </li>
        ))}
      </ul>
    </form>
  );
}
