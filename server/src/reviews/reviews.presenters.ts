import type { PublicReview, Reviewable } from "./review.service.js";
import type { ProductReview } from "./review.entity.js";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function presentPublicReview(review: PublicReview) {
  return { ...review, repliedAt: iso(review.repliedAt), createdAt: review.createdAt.toISOString() };
}

export function presentMyReview(review: ProductReview) {
  return {
    id: review.id,
    productId: review.productId,
    rating: review.rating,
    body: review.body,
    status: review.status,
    reply: review.reply,
    createdAt: review.createdAt.toISOString(),
  };
}

export function presentReviewable(row: Reviewable) {
  return {
    productId: row.productId,
    productName: row.productName,
    productSlug: row.productSlug,
    orderId: row.orderId,
    review: row.review ? presentMyReview(row.review) : null,
  };
}

/** The merchant's view: the shopper's phone too (they are the store's customer), never to the public. */
export function presentStoreReview(review: ProductReview) {
  return {
    ...presentMyReview(review),
    productName: review.product?.nameFa ?? "",
    authorName: review.user?.name ?? "",
    authorPhone: review.user?.phone ?? "",
    verifiedBuyer: review.orderId !== null,
    repliedAt: iso(review.repliedAt),
    updatedAt: review.updatedAt.toISOString(),
  };
}
