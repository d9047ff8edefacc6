import { useEffect, useState } from "react";
import { toPersianDigits } from "@mall/locale";
import { api, ApiError, authedApi, useSession } from "./api.ts";
import { Alert, FieldError, inputClass, jalaliDateTime, primaryButton, secondaryButton } from "./ui.tsx";

interface Summary {
  average: number | null;
  count: number;
  stars: number[];
}
interface Review {
  id: string;
  rating: number;
  body: string;
  authorName: string;
  verifiedBuyer: boolean;
  reply: string | null;
  createdAt: string;
}
interface ReviewPage {
  summary: Summary;
  items: Review[];
  total: number;
  page: number;
  pageSize: number;
}
interface MyReview {
  status: "pending" | "approved" | "hidden";
  rating: number;
}

const BODY_MAX = 1000;

function Stars({ value, label }: { value: number; label: string }) {
  const full = Math.round(value);
  return (
    <span role="img" aria-label={label} className="text-amber-500" dir="ltr">
      {"★".repeat(full)}
      <span className="text-neutral-300">{"★".repeat(5 - full)}</span>
    </span>
  );
}

/**
 * The product page's reviews (issue 27 #1), read live from the API so that a
 * review the merchant approves or hides shows at once, without a site build:
 * the average, the count, the approved reviews newest or best first, each
 * marked «خریدار این کالا» when it came from a delivered order, and the
 * store's answer. A signed-in shopper who received the product rates it here.
 */
export default function ProductReviews({ storeSlug, productId }: { storeSlug: string; productId: string }) {
  const session = useSession(storeSlug);
  const [sort, setSort] = useState<"newest" | "rating">("newest");
  const [page, setPage] = useState<ReviewPage | null>(null);
  const [items, setItems] = useState<Review[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<{ canRate: boolean; review: MyReview | null } | null>(null);

  const load = async (pageNumber: number, append: boolean) => {
    try {
      const next = await api<ReviewPage>("GET", `/products/${productId}/reviews?sort=${sort}&page=${pageNumber}`);
      setPage(next);
      setItems((list) => (append ? [...list, ...next.items] : next.items));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "نظرها بارگیری نشد.");
    }
  };
  useEffect(() => {
    void load(1, false);
  }, [productId, sort]);
  useEffect(() => {
    if (!session) {
      setMine(null);
      return;
    }
    authedApi<{ items: Array<{ review: MyReview | null }> }>(storeSlug, "GET", `/me/reviewables?productId=${productId}`)
      .then((r) => setMine({ canRate: r.items.length > 0, review: r.items[0]?.review ?? null }))
      .catch(() => setMine(null));
  }, [session?.phone, storeSlug, productId]);

  const summary = page?.summary;
  return (
    <section aria-labelledby="reviews-title" className="mt-12 space-y-4" data-testid="reviews">
      <h2 id="reviews-title" className="text-xl font-extrabold">
        نظر خریداران
      </h2>
      {error && <Alert tone="error">{error}</Alert>}
      {summary && summary.count > 0 && summary.average !== null ? (
        <p className="flex items-center gap-2" data-testid="review-summary">
          <Stars value={summary.average} label={`${toPersianDigits(summary.average.toFixed(1))} از ۵`} />
          <strong>{toPersianDigits(summary.average.toFixed(1))}</strong>
          <span className="text-sm text-[var(--c-muted,#555)]">از {toPersianDigits(summary.count)} نظر</span>
        </p>
      ) : (
        summary && <p className="text-sm text-[var(--c-muted,#555)]">هنوز نظری برای این کالا ثبت نشده است.</p>
      )}
      {mine?.canRate && !mine.review && (
        <ReviewForm storeSlug={storeSlug} productId={productId} onDone={(review) => setMine({ canRate: true, review })} />
      )}
      {mine?.review && mine.review.status === "pending" && (
        <Alert tone="info">نظر شما ثبت شد و پس از بررسی فروشگاه نمایش داده می‌شود. سپاسگزاریم!</Alert>
      )}
      {summary && summary.count > 1 && (
        <div className="flex gap-2 text-sm" role="group" aria-label="ترتیب نظرها">
          <button type="button" className={secondaryButton} aria-pressed={sort === "newest"} onClick={() => setSort("newest")}>
            تازه‌ترین
          </button>
          <button type="button" className={secondaryButton} aria-pressed={sort === "rating"} onClick={() => setSort("rating")}>
            بیشترین امتیاز
          </button>
        </div>
      )}
      <ul className="space-y-3">
        {items.map((review) => (
          <li key={review.id} className="rounded-xl border border-[var(--c-line)] p-4" data-testid="review">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <Stars value={review.rating} label={`${toPersianDigits(review.rating)} از ۵`} />
              <span className="font-bold">{review.authorName}</span>
              {review.verifiedBuyer && (
                <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-bold text-emerald-900">خریدار این کالا</span>
              )}
              <span className="text-[var(--c-muted,#555)]">{jalaliDateTime(review.createdAt)}</span>
            </div>
            {review.body && <p className="mt-2 leading-7 whitespace-pre-line">{review.body}</p>}
            {review.reply && (
              <p className="mt-2 rounded-lg bg-neutral-50 p-3 text-sm leading-7" data-testid="review-reply">
                <strong>پاسخ فروشگاه: </strong>
                {review.reply}
              </p>
            )}
          </li>
        ))}
      </ul>
      {page && items.length < page.total && (
        <button type="button" className={secondaryButton} onClick={() => void load(page.page + 1, true)}>
          نظرهای بیشتر
        </button>
      )}
    </section>
  );
}

function ReviewForm({ storeSlug, productId, onDone }: { storeSlug: string; productId: string; onDone: (review: MyReview) => void }) {
  const [rating, setRating] = useState(0);
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ field?: string; message: string } | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (rating === 0) {
      setErrors({ field: "rating", message: "امتیاز را از ۱ تا ۵ ستاره انتخاب کنید." });
      return;
    }
    setBusy(true);
    try {
      onDone(await authedApi<MyReview>(storeSlug, "POST", `/products/${productId}/reviews`, { rating, body }));
    } catch (failure) {
      setErrors(
        failure instanceof ApiError
          ? { ...(failure.field ? { field: failure.field } : {}), message: failure.message }
          : { message: "ثبت نظر انجام نشد." },
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="space-y-3 rounded-xl border border-[var(--c-line)] p-4" data-testid="review-form" noValidate>
      <p className="font-bold">این کالا را خریده‌اید؛ به آن چند ستاره می‌دهید؟</p>
      <fieldset className="flex gap-1" aria-label="امتیاز">
        {[1, 2, 3, 4, 5].map((star) => (
          <label key={star} className="cursor-pointer text-3xl" title={`${toPersianDigits(star)} ستاره`}>
            <input
              type="radio"
              name="rating"
              value={star}
              className="sr-only"
              checked={rating === star}
              onChange={() => setRating(star)}
              aria-label={`${toPersianDigits(star)} ستاره`}
            />
            <span className={star <= rating ? "text-amber-500" : "text-neutral-300"} aria-hidden="true">
              ★
            </span>
          </label>
        ))}
      </fieldset>
      {errors?.field === "rating" && <FieldError message={errors.message} />}
      <label className="block">
        <span className="mb-1 block text-sm">نظر شما (اختیاری)</span>
        <textarea
          name="body"
          rows={3}
          maxLength={BODY_MAX}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          className={inputClass(errors?.field === "body")}
        />
      </label>
      {errors?.field === "body" && <FieldError message={errors.message} />}
      {errors && !errors.field && <Alert tone="error">{errors.message}</Alert>}
      {errors?.field === "productId" && <Alert tone="error">{errors.message}</Alert>}
      <button type="submit" className={primaryButton} disabled={busy}>
        ثبت نظر
      </button>
    </form>
  );
}
