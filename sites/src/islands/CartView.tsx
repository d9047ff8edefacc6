import { useEffect, useState } from "react";
import { formatToman, toPersianDigits } from "@mall/locale";
import { checkCart, type CartCheck } from "./cart-check.ts";
import { maxQuantity, removeFromCart, setQuantity, updatePrices, useCart } from "./cart-store.ts";

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
          const stock = new Map(result.lines.map((l) => [l.instanceId, l.stock]));
          if (
            lines.some((l) => (prices.has(l.instanceId) && prices.get(l.instanceId) !== l.unitPrice) || stock.get(l.instanceId) !== l.stock)
          )
            updatePrices(storeSlug, prices, stock);
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
        سبد خرید شما خالی است.{" "}
        <a href="/" className="underline">
          دیدن محصولات
        </a>
      </p>
    );
  }
  const checked = new Map((check?.lines ?? []).map((l) => [l.instanceId, l]));
  const blocked = lines.some((l) => {
    const c = checked.get(l.instanceId);
    return c !== undefined && c.changes.some((change) => change.code !== "price_changed");
  });
  const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const discountTotal = check?.discountTotal ?? 0;
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
          const limit = Math.min(maxQuantity(line), status ? status.stock : Infinity);
          return (
            <li key={line.instanceId} className="py-4" data-testid="cart-line">
              <div className="flex flex-wrap items-center gap-3 sm:flex-nowrap sm:gap-4">
                <a href={`/p/${line.slug}/`} className="shrink-0" tabIndex={-1} aria-hidden="true">
                  {line.image ? (
                    <img
                      src={line.image}
                      alt=""
                      width={80}
                      height={80}
                      loading="lazy"
                      data-testid="cart-thumbnail"
                      className="h-20 w-20 rounded-lg object-cover"
                    />
                  ) : (
                    <span
                      data-testid="cart-thumbnail"
                      className="flex h-20 w-20 items-center justify-center rounded-lg bg-[var(--c-line)] text-2xl text-[var(--c-muted)]"
                    >
                      ◻
                    </span>
                  )}
                </a>
                <div className="min-w-0 flex-1">
                  <a href={`/p/${line.slug}/`} className="font-bold break-words">
                    {line.name}
                  </a>
                  {line.variant && <p className="text-sm text-[var(--c-muted)]">{line.variant}</p>}
                  <p className="text-sm text-[var(--c-muted)]">
                    <span className="sr-only">قیمت واحد: </span>
                    {formatToman(line.unitPrice)}
                    {line.quantity > 1 && <span> × {toPersianDigits(line.quantity)}</span>}
                  </p>
                </div>
                <div className="flex w-full items-center justify-between gap-2 sm:w-auto sm:justify-end sm:gap-3">
                  <div className="flex items-center gap-1" role="group" aria-label={`تعداد ${line.name}`}>
                    <button
                      type="button"
                      aria-label="یکی کمتر"
                      className="h-11 w-11 rounded-full border border-[var(--c-line)] text-lg disabled:opacity-40"
                      disabled={line.quantity <= 1}
                      onClick={() => setQuantity(storeSlug, line.instanceId, line.quantity - 1)}
                    >
                      −
                    </button>
                    <span data-testid="cart-quantity" className="min-w-8 text-center font-bold">
                      {toPersianDigits(line.quantity)}
                    </span>
                    <button
                      type="button"
                      aria-label="یکی بیشتر"
                      className="h-11 w-11 rounded-full border border-[var(--c-line)] text-lg disabled:opacity-40"
                      disabled={line.quantity >= limit}
                      onClick={() => setQuantity(storeSlug, line.instanceId, line.quantity + 1)}
                    >
                      +
                    </button>
                  </div>
                  <span className="min-w-28 text-left font-black" data-testid="cart-line-total">
                    {formatToman(line.unitPrice * line.quantity)}
                  </span>
                  <button
                    type="button"
                    aria-label={`حذف ${line.name} از سبد خرید`}
                    data-testid="cart-remove"
                    className="flex h-11 w-11 items-center justify-center rounded-full text-[var(--c-muted)] hover:bg-red-50 hover:text-red-700"
                    onClick={() => removeFromCart(storeSlug, line.instanceId)}
                  >
                    <svg
                      width="20"
                      height="20"
                      viewBox="0 0 24 24"
                      aria-hidden="true"
                      focusable="false"
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="2"
                      strokeLinecap="round"
                    >
                      <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
                    </svg>
                  </button>
                </div>
              </div>
              {line.quantity >= limit && limit > 0 && !status?.changes.length && (
                <p className="mt-1 text-xs text-[var(--c-muted)]" data-testid="cart-line-limit">
                  بیشتر از {toPersianDigits(limit)} عدد موجود نیست.
                </p>
              )}
              {status && status.changes.length > 0 && (
                <div
                  role="alert"
                  data-testid="cart-line-change"
                  className="mt-2 space-y-1 rounded-lg bg-amber-50 p-2 text-sm text-amber-900"
                >
                  {status.changes.map((change) => (
                    <p key={change.code}>{change.message}</p>
                  ))}
                  {status.changes.some((c) => c.code === "not_sold" || c.code === "insufficient_stock") && (
                    <button
                      type="button"
                      className="min-h-11 underline"
                      onClick={() =>
                        setQuantity(
                          storeSlug,
                          line.instanceId,
                          status.changes.some((c) => c.code === "not_sold") ? 0 : status.availableQuantity,
                        )
                      }
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
      <dl className="space-y-2 border-t border-[var(--c-line)] pt-4">
        {discountTotal > 0 && (
          <>
            <div className="flex justify-between text-sm">
              <dt>جمع کالاها</dt>
              <dd data-testid="cart-subtotal">{formatToman(subtotal)}</dd>
            </div>
            {check?.discounts.map((d) => (
              <div key={`${d.code ?? ""}:${d.title}`} className="flex justify-between text-sm text-emerald-700" data-testid="cart-discount">
                <dt>{d.title}</dt>
                <dd>{d.amount > 0 ? `− ${formatToman(d.amount)}` : d.freeShipping ? "ارسال رایگان" : ""}</dd>
              </div>
            ))}
          </>
        )}
        {discountTotal === 0 && check?.freeShipping && (
          <div className="flex justify-between text-sm text-emerald-700" data-testid="cart-discount">
            <dt>ارسال</dt>
            <dd>رایگان</dd>
          </div>
        )}
        <div className="flex items-center justify-between">
          <dt className="font-bold">جمع سبد خرید</dt>
          <dd className="text-xl font-black" data-testid="cart-total">
            {formatToman(subtotal - discountTotal)}
          </dd>
        </div>
      </dl>
      <p className="text-xs text-[var(--c-muted)]">هزینهٔ ارسال در مرحلهٔ بعد، با نشانی شما حساب می‌شود.</p>
      {blocked ? (
        <p className="rounded-xl border border-[var(--c-line)] px-6 py-3 text-center text-[var(--c-muted)]">
          برای ادامه، موارد بالا را اصلاح کنید.
        </p>
      ) : (
        <a href="/checkout/" className="block rounded-xl bg-[var(--c-primary)] px-6 py-3 text-center font-bold text-[var(--c-primary-ink)]">
          ادامهٔ خرید و پرداخت
        </a>
      )}
    </div>
  );
}
