import { useEffect, useState } from "react";
import { formatToman, toPersianDigits } from "../lib/format.ts";
import { setQuantity, updatePrices, useCart } from "./cart-store.ts";
import { fetchLiveInstances } from "./live-product.ts";

/** The cart page: lines kept in the browser, prices re-checked against the API on every visit. */
export default function CartView({ storeSlug }: { storeSlug: string }) {
  const lines = useCart(storeSlug);
  const [changed, setChanged] = useState<string[]>([]);

  useEffect(() => {
    const productIds = [...new Set(lines.map((l) => l.productId))];
    if (productIds.length === 0) return;
    const controller = new AbortController();
    void Promise.all(productIds.map((id) => fetchLiveInstances(id, controller.signal))).then((results) => {
      const prices = new Map<string, number>();
      for (const result of results) for (const [id, live] of result ?? []) prices.set(id, live.price);
      const differing = lines.filter((l) => prices.has(l.instanceId) && prices.get(l.instanceId) !== l.unitPrice).map((l) => l.name);
      if (differing.length > 0) {
        setChanged(differing);
        updatePrices(storeSlug, prices);
      }
    });
    return () => controller.abort();
    // Re-check once per visit (storeSlug only), not on every quantity change.
  }, [storeSlug]);

  if (lines.length === 0) {
    return (
      <p data-testid="cart-empty" className="py-12 text-center text-[var(--c-muted)]">
        سبد خرید شما خالی است. <a href="/" className="underline">دیدن محصولات</a>
      </p>
    );
  }
  const total = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  return (
    <div className="space-y-4" data-testid="cart">
      {changed.length > 0 && (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          قیمت این کالاها تغییر کرده و به‌روز شد: {changed.join("، ")}
        </p>
      )}
      <ul className="divide-y divide-[var(--c-line)]">
        {lines.map((line) => (
          <li key={line.instanceId} className="flex items-center gap-4 py-4" data-testid="cart-line">
            {line.image && <img src={line.image} alt="" width={64} height={64} className="h-16 w-16 rounded object-cover" />}
            <div className="flex-1">
              <a href={`/p/${line.slug}/`} className="font-bold">
                {line.name}
              </a>
              {line.variant && <p className="text-sm text-[var(--c-muted)]">{line.variant}</p>}
              <p className="text-sm">{formatToman(line.unitPrice)}</p>
            </div>
            <div className="flex items-center gap-2">
              <button type="button" aria-label="یکی کمتر" className="h-9 w-9 rounded-full border" onClick={() => setQuantity(storeSlug, line.instanceId, line.quantity - 1)}>
                −
              </button>
              <span data-testid="cart-quantity" className="min-w-6 text-center">
                {toPersianDigits(line.quantity)}
              </span>
              <button type="button" aria-label="یکی بیشتر" className="h-9 w-9 rounded-full border" onClick={() => setQuantity(storeSlug, line.instanceId, line.quantity + 1)}>
                +
              </button>
            </div>
          </li>
        ))}
      </ul>
      <div className="flex items-center justify-between border-t border-[var(--c-line)] pt-4">
        <span className="font-bold">جمع سبد خرید</span>
        <span className="text-xl font-black" data-testid="cart-total">
          {formatToman(total)}
        </span>
      </div>
      <a href="/checkout/" className="block rounded-xl bg-[var(--c-primary)] px-6 py-3 text-center font-bold text-[var(--c-primary-ink)]">
        ادامهٔ خرید و پرداخت
      </a>
    </div>
  );
}
