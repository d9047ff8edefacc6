import { useEffect, useState } from "react";
import { formatToman, toPersianDigits } from "@mall/locale";
import { checkCart, type CartCheck } from "./cart-check.ts";
import { setQuantity, updatePrices, useCart } from "./cart-store.ts";

/**
 * The cart page: lines kept in the browser, checked against the store on
 * every visit and after every change (POST /api/v1/cart/check): current
 * prices replace old ones, and what changed (a price, stock that ran short,
 * an item no longer sold) is said in the server's Persian words, per line.
 */
export default function CartView({ storeSlug }: { storeSlug: string }) {
  const lines = useCart(storeSlug);
  const [check, setCheck] = useState<CartCheck | null>(null);
  const [offline, setOffline] = useState(false);
  const cartKey = lines.map((l) => `${l.instanceId}:${l.quantity}`).join(",");

  useEffect(() => {
    if (lines.length === 0) return;
    let live = true;
    // A short pause: pressing + five times checks once.
    const timer = setTimeout(() => {
      checkCart(lines)
        .then((result) => {
          if (!live) return;
          setOffline(false);
          setCheck(result);
          const prices = new Map(result.lines.filter((l) => l.unitPrice !== null).map((l) => [l.instanceId, l.unitPrice!]));
          if (lines.some((l) => prices.has(l.instanceId) && prices.get(l.instanceId) !== l.unitPrice)) updatePrices(storeSlug, prices);
        })
        .catch(() => live && setOffline(true));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // cartKey stands for the lines' content; a price update alone does not need another check.
  }, [cartKey, storeSlug]);

  if (lines.length === 0) {
    return (
      <p data-testid="cart-empty" className="py-12 text-center text-[var(--c-muted)]">
        سبد خرید شما خالی است. <a href="/" className="underline">دیدن محصولات</a>
      </p>
    );
  }
  const checked = new Map((check?.lines ?? []).map((l) => [l.instanceId, l]));
  const blocked = lines.some((l) => {
    const c = checked.get(l.instanceId);
    return c !== undefined && c.changes.some((change) => change.code !== "price_changed");
  });
  const total = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  return (
    <div className="space-y-4" data-testid="cart" data-checked={check ? "yes" : "no"}>
      {offline && (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          قیمت و موجودی الان بررسی نشد؛ پیش از ثبت سفارش دوباره بررسی می‌شود.
        </p>
      )}
      <ul className="divide-y divide-[var(--c-line)]">
        {lines.map((line) => {
          const status = checked.get(line.instanceId);
          return (
            <li key={line.instanceId} className="py-4" data-testid="cart-line">
              <div className="flex items-center gap-4">
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
                  <button
                    type="button"
                    aria-label="یکی بیشتر"
                    className="h-9 w-9 rounded-full border disabled:opacity-40"
                    disabled={status !== undefined && line.quantity >= status.stock}
                    onClick={() => setQuantity(storeSlug, line.instanceId, line.quantity + 1)}
                  >
                    +
                  </button>
                </div>
              </div>
              {status && status.changes.length > 0 && (
                <div role="alert" data-testid="cart-line-change" className="mt-2 space-y-1 rounded-lg bg-amber-50 p-2 text-sm text-amber-900">
                  {status.changes.map((change) => (
                    <p key={change.code}>{change.message}</p>
                  ))}
                  {status.changes.some((c) => c.code === "not_sold" || c.code === "insufficient_stock") && (
                    <button
                      type="button"
                      className="underline"
                      onClick={() => setQuantity(storeSlug, line.instanceId, status.changes.some((c) => c.code === "not_sold") ? 0 : status.availableQuantity)}
                    >
                      {status.availableQuantity > 0 ? `کاهش به ${toPersianDigits(status.availableQuantity)} عدد` : "حذف از سبد خرید"}
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <div className="flex items-center justify-between border-t border-[var(--c-line)] pt-4">
        <span className="font-bold">جمع سبد خرید</span>
        <span className="text-xl font-black" data-testid="cart-total">
          {formatToman(total)}
        </span>
      </div>
      {blocked ? (
        <p className="rounded-xl border border-[var(--c-line)] px-6 py-3 text-center text-[var(--c-muted)]">برای ادامه، موارد بالا را اصلاح کنید.</p>
      ) : (
        <a href="/checkout/" className="block rounded-xl bg-[var(--c-primary)] px-6 py-3 text-center font-bold text-[var(--c-primary-ink)]">
          ادامهٔ خرید و پرداخت
        </a>
      )}
    </div>
  );
}
