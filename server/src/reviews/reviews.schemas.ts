import { z } from "../platform/zod.js";
import { REVIEW_BODY_MAX, REVIEW_REPLY_MAX, REVIEW_STATUSES } from "./review.entity.js";

// ─── Inputs ───────────────────────────────────────────────────────────────

export const reviewInputSchema = z
  .object({
    rating: z
      .number("امتیاز باید عدد باشد.")
      .int("امتیاز را از ۱ تا ۵ ستاره انتخاب کنید.")
      .min(1, "امتیاز را از ۱ تا ۵ ستاره انتخاب کنید.")
      .max(5, "امتیاز را از ۱ تا ۵ ستاره انتخاب کنید."),
    // A little room for markup the sanitiser drops; the service holds the cleaned text to REVIEW_BODY_MAX.
    body: z
      .string("متن نظر باید نوشته باشد.")
      .max(REVIEW_BODY_MAX * 2, `متن نظر حداکثر ${REVIEW_BODY_MAX.toLocaleString("fa-IR")} نویسه است.`)
      .optional(),
  })
  .openapi("ReviewInput");
export type ReviewInput = z.infer<typeof reviewInputSchema>;

export const reviewListQuerySchema = z.object({
  sort: z.enum(["newest", "rating"], "ترتیب نظرها newest یا rating است.").default("newest"),
  page: z.coerce.number("شمارهٔ صفحه باید عدد باشد.").int().min(1).max(1000).default(1),
});

export const reviewableQuerySchema = z.object({ productId: z.uuid("شناسهٔ کالا معتبر نیست.").optional() });

export const storeReviewsQuerySchema = z.object({
  status: z.enum(REVIEW_STATUSES, "وضعیت نظر معتبر نیست.").optional(),
  page: z.coerce.number("شمارهٔ صفحه باید عدد باشد.").int().min(1).max(10_000).default(1),
});

export const moderateReviewSchema = z
  .object({
    status: z.enum(REVIEW_STATUSES, "وضعیت نظر pending، approved یا hidden است.").optional(),
    reply: z
      .string("پاسخ باید متن باشد.")
      .max(REVIEW_REPLY_MAX * 2, `پاسخ حداکثر ${REVIEW_REPLY_MAX.toLocaleString("fa-IR")} نویسه است.`)
      .nullable()
      .optional(),
  })
  .openapi("ReviewModeration");

// ─── Outputs ──────────────────────────────────────────────────────────────

export const reviewSummarySchema = z
  .object({
    average: z.number().nullable().openapi({ description: "Approved ratings' average, one decimal; null with none" }),
    count: z.number().int(),
    stars: z.array(z.number().int()).length(5).openapi({ description: "Approved ratings per star, one star first" }),
  })
  .openapi("ReviewSummary");

export const publicReviewSchema = z
  .object({
    id: z.uuid(),
    rating: z.number().int(),
    body: z.string(),
    authorName: z.string(),
    verifiedBuyer: z.boolean().openapi({ description: "Rated from a delivered order: the store marks it «خریدار این کالا»" }),
    reply: z.string().nullable(),
    repliedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("PublicReview");

export const reviewPageSchema = z
  .object({
    summary: reviewSummarySchema,
    items: z.array(publicReviewSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .openapi("ReviewPage");

export const myReviewSchema = z
  .object({
    id: z.uuid(),
    productId: z.uuid(),
    rating: z.number().int(),
    body: z.string(),
    status: z.enum(REVIEW_STATUSES),
    reply: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("MyReview");

export const reviewableListSchema = z
  .object({
    items: z.array(
      z.object({
        productId: z.uuid(),
        productName: z.string(),
        productSlug: z.string(),
        orderId: z.uuid(),
        review: myReviewSchema.nullable(),
      }),
    ),
  })
  .openapi("Reviewables");

export const storeReviewSchema = myReviewSchema
  .extend({
    productName: z.string(),
    authorName: z.string(),
    authorPhone: z.string(),
    verifiedBuyer: z.boolean(),
    repliedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi("StoreReview");
export const storeReviewListSchema = z.object({ items: z.array(storeReviewSchema), total: z.number().int() }).openapi("StoreReviews");
