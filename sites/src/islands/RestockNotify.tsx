import { useEffect, useState } from "react";
import { ApiError, authedApi, useSession } from "./api.ts";
import SignIn from "./SignIn.tsx";
import { Alert, localPhone, secondaryButton } from "./ui.tsx";

interface RestockRequest {
  instanceId: string;
  productId: string;
  createdAt: string;
}

/**
 * «موجود شد خبرم کن» under a sold-out variant (issue 27 #2): a signed-in
 * shopper leaves their number with one tap; anyone else signs in by SMS code
 * first (which verifies the number), and the request follows by itself.
 * When the variant is back, the store texts them once with the product's link.
 */
export default function RestockNotify({ storeSlug, productId, instanceId }: { storeSlug: string; productId: string; instanceId: string }) {
  const session = useSession(storeSlug);
  const [waiting, setWaiting] = useState<Set<string>>(new Set());
  const [wantSignIn, setWantSignIn] = useState(false);
  const [pending, setPending] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // What this shopper already waits for (another variant, another visit).
  useEffect(() => {
    if (!session) return;
    authedApi<{ items: RestockRequest[] }>(storeSlug, "GET", `/products/${encodeURIComponent(productId)}/restock-requests`)
      .then((mine) => setWaiting(new Set(mine.items.map((item) => item.instanceId))))
      .catch(() => {});
  }, [session?.phone, storeSlug, productId]);

  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      await authedApi<RestockRequest>(storeSlug, "POST", `/products/${encodeURIComponent(productId)}/restock-requests`, { instanceId });
      setWaiting((before) => new Set([...before, instanceId]));
      setWantSignIn(false);
    } catch (failure) {
      setError(failure instanceof ApiError || failure instanceof Error ? failure.message : "خطایی رخ داد؛ لطفاً دوباره تلاش کنید.");
    } finally {
      setBusy(false);
      setPending(false);
    }
  };

  // Signed in just now to be told: send the request they asked for.
  useEffect(() => {
    if (session && pending) void ask();
  }, [session?.phone, pending]);

  if (session && waiting.has(instanceId)) {
    return (
      <p role="status" data-testid="restock-done" className="rounded-xl bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        ثبت شد. وقتی این مدل موجود شد، به {localPhone(session.phone)} پیامک می‌دهیم.
      </p>
    );
  }
  return (
    <div className="space-y-3" data-testid="restock">
      <button
        type="button"
        className={secondaryButton}
        disabled={busy}
        data-testid="restock-ask"
        onClick={() => {
          if (session) void ask();
          else {
            setWantSignIn(true);
            setPending(true);
          }
        }}
      >
        موجود شد خبرم کن
      </button>
      {wantSignIn && !session && (
        <SignIn storeSlug={storeSlug} intro="با شمارهٔ همراهتان وارد شوید تا وقتی این مدل موجود شد، یک پیامک برایتان بفرستیم." />
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
