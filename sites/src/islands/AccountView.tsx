import { useEffect, useState } from "react";
import { formatToman, toPersianDigits } from "@mall/locale";
import AddressForm, { type SavedAddress } from "./AddressForm.tsx";
import { authedApi, signOut, useSession } from "./api.ts";
import type { OrderSummary } from "./order-types.ts";
import SignIn from "./SignIn.tsx";
import { Alert, card, localPhone, secondaryButton, StateBadge } from "./ui.tsx";

/** A saved product as GET /me/wishlist answers it (server/src/retention/retention.routes.ts). */
interface WishlistItem {
  productId: string;
  slug: string;
  name: string;
  image: string | null;
  price: number;
  savedPrice: number;
  priceDropped: boolean;
  inStock: boolean;
}

/** The shopper's account at this store (`/account/`): their orders, their saved products and their saved addresses. */
export default function AccountView({ storeSlug }: { storeSlug: string }) {
  const session = useSession(storeSlug);
  const [orders, setOrders] = useState<OrderSummary[] | null>(null);
  const [addresses, setAddresses] = useState<SavedAddress[] | null>(null);
  const [wishlist, setWishlist] = useState<WishlistItem[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!session) return;
    const fail = (failure: unknown) => setError(failure instanceof Error ? failure.message : "خطایی رخ داد.");
    authedApi<{ items: OrderSummary[] }>(storeSlug, "GET", "/me/orders?limit=50")
      .then((r) => setOrders(r.items))
      .catch(fail);
    authedApi<{ items: SavedAddress[] }>(storeSlug, "GET", "/me/addresses")
      .then((r) => setAddresses(r.items))
      .catch(fail);
    authedApi<{ items: WishlistItem[] }>(storeSlug, "GET", "/me/wishlist")
      .then((r) => setWishlist(r.items))
      .catch(fail);
  }, [session?.phone, storeSlug]);

  if (!session) {
    return (
      <div className={card}>
        <SignIn storeSlug={storeSlug} intro="برای دیدن سفارش‌ها و نشانی‌هایتان، با شمارهٔ همراه وارد شوید." />
      </div>
    );
  }

  const remove = async (id: string) => {
    try {
      await authedApi(storeSlug, "DELETE", `/me/addresses/${id}`);
      setAddresses((list) => (list ?? []).filter((a) => a.id !== id));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "خطایی رخ داد.");
    }
  };

  return (
    <div className="space-y-6" data-testid="account">
      <div className={`${card} flex flex-wrap items-center justify-between gap-3`}>
        <p>
          وارد شده‌اید با <span dir="ltr">{localPhone(session.phone)}</span>
        </p>
        <button type="button" className={secondaryButton} onClick={() => void signOut(storeSlug)}>
          خروج از حساب
        </button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}

      <section className={card} aria-labelledby="my-orders">
        <h2 id="my-orders" className="mb-3 text-lg font-black">
          سفارش‌های من
        </h2>
        {orders === null ? (
          <p className="text-sm text-[var(--c-muted)]">در حال بارگذاری…</p>
        ) : orders.length === 0 ? (
          <p className="text-sm text-[var(--c-muted)]">
            هنوز سفارشی ثبت نکرده‌اید.{" "}
            <a href="/" className="underline">
              دیدن محصولات
            </a>
          </p>
        ) : (
          <ul className="divide-y divide-[var(--c-line)]" data-testid="my-orders">
            {orders.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <a href={`/order/?id=${encodeURIComponent(o.id)}`} className="font-bold underline">
                  سفارش {toPersianDigits(o.number)}
                </a>
                <span className="text-sm text-[var(--c-muted)]">{o.createdAtJalali}</span>
                <span className="text-sm">
                  {toPersianDigits(o.itemCount)} کالا · {formatToman(o.total)}
                </span>
                <StateBadge state={o.state} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={card} aria-labelledby="my-wishlist" data-testid="wishlist">
        <h2 id="my-wishlist" className="mb-3 text-lg font-black">
          علاقه‌مندی‌ها
        </h2>
        {wishlist === null ? (
          <p className="text-[var(--c-muted)]">در حال بارگذاری…</p>
        ) : wishlist.length === 0 ? (
          <p className="text-[var(--c-muted)]">
            هنوز کالایی را نشان نکرده‌اید؛ با دکمهٔ «افزودن به علاقه‌مندی‌ها» در صفحهٔ هر کالا آن را اینجا نگه دارید.
          </p>
        ) : (
          <ul className="divide-y divide-[var(--c-line)]">
            {wishlist.map((item) => (
              <li key={item.productId} className="flex items-center gap-3 py-3" data-testid="wishlist-item">
                {item.image && (
                  <img src={item.image} alt="" width={56} height={56} className="h-14 w-14 rounded-lg object-cover" loading="lazy" />
                )}
                <div className="min-w-0 flex-1">
                  <a href={`/p/${encodeURIComponent(item.slug)}/`} className="font-bold underline-offset-4 hover:underline">
                    {item.name}
                  </a>
                  <p className="text-sm">
                    {formatToman(item.price)}
                    {item.priceDropped && (
                      <>
                        {" "}
                        <s className="text-[var(--c-muted)]">{formatToman(item.savedPrice)}</s>{" "}
                        <span
                          className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-bold text-emerald-900"
                          data-testid="price-dropped"
                        >
                          ارزان‌تر شد
                        </span>
                      </>
                    )}
                    {!item.inStock && <span className="ms-2 text-red-700">ناموجود</span>}
                  </p>
                </div>
                <button
                  type="button"
                  className={secondaryButton}
                  onClick={() =>
                    void authedApi<{ items: WishlistItem[] }>(storeSlug, "DELETE", `/me/wishlist/${encodeURIComponent(item.productId)}`)
                      .then((r) => setWishlist(r.items))
                      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : "خطایی رخ داد."))
                  }
                >
                  برداشتن
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={card} aria-labelledby="my-addresses">
        <h2 id="my-addresses" className="mb-3 text-lg font-black">
          نشانی‌های من
        </h2>
        {addresses === null ? (
          <p className="text-sm text-[var(--c-muted)]">در حال بارگذاری…</p>
        ) : (
          <ul className="space-y-2" data-testid="my-addresses">
            {addresses.map((a) => (
              <li key={a.id} className="flex items-start justify-between gap-3 rounded-xl border border-[var(--c-line)] p-3 text-sm">
                <span>
                  <strong>
                    {a.label ? `${a.label} — ` : ""}
                    {a.receiverName}
                  </strong>
                  <br />
                  استان {a.provinceName}، {a.cityName}، {a.line}
                  <br />
                  کد پستی {toPersianDigits(a.postalCode)} · {localPhone(a.mobile)}
                </span>
                <button type="button" className="text-red-700 underline" onClick={() => void remove(a.id)}>
                  حذف
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-4">
          {adding ? (
            <AddressForm
              storeSlug={storeSlug}
              phone={session.phone}
              onSaved={(saved) => {
                setAddresses((list) => [saved, ...(list ?? [])]);
                setAdding(false);
              }}
            />
          ) : (
            <button type="button" className={secondaryButton} onClick={() => setAdding(true)}>
              افزودن نشانی
            </button>
          )}
        </div>
      </section>
    </div>
  );
}
