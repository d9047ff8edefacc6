import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { formatToman, SHIPPING_KIND_LABELS, type ShippingKind, toPersianDigits } from "@mall/locale";
import AddressForm, { type SavedAddress } from "./AddressForm.tsx";
import { ApiError, authedApi, signOut, useSession } from "./api.ts";
import { checkCart, type CartCheck } from "./cart-check.ts";
import { clearCart, updatePrices, useCart } from "./cart-store.ts";
import DiscountCodeField from "./DiscountCodeField.tsx";
import { payOrder, storeGateways, type GatewayOption } from "./payment.ts";
import SignIn from "./SignIn.tsx";
import { Alert, card, localPhone, newIdempotencyKey, primaryButton, secondaryButton } from "./ui.tsx";

/** A right-to-left mark first, so the minus stands before the amount when read right to left. */
const MINUS = "\u200f−";
const KEY_STORE = (storeSlug: string) => `mall:checkout-key:${storeSlug}`;

/**
 * The same Idempotency-Key for the same order body: pressing «ثبت سفارش»
 * again after a lost answer returns the order already placed, never a second
 * one; a changed cart, address or method gets a new key.
 */
function keyFor(storeSlug: string, body: unknown): string {
  const text = JSON.stringify(body);
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY_STORE(storeSlug)) ?? "null") as { body: string; key: string } | null;
    if (saved && saved.body === text) return saved.key;
  } catch {
    // A damaged entry is replaced below.
  }
  const key = newIdempotencyKey();
  sessionStorage.setItem(KEY_STORE(storeSlug), JSON.stringify({ body: text, key }));
  return key;
}

function Step({ n, title, children, done }: { n: number; title: string; children: ReactNode; done?: boolean }) {
  return (
    <section className={card} aria-labelledby={`step-${n}`}>
      <h2 id={`step-${n}`} className="mb-4 flex items-center gap-2 text-lg font-black">
        <span
          className={`inline-flex h-7 w-7 items-center justify-center rounded-full text-sm ${done ? "bg-emerald-600 text-white" : "bg-[var(--c-primary)] text-[var(--c-primary-ink)]"}`}
        >
          {toPersianDigits(n)}
        </span>
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * The checkout: the cart as the store sees it now, sign-in by SMS code, the
 * address (saved or new), the shipping methods that reach it with their
 * prices, a review with the totals, and «ثبت سفارش», which reserves the stock
 * and leads to the order's page.
 */
export default function Checkout({ storeSlug }: { storeSlug: string }) {
  const lines = useCart(storeSlug);
  const session = useSession(storeSlug);
  const [check, setCheck] = useState<CartCheck | null>(null);
  const [addresses, setAddresses] = useState<SavedAddress[] | null>(null);
  const [addressId, setAddressId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [methodId, setMethodId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  const [gateways, setGateways] = useState<GatewayOption[]>([]);
  const [gateway, setGateway] = useState<string | null>(null);
  /** The discount code the shopper applied; the cart check says what it takes off or why not. */
  const [discountCode, setDiscountCode] = useState<string | null>(null);

  useEffect(() => {
    storeGateways()
      .then((items) => {
        setGateways(items);
        setGateway((current) => current ?? items[0]?.gateway ?? null);
      })
      .catch(() => setGateways([]));
  }, []);

  const address = addresses?.find((a) => a.id === addressId) ?? null;
  const cartKey = lines.map((l) => `${l.instanceId}:${l.quantity}`).join(",");

  // The cart as it is now, with the shipping options to the chosen address.
  const refresh = useCallback(async () => {
    if (lines.length === 0) return;
    try {
      const result = await checkCart(lines, address ? { provinceId: address.provinceId, cityId: address.cityId } : undefined, discountCode);
      setCheck(result);
      const prices = new Map(
        result.lines
          .filter((l) => l.unitPrice !== null && l.changes.some((c) => c.code === "price_changed"))
          .map((l) => [l.instanceId, l.unitPrice!]),
      );
      if (prices.size > 0) updatePrices(storeSlug, prices);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "خطایی رخ داد.");
    }
    // cartKey stands for the lines' content: a new array with the same lines is not a change.
  }, [cartKey, address?.id, storeSlug, discountCode]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (!session) {
      setAddresses(null);
      return;
    }
    authedApi<{ items: SavedAddress[] }>(storeSlug, "GET", "/me/addresses")
      .then((result) => {
        setAddresses(result.items);
        setAddressId((current) => current ?? result.items[0]?.id ?? null);
        setAdding(result.items.length === 0);
      })
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : "خطایی رخ داد."));
  }, [session?.phone, storeSlug]);

  const options = check?.shippingOptions ?? [];
  useEffect(() => {
    if (methodId && !options.some((o) => o.id === methodId)) setMethodId(null);
    if (!methodId && options.length === 1) setMethodId(options[0]!.id);
  }, [options, methodId]);
  const method = options.find((o) => o.id === methodId) ?? null;

  const problems = useMemo(() => (check?.lines ?? []).flatMap((l) => l.changes.filter((c) => c.code !== "price_changed")), [check]);
  // The server's total after discounts; a free-shipping discount already prices the methods at 0.
  const total = check && method ? check.total + method.price : null;
  const codeApplies = discountCode !== null && check !== null && check.discountCodeError === null;

  const place = async () => {
    if (!check || !address || !method || total === null) return;
    setPlacing(true);
    setError(null);
    const body = {
      items: lines.map((l) => ({ instanceId: l.instanceId, quantity: l.quantity })),
      addressId: address.id,
      shippingMethodId: method.id,
      expectedTotal: total,
      ...(codeApplies ? { discountCode } : {}),
    };
    try {
      const order = await authedApi<{ id: string }>(storeSlug, "POST", "/orders", body, { "Idempotency-Key": keyFor(storeSlug, body) });
      sessionStorage.removeItem(KEY_STORE(storeSlug));
      clearCart(storeSlug);
      if (gateway) {
        try {
          await payOrder(storeSlug, order.id, gateway);
          return;
        } catch {
          // The order is placed and its stock held: the order page offers the payment again.
        }
      }
      window.location.assign(`/order/?id=${encodeURIComponent(order.id)}`);
    } catch (failure) {
      setPlacing(false);
      setError(failure instanceof ApiError || failure instanceof Error ? failure.message : "خطایی رخ داد.");
      if (failure instanceof ApiError && failure.status !== 401) void refresh();
    }
  };

  if (lines.length === 0) {
    return (
      <p data-testid="checkout-empty" className="py-12 text-center text-[var(--c-muted)]">
        سبد خرید شما خالی است.{" "}
        <a href="/" className="underline">
          دیدن محصولات
        </a>
      </p>
    );
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]" data-testid="checkout">
      <div className="space-y-6">
        <Step n={1} title="ورود با شمارهٔ همراه" done={Boolean(session)}>
          {session ? (
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p data-testid="signed-in">
                وارد شده‌اید با <span dir="ltr">{localPhone(session.phone)}</span>
              </p>
              <button type="button" className={secondaryButton} onClick={() => void signOut(storeSlug)}>
                خروج
              </button>
            </div>
          ) : (
            <SignIn storeSlug={storeSlug} intro="برای ثبت سفارش، شمارهٔ همراهتان را وارد کنید تا کد ورود برایتان پیامک شود." />
          )}
        </Step>

        <Step n={2} title="نشانی تحویل" done={Boolean(address) && !adding}>
          {!session ? (
            <p className="text-sm text-[var(--c-muted)]">پس از ورود، نشانی تحویل را وارد کنید.</p>
          ) : addresses === null ? (
            <p className="text-sm text-[var(--c-muted)]">در حال بارگذاری…</p>
          ) : (
            <div className="space-y-4">
              {addresses.length > 0 && !adding && (
                <fieldset className="space-y-2">
                  <legend className="sr-only">نشانی‌های ذخیره‌شده</legend>
                  {addresses.map((a) => (
                    <label
                      key={a.id}
                      className={`flex cursor-pointer gap-3 rounded-xl border p-3 ${a.id === addressId ? "border-[var(--c-primary)]" : "border-[var(--c-line)]"}`}
                    >
                      <input type="radio" name="address" checked={a.id === addressId} onChange={() => setAddressId(a.id)} />
                      <span className="text-sm">
                        <strong>
                          {a.label ? `${a.label} — ` : ""}
                          {a.receiverName}
                        </strong>
                        <br />
                        استان {a.provinceName}، {a.cityName}، {a.line}
                        <br />
                        کد پستی {toPersianDigits(a.postalCode)} · {localPhone(a.mobile)}
                      </span>
                    </label>
                  ))}
                  <button type="button" className={secondaryButton} onClick={() => setAdding(true)}>
                    افزودن نشانی تازه
                  </button>
                </fieldset>
              )}
              {adding && (
                <AddressForm
                  storeSlug={storeSlug}
                  phone={session.phone}
                  onSaved={(saved) => {
                    setAddresses([saved, ...(addresses ?? [])]);
                    setAddressId(saved.id);
                    setAdding(false);
                  }}
                />
              )}
            </div>
          )}
        </Step>

        <Step n={3} title="روش ارسال" done={Boolean(method)}>
          {!address || adding ? (
            <p className="text-sm text-[var(--c-muted)]">پس از انتخاب نشانی، روش‌های ارسال به آن نشانی را می‌بینید.</p>
          ) : options.length === 0 ? (
            <Alert>این فروشگاه به نشانی انتخاب‌شده ارسال ندارد؛ نشانی دیگری انتخاب کنید.</Alert>
          ) : (
            <fieldset className="space-y-2" data-testid="shipping-options">
              <legend className="sr-only">روش‌های ارسال</legend>
              {options.map((o) => (
                <label
                  key={o.id}
                  className={`flex cursor-pointer items-center gap-3 rounded-xl border p-3 ${o.id === methodId ? "border-[var(--c-primary)]" : "border-[var(--c-line)]"}`}
                >
                  <input type="radio" name="shipping" checked={o.id === methodId} onChange={() => setMethodId(o.id)} />
                  <span className="flex-1">
                    <strong>{o.name}</strong>
                    {o.name !== SHIPPING_KIND_LABELS[o.kind as ShippingKind] && (
                      <span className="text-sm text-[var(--c-muted)]"> ({SHIPPING_KIND_LABELS[o.kind as ShippingKind]})</span>
                    )}
                    {o.description && <span className="block text-sm text-[var(--c-muted)]">{o.description}</span>}
                  </span>
                  <span className="font-bold">{o.free ? "رایگان" : formatToman(o.price)}</span>
                </label>
              ))}
            </fieldset>
          )}
        </Step>
      </div>

      <aside className={`${card} h-fit space-y-4 lg:sticky lg:top-24`} aria-labelledby="review">
        <h2 id="review" className="text-lg font-black">
          مرور و ثبت سفارش
        </h2>
        {check?.lines.some((l) => l.changes.length > 0) && (
          <Alert>
            <ul className="space-y-1" data-testid="cart-changes">
              {check.lines.flatMap((l) => l.changes.map((c) => <li key={`${l.instanceId}-${c.code}`}>{c.message}</li>))}
            </ul>
            {problems.length > 0 && (
              <a href="/cart/" className="mt-2 inline-block underline">
                اصلاح سبد خرید
              </a>
            )}
          </Alert>
        )}
        <ul className="divide-y divide-[var(--c-line)] text-sm">
          {lines.map((l) => (
            <li key={l.instanceId} className="flex justify-between gap-2 py-2">
              <span>
                {l.name}
                {l.variant && <span className="text-[var(--c-muted)]"> ({l.variant})</span>} × {toPersianDigits(l.quantity)}
              </span>
              <span className="whitespace-nowrap">{formatToman(l.unitPrice * l.quantity)}</span>
            </li>
          ))}
        </ul>
        <dl className="space-y-1 text-sm">
          <div className="flex justify-between">
            <dt>جمع کالاها</dt>
            <dd data-testid="checkout-subtotal">{check ? formatToman(check.subtotal) : "…"}</dd>
          </div>
          {check?.discounts.map((d) => (
            <div key={`${d.code ?? ""}:${d.title}`} className="flex justify-between text-emerald-700" data-testid="checkout-discount">
              <dt>
                تخفیف: {d.title}
                {d.freeShipping && " (ارسال رایگان)"}
              </dt>
              <dd>{d.amount > 0 ? `${MINUS}${formatToman(d.amount)}` : ""}</dd>
            </div>
          ))}
          <div className="flex justify-between">
            <dt>هزینهٔ ارسال</dt>
            <dd data-testid="checkout-shipping">{method ? (method.free ? "رایگان" : formatToman(method.price)) : "—"}</dd>
          </div>
          <div className="flex justify-between border-t border-[var(--c-line)] pt-2 text-base font-black">
            <dt>مبلغ قابل پرداخت</dt>
            <dd data-testid="checkout-total">{total !== null ? formatToman(total) : "—"}</dd>
          </div>
        </dl>
        <DiscountCodeField applied={discountCode} error={check?.discountCodeError?.message ?? null} onApply={setDiscountCode} />
        {gateways.length > 0 && (
          <fieldset className="space-y-2" data-testid="gateways">
            <legend className="mb-1 text-sm font-bold">درگاه پرداخت</legend>
            {gateways.map((g) => (
              <label
                key={g.gateway}
                className={`flex cursor-pointer items-center gap-3 rounded-xl border p-2 text-sm ${g.gateway === gateway ? "border-[var(--c-primary)]" : "border-[var(--c-line)]"}`}
              >
                <input
                  type="radio"
                  name="gateway"
                  value={g.gateway}
                  checked={g.gateway === gateway}
                  onChange={() => setGateway(g.gateway)}
                />
                {g.label}
              </label>
            ))}
          </fieldset>
        )}
        {error && <Alert tone="error">{error}</Alert>}
        <button
          type="button"
          className={`${primaryButton} w-full`}
          disabled={placing || !session || !address || adding || !method || problems.length > 0 || !check}
          onClick={() => void place()}
        >
          {placing ? "در حال ثبت…" : gateway ? "ثبت سفارش و پرداخت" : "ثبت سفارش"}
        </button>
        <p className="text-xs text-[var(--c-muted)]">با ثبت سفارش، کالاها تا پایان مهلت پرداخت برای شما نگه داشته می‌شوند.</p>
      </aside>
    </div>
  );
}
