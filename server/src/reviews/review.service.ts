import { authorize, requireUser } from "../identity/authorization.js";
import { recordAudit } from "../audit/audit.service.js";
import { descriptionText, sanitizeDescription } from "../catalog/description-html.js";
import { ConflictError, NotFoundError, ValidationError } from "../core/errors.js";
import type { ServiceContext } from "../core/context.js";
import { findInStoreOrFail } from "../db/find-in-store.js";
import { recordEvent } from "../jobs/events.js";
import { REVIEW_BODY_MAX, REVIEW_REPLY_MAX, ProductReview, type ReviewStatus } from "./review.entity.js";

/** Review text as kept: whatever HTML was typed goes through the description sanitiser and comes out as plain text. */
export function cleanReviewText(raw: string): string {
  return descriptionText(sanitizeDescription(raw)).trim();
}

export interface ReviewSummary {
  /** Approved ratings only, rounded to one decimal; null with none. */
  average: number | null;
  count: number;
  /** How many approved ratings of each star, index 0 = one star. */
  stars: [number, number, number, number, number];
}

export interface PublicReview {
  id: string;
  rating: number;
  body: string;
  authorName: string;
  verifiedBuyer: boolean;
  reply: string | null;
  repliedAt: Date | null;
  createdAt: Date;
}

export interface ReviewPage {
  summary: ReviewSummary;
  items: PublicReview[];
  total: number;
}

/** The average, count and star counts of a product's approved reviews. */
export async function reviewSummary(ctx: ServiceContext, storeId: string, productId: string): Promise<ReviewSummary> {
  const rows: Array<{ rating: number; n: string }> = await ctx.manager.query(
    `SELECT rating, count(*) AS n FROM product_reviews WHERE store_id = $1 AND product_id = $2 AND status = 'approved' GROUP BY rating`,
    [storeId, productId],
  );
  const stars: ReviewSummary["stars"] = [0, 0, 0, 0, 0];
  for (const row of rows) stars[row.rating - 1] = Number(row.n);
  const count = stars.reduce((a, b) => a + b, 0);
  const sum = stars.reduce((a, n, i) => a + n * (i + 1), 0);
  return { average: count === 0 ? null : Math.round((sum / count) * 10) / 10, count, stars };
}

/** What the store shows of a shopper: their first name, or «خریدار» when they gave none (never the phone). */
function authorName(name: string | null | undefined): string {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : "خریدار";
}

/**
 * A product's approved reviews for the store's product page, newest first or
 * (sort "rating") best first, with the summary. Another store's product, or an
 * inactive one, answers as a missing one.
 */
export async function productReviews(
  ctx: ServiceContext,
  storeId: string,
  productId: string,
  options: { sort: "newest" | "rating"; page: number; pageSize: number },
): Promise<ReviewPage> {
  const exists = await ctx.manager.query(`SELECT 1 FROM products WHERE store_id = $1 AND id = $2 AND is_active`, [storeId, productId]);
  if (exists.length === 0) throw new NotFoundError("این کالا پیدا نشد.");
  const summary = await reviewSummary(ctx, storeId, productId);
  const order = options.sort === "rating" ? { rating: "DESC" as const, createdAt: "DESC" as const } : { createdAt: "DESC" as const };
  const rows = await ctx.manager.getRepository(ProductReview).find({
    where: { storeId, productId, status: "approved" },
    relations: { user: true },
    order,
    skip: (options.page - 1) * options.pageSize,
    take: options.pageSize,
  });
  return {
    summary,
    total: summary.count,
    items: rows.map((row) => ({
      id: row.id,
      rating: row.rating,
      body: row.body,
      authorName: authorName(row.user?.name),
      verifiedBuyer: row.orderId !== null,
      reply: row.reply,
      repliedAt: row.repliedAt,
      createdAt: row.createdAt,
    })),
  };
}

export interface Reviewable {
  productId: string;
  productName: string;
  productSlug: string;
  orderId: string;
  review: ProductReview | null;
}

/**
 * The products the signed-in shopper may rate at this store: those of their
 * delivered orders (each product once, by its latest delivered order), with
 * the review they already left, if any.
 */
export async function reviewableProducts(ctx: ServiceContext, storeId: string, productId?: string): Promise<Reviewable[]> {
  const { userId } = requireUser(ctx);
  const rows: Array<{ product_id: string; product_name: string; product_slug: string; order_id: string }> = await ctx.manager.query(
    `SELECT DISTINCT ON (l.product_id) l.product_id, p.name_fa AS product_name, p.slug AS product_slug, o.id AS order_id
       FROM orders o
       JOIN order_lines l ON l.store_id = o.store_id AND l.order_id = o.id
       JOIN products p ON p.store_id = l.store_id AND p.id = l.product_id
      WHERE o.store_id = $1 AND o.user_id = $2 AND o.state = 'delivered' AND l.product_id IS NOT NULL AND ($3::uuid IS NULL OR l.product_id = $3::uuid)
      ORDER BY l.product_id, o.created_at DESC`,
    [storeId, userId, productId ?? null],
  );
  const reviews = await ctx.manager.getRepository(ProductReview).find({ where: { storeId, userId } });
  const byProduct = new Map(reviews.map((review) => [review.productId, review]));
  return rows.map((row) => ({
    productId: row.product_id,
    productName: row.product_name,
    productSlug: row.product_slug,
    orderId: row.order_id,
    review: byProduct.get(row.product_id) ?? null,
  }));
}

export interface SubmitReviewInput {
  rating: number;
  body?: string;
}

/**
 * A shopper rates a product of one of their delivered orders: one review per
 * shopper per product (a second is refused, also under a race: the unique
 * key), the text cleaned and kept within REVIEW_BODY_MAX. It waits for the
 * merchant's approval before the store shows it.
 */
export async function submitReview(
  ctx: ServiceContext,
  storeId: string,
  productId: string,
  input: SubmitReviewInput,
): Promise<ProductReview> {
  const { userId } = requireUser(ctx);
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    throw new ValidationError("rating", "امتیاز را از ۱ تا ۵ ستاره انتخاب کنید.");
  const body = cleanReviewText(input.body ?? "");
  if (body.length > REVIEW_BODY_MAX)
    throw new ValidationError("body", `متن نظر حداکثر ${REVIEW_BODY_MAX.toLocaleString("fa-IR")} نویسه است.`);
  const [bought] = await reviewableProducts(ctx, storeId, productId);
  if (!bought)
    throw new NotFoundError("فقط کالاهایی را که سفارششان به دستتان رسیده است می‌توانید امتیاز دهید.", "review_not_allowed", "productId");
  if (bought.review) throw new ConflictError("productId", "شما پیش‌تر برای این کالا نظر ثبت کرده‌اید.", "review_exists");
  const inserted = await ctx.manager
    .createQueryBuilder()
    .insert()
    .into(ProductReview)
    .values({ storeId, productId, userId, orderId: bought.orderId, rating: input.rating, body, status: "pending" })
    .orIgnore()
    .returning("*")
    .execute();
  if (inserted.identifiers.length === 0 || !inserted.identifiers[0])
    throw new ConflictError("productId", "شما پیش‌تر برای این کالا نظر ثبت کرده‌اید.", "review_exists");
  return ctx.manager.getRepository(ProductReview).findOneByOrFail({ storeId, productId, userId });
}

export interface ModerateReviewInput {
  status?: ReviewStatus;
  /** The merchant's answer; "" or null removes it. */
  reply?: string | null;
}

/** The merchant's reviews, newest first, optionally of one status (the back office and the API). */
export async function listStoreReviews(
  ctx: ServiceContext,
  storeId: string,
  options: { status?: ReviewStatus; page: number; pageSize: number },
): Promise<{ items: ProductReview[]; total: number }> {
  await authorize(ctx, "catalog:write", { storeId });
  const [items, total] = await ctx.manager.getRepository(ProductReview).findAndCount({
    where: { storeId, ...(options.status ? { status: options.status } : {}) },
    relations: { user: true, product: true },
    order: { createdAt: "DESC" },
    skip: (options.page - 1) * options.pageSize,
    take: options.pageSize,
  });
  return { items, total };
}

/**
 * The merchant approves, hides or answers a review (catalog staff and up),
 * audited in the same transaction. The store's page reads reviews live, so
 * the change shows without a site build; a product.changed event refreshes
 * the page's structured data through the usual debounced build.
 */
export async function moderateReview(
  ctx: ServiceContext,
  storeId: string,
  reviewId: string,
  input: ModerateReviewInput,
): Promise<ProductReview> {
  await authorize(ctx, "catalog:write", { storeId });
  const review = await findInStoreOrFail(ctx, ProductReview, storeId, reviewId, () => new NotFoundError("این نظر پیدا نشد."));
  const before = { status: review.status, reply: review.reply };
  if (input.status !== undefined) review.status = input.status;
  if (input.reply !== undefined) {
    const reply = cleanReviewText(input.reply ?? "");
    if (reply.length > REVIEW_REPLY_MAX)
      throw new ValidationError("reply", `پاسخ حداکثر ${REVIEW_REPLY_MAX.toLocaleString("fa-IR")} نویسه است.`);
    if (reply !== (review.reply ?? "")) {
      review.reply = reply || null;
      review.repliedAt = reply ? new Date() : null;
    }
  }
  const after = { status: review.status, reply: review.reply };
  if (JSON.stringify(before) === JSON.stringify(after)) return review;
  await ctx.manager
    .getRepository(ProductReview)
    .update({ storeId, id: review.id }, { status: review.status, reply: review.reply, repliedAt: review.repliedAt });
  await recordAudit(ctx, { storeId, action: "review.moderated", entityType: "review", entityId: review.id, before, after });
  // The page's list is live; its structured data (AggregateRating) comes from the snapshot, refreshed by the debounced build.
  if (before.status !== after.status || (after.status === "approved" && before.reply !== after.reply)) {
    await recordEvent(ctx.manager, {
      storeId,
      type: "product.changed",
      entityId: review.productId,
      payload: { change: "review", reviewId: review.id },
    });
  }
  return ctx.manager
    .getRepository(ProductReview)
    .findOneOrFail({ where: { storeId, id: review.id }, relations: { user: true, product: true } });
}
