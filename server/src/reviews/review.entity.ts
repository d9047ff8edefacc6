import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Product } from "../catalog/product.entity.js";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { User } from "../identity/user.entity.js";

export const REVIEW_STATUSES = ["pending", "approved", "hidden"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** What the merchant reads for each status. */
export const REVIEW_STATUS_LABELS: Readonly<Record<ReviewStatus, string>> = {
  pending: "در انتظار بررسی",
  approved: "منتشرشده",
  hidden: "پنهان",
};

/** The longest review and answer kept, in characters (after cleaning). */
export const REVIEW_BODY_MAX = 1000;
export const REVIEW_REPLY_MAX = 1000;

/**
 * A shopper's rating (1–5) of a product they received, with an optional
 * review text; one per shopper per product (the unique key). It shows on the
 * store only once the merchant approves it; the merchant may answer it.
 * Written only through review.service.ts.
 */
@Entity({ name: "product_reviews" })
@Index("product_reviews_store_product_user_key", ["storeId", "productId", "userId"], { unique: true })
@Index("product_reviews_store_product_status_idx", ["storeId", "productId", "status", "createdAt"])
@Index("product_reviews_store_status_created_idx", ["storeId", "status", "createdAt"])
@Check("product_reviews_rating_check", `"rating" BETWEEN 1 AND 5`)
@Check("product_reviews_status_check", `"status" IN ('pending', 'approved', 'hidden')`)
export class ProductReview extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "product_id" })
  productId: string;

  @ManyToOne(() => Product, { onDelete: "CASCADE" })
  @JoinColumn(inStore("product_id"))
  product?: Product;

  @Column({ type: "uuid", name: "user_id" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  /** The delivered order that let the shopper rate the product (the «خریدار این کالا» mark). */
  @Column({ type: "uuid", name: "order_id", nullable: true })
  orderId: string | null;

  @Column({ type: "smallint" })
  rating: number;

  /** Plain text, cleaned by the description sanitiser and kept to REVIEW_BODY_MAX characters; "" for a rating alone. */
  @Column({ type: "text", default: "" })
  body: string;

  @Column({ type: "text", default: "pending" })
  status: ReviewStatus;

  /** The merchant's public answer, plain text. */
  @Column({ type: "text", nullable: true })
  reply: string | null;

  @Column({ type: "timestamptz", name: "replied_at", nullable: true })
  repliedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
