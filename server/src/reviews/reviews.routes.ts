import { requireUser } from "../identity/authorization.js";
import { inTransaction, readContext } from "../http/request-context.js";
import { limiter } from "../http/rate-limit.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { storeOf } from "../tenancy/tenancy.routes.js";
import { presentMyReview, presentPublicReview, presentReviewable, presentStoreReview } from "./reviews.presenters.js";
import { listStoreReviews, moderateReview, productReviews, reviewableProducts, submitReview } from "./review.service.js";
import {
  moderateReviewSchema,
  myReviewSchema,
  reviewableListSchema,
  reviewableQuerySchema,
  reviewInputSchema,
  reviewListQuerySchema,
  reviewPageSchema,
  storeReviewListSchema,
  storeReviewSchema,
  storeReviewsQuerySchema,
} from "./reviews.schemas.js";

const productParams = z.object({ productId: z.uuid("شناسهٔ کالا معتبر نیست.") });
const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });
const reviewParams = storeParams.extend({ reviewId: z.uuid("شناسهٔ نظر معتبر نیست.") });
const PUBLIC_PAGE = 10;
const MERCHANT_PAGE = 50;

/**
 * Reviews and ratings (issue 27 #1): the store's product page reads approved
 * reviews live from here (an approval shows without a site build); a
 * signed-in shopper rates the products of their delivered orders; the
 * merchant approves, hides and answers.
 */
export function reviewsRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource, redis, logger } = platform;
  // A shopper writes a handful of reviews at a time; more from one account in an hour is a script.
  const submitsPerUser = limiter(redis, logger, { name: "review-submit-user", points: 10, durationSeconds: 3600, failOpen: false });
  return [
    defineRoute({
      method: "get",
      path: "/products/:productId/reviews",
      summary:
        "A product's approved reviews (newest or best rated first, 10 a page) with the average, count and stars; each marks a rating from a delivered order",
      tags: ["reviews"],
      store: true,
      params: productParams,
      query: reviewListQuerySchema,
      response: reviewPageSchema,
      errors: [404],
      handler: async ({ params, query }, req) => {
        const page = await productReviews(readContext(req, dataSource), storeOf(req).id, params.productId, {
          sort: query.sort,
          page: query.page,
          pageSize: PUBLIC_PAGE,
        });
        return {
          summary: page.summary,
          total: page.total,
          page: query.page,
          pageSize: PUBLIC_PAGE,
          items: page.items.map(presentPublicReview),
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/me/reviewables",
      summary:
        "The products of the signed-in shopper's delivered orders at this store, each with the review they left (or null): what they may rate",
      tags: ["reviews"],
      store: true,
      auth: true,
      query: reviewableQuerySchema,
      response: reviewableListSchema,
      handler: async ({ query }, req) => ({
        items: (await reviewableProducts(readContext(req, dataSource), storeOf(req).id, query.productId)).map(presentReviewable),
      }),
    }),
    defineRoute({
      method: "post",
      path: "/products/:productId/reviews",
      summary:
        "Rates a product of one of the shopper's delivered orders (1–5) with an optional text (at most 1,000 characters, cleaned of markup); one per shopper per product; shown once the merchant approves it",
      tags: ["reviews"],
      store: true,
      auth: true,
      params: productParams,
      body: reviewInputSchema,
      response: myReviewSchema,
      status: 201,
      errors: [404, 409, 429],
      handler: async ({ params, body }, req) => {
        const ctx = readContext(req, dataSource);
        await submitsPerUser(requireUser(ctx).userId);
        return presentMyReview(await inTransaction(req, dataSource, (tx) => submitReview(tx, storeOf(req).id, params.productId, body)));
      },
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/reviews",
      summary: "The store's reviews for the merchant, newest first (50 a page), optionally of one status (pending, approved, hidden)",
      tags: ["reviews (merchant)"],
      auth: true,
      params: storeParams,
      query: storeReviewsQuerySchema,
      response: storeReviewListSchema,
      errors: [403, 404],
      handler: async ({ params, query }, req) => {
        const page = await listStoreReviews(readContext(req, dataSource), params.storeId, {
          status: query.status,
          page: query.page,
          pageSize: MERCHANT_PAGE,
        });
        return { items: page.items.map(presentStoreReview), total: page.total };
      },
    }),
    defineRoute({
      method: "patch",
      path: "/stores/:storeId/reviews/:reviewId",
      summary: "Approves, hides or answers a review (audited); the product page shows the change at once",
      tags: ["reviews (merchant)"],
      auth: true,
      params: reviewParams,
      body: moderateReviewSchema,
      response: storeReviewSchema,
      errors: [403, 404],
      handler: async ({ params, body }, req) =>
        presentStoreReview(await inTransaction(req, dataSource, (ctx) => moderateReview(ctx, params.storeId, params.reviewId, body))),
    }),
  ];
}
