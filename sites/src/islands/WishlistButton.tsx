import { useEffect, useState } from "react";
import { authedApi, readSession, useSession } from "./api.ts";
import SignIn from "./SignIn.tsx";
import { Alert } from "./ui.tsx";

interface Wishlist {
  items: Array<{ productId: string }>;
}

/**
 * The heart beside a product (issue 27 #4): saves it to the signed-in
 * shopper's wishlist on the server, so it is there on every device they sign
 * in on; a shopper not signed in signs in by SMS code first and the product
 * is saved by itself. The account page lists what is saved.
 */
export default function WishlistButton({ storeSlug, productId }: { storeSlug: string; productId: string }) {
  const session = useSession(storeSlug);
  const [saved, setSaved] = useState<boolean | null>(null);
  const [wantSignIn, setWantSignIn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const apply = (list: Wishlist) => setSaved(list.items.some((item) => item.productId === productId));

  useEffect(() => {
    if (!session) {
      setSaved(null);
      return;
    }
    authedApi<Wishlist>(storeSlug, "GET", "/me/wishlist")
      .then(apply)
      .catch(() => setSaved(false));
  }, [session?.phone, storeSlug, productId]);

  const toggle = async (save: boolean) => {
    setBusy(true);
    setError(null);
    try {
      apply(
        save
          ? await authedApi<Wishlist>(storeSlug, "POST", "/me/wishlist", { productId })
          : await authedApi<Wishlist>(storeSlug, "DELETE", `/me/wishlist/${encodeURIComponent(productId)}`),
      );
      setWantSignIn(false);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "خطایی رخ داد؛ لطفاً دوباره تلاش کنید.");
    } finally {
      setBusy(false);
    }
  };

  // Sent here by a listing card's heart (#wishlist) while signed out: ask for the sign-in at once.
  useEffect(() => {
    if (location.hash === "#wishlist" && !readSession(storeSlug)) setWantSignIn(true);
  }, [storeSlug]);

  // Signed in just now to save it: save it.
  useEffect(() => {
    if (session && wantSignIn && saved === false) void toggle(true);
  }, [session?.phone, wantSignIn, saved]);

  return (
    <div id="wishlist" className="space-y-3">
      <button
        type="button"
        data-testid="wishlist-toggle"
        aria-pressed={saved === true}
        disabled={busy}
        onClick={() => (session ? void toggle(!saved) : setWantSignIn(true))}
        className="inline-flex min-h-11 items-center gap-2 rounded-xl border border-[var(--c-line)] px-4 py-2 text-sm font-bold disabled:opacity-50"
      >
        <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M12 21s-7.5-4.6-9.5-9.2C1.1 8.4 3.4 5 6.9 5c2 0 3.6 1.1 5.1 3 1.5-1.9 3.1-3 5.1-3 3.5 0 5.8 3.4 4.4 6.8C19.5 16.4 12 21 12 21z"
            fill={saved ? "#be123c" : "none"}
            stroke={saved ? "#be123c" : "currentColor"}
            strokeWidth="1.8"
          />
        </svg>
        {saved ? "در فهرست علاقه‌مندی‌ها" : "افزودن به علاقه‌مندی‌ها"}
      </button>
      {wantSignIn && !session && (
        <SignIn storeSlug={storeSlug} intro="با شمارهٔ همراهتان وارد شوید تا این کالا در فهرست علاقه‌مندی‌هایتان بماند، روی هر دستگاهی." />
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
