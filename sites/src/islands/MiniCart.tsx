import { useEffect, useId, useRef, useState } from "react";
import { formatToman, toPersianDigits } from "@mall/locale";
import { useCart } from "./cart-store.ts";
import { startCartSync } from "./cart-sync.ts";

/** The cart icon the header shows on every page and screen size. */
function CartIcon() {
  return (
    <svg
      width="24"
      height="24"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M3 4h2l2.4 11.2a1 1 0 0 0 1 .8h9.2a1 1 0 0 0 1-.8L20 8H6.2" />
      <circle cx="9" cy="20" r="1.4" />
      <circle cx="17" cy="20" r="1.4" />
    </svg>
  );
}

/**
 * The header's cart: an icon with the number of items, which opens a small
 * panel of the lines, their total and the way to the cart and checkout.
 * Without JavaScript (or before the island wakes) it is a plain link to /cart/.
 */
export default function MiniCart({ storeSlug }: { storeSlug: string }) {
  const lines = useCart(storeSlug);
  const [open, setOpen] = useState(false);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  // A signed-in shopper's cart is kept on the server: every page fetches it here and saves each change.
  useEffect(() => startCartSync(storeSlug), [storeSlug]);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", close);
    document.addEventListener("pointerdown", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("pointerdown", close);
    };
  }, [open]);

  const label = count > 0 ? `سبد خرید، ${toPersianDigits(count)} کالا` : "سبد خرید، خالی";
  return (
    <div ref={root} className="relative" data-testid="mini-cart" data-ready={ready ? "yes" : "no"}>
      <a
        href="/cart/"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="cart-link"
        className="relative flex h-11 min-w-11 items-center justify-center rounded-full px-2 hover:bg-black/5"
        onClick={(event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          setOpen(!open);
        }}
      >
        <CartIcon />
        {count > 0 && (
          <span
            data-testid="cart-count"
            className="absolute -top-0.5 -start-0.5 min-w-5 rounded-full bg-[var(--c-accent)] px-1 text-center text-xs leading-5 font-bold text-white"
          >
            {toPersianDigits(count)}
          </span>
        )}
      </a>
      {open && (
        <div
          id={panelId}
          role="dialog"
          aria-label="سبد خرید"
          data-testid="mini-cart-panel"
          className="fixed inset-x-2 top-16 z-30 max-h-[75vh] overflow-y-auto rounded-2xl border border-[var(--c-line)] bg-[var(--c-surface)] p-4 text-[var(--c-ink)] shadow-xl sm:absolute sm:inset-x-auto sm:end-0 sm:top-12 sm:w-96"
        >
          {lines.length === 0 ? (
            <p className="py-4 text-center text-sm text-[var(--c-muted)]">سبد خرید شما خالی است.</p>
          ) : (
            <>
              <ul className="divide-y divide-[var(--c-line)]">
                {lines.slice(0, 5).map((line) => (
                  <li key={line.instanceId} className="flex items-center gap-3 py-2 text-sm">
                    {line.image ? (
                      <img src={line.image} alt="" width={48} height={48} className="h-12 w-12 shrink-0 rounded object-cover" />
                    ) : (
                      <span className="h-12 w-12 shrink-0 rounded bg-[var(--c-line)]" aria-hidden="true" />
                    )}
                    <span className="min-w-0 flex-1">
                      <a href={`/p/${line.slug}/`} className="block truncate font-bold">
                        {line.name}
                      </a>
                      <span className="block text-xs text-[var(--c-muted)]">
                        {[line.variant, `${toPersianDigits(line.quantity)} عدد`].filter(Boolean).join(" · ")}
                      </span>
                    </span>
                    <span className="shrink-0 font-bold">{formatToman(line.unitPrice * line.quantity)}</span>
                  </li>
                ))}
              </ul>
              {lines.length > 5 && <p className="py-1 text-xs text-[var(--c-muted)]">و {toPersianDigits(lines.length - 5)} قلم دیگر</p>}
              <p className="flex justify-between border-t border-[var(--c-line)] pt-3 font-bold">
                <span>جمع</span>
                <span data-testid="mini-cart-total">{formatToman(total)}</span>
              </p>
              <div className="mt-3 grid grid-cols-2 gap-2 text-center text-sm font-bold">
                <a href="/cart/" className="flex min-h-11 items-center justify-center rounded-xl border border-[var(--c-line)]">
                  دیدن سبد خرید
                </a>
                <a
                  href="/checkout/"
                  className="flex min-h-11 items-center justify-center rounded-xl bg-[var(--c-primary)] text-[var(--c-primary-ink)]"
                >
                  ثبت سفارش
                </a>
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
