import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { rialsColumn } from "../core/money.js";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { User } from "../identity/user.entity.js";
import { Order } from "../orders/order.entity.js";

export const DISCOUNT_KINDS = ["percentage", "fixed"] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];
export const DISCOUNT_SCOPES = ["order", "categories", "products"] as const;
export type DiscountScope = (typeof DISCOUNT_SCOPES)[number];

/**
 * A store's discount: with a code the shopper types it at checkout; without
 * one it is an automatic promotion. Percentage or a fixed amount of Rials,
 * off the whole order or only the lines of some categories (and every
 * category below them) or products; a minimum order amount; a window in time;
 * total and per-customer limits; optionally free shipping.
 *
 * `used_count` changes only through the conditional UPDATE in
 * discount-usage.ts, inside the transaction that places the order; the CHECK
 * keeps it within `usage_limit` even if some other path ever tried.
 */
@Entity({ name: "discounts" })
// Codes are unique per store in their normalised form (discount-code.ts): «Sale۱۰» and «sale10» are one code.
@Index("discounts_store_code_key", ["storeId", "codeKey"], { unique: true, where: `"code_key" IS NOT NULL` })
@Index("discounts_store_created_idx", ["storeId", "createdAt"])
@Check("discounts_kind_check", `"kind" IN ('percentage', 'fixed')`)
@Check("discounts_scope_check", `"scope" IN ('order', 'categories', 'products')`)
// 0 only for a free-shipping discount (the service says so in Persian; this keeps it true).
@Check("discounts_value_check", `("value" > 0 OR "free_shipping") AND "value" >= 0 AND ("kind" <> 'percentage' OR "value" <= 100)`)
@Check("discounts_usage_check", `"used_count" >= 0 AND ("usage_limit" IS NULL OR "used_count" <= "usage_limit")`)
export class Discount extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** What the shopper reads on the cart's discount line («حراج پاییزه»). */
  @Column({ type: "text" })
  title: string;

  /** The code as the merchant typed it; null for an automatic promotion. */
  @Column({ type: "text", nullable: true })
  code: string | null;

  /** discountCodeKey(code): what lookups and the unique key use. */
  @Column({ type: "text", name: "code_key", nullable: true })
  codeKey: string | null;

  @Column({ type: "text" })
  kind: DiscountKind;

  /** A percentage (1–100) or, for `fixed`, Rials; 0 for a discount that only makes shipping free. */
  @Column(rialsColumn())
  value: number;

  @Column({ type: "text", default: "order" })
  scope: DiscountScope;

  /** For scope `categories`: these categories and every one below them (by materialised path). */
  @Column({ type: "uuid", name: "category_ids", array: true, default: () => "'{}'" })
  categoryIds: string[];

  @Column({ type: "uuid", name: "product_ids", array: true, default: () => "'{}'" })
  productIds: string[];

  /** Rials; the cart's items subtotal must reach it. */
  @Column(rialsColumn({ name: "min_order_amount", default: 0 }))
  minOrderAmount: number;

  @Column({ type: "timestamptz", name: "starts_at", nullable: true })
  startsAt: Date | null;

  /** Exclusive: from this moment the discount no longer applies. */
  @Column({ type: "timestamptz", name: "ends_at", nullable: true })
  endsAt: Date | null;

  /** Orders that may use it in all; null for no limit. */
  @Column({ type: "integer", name: "usage_limit", nullable: true })
  usageLimit: number | null;

  /** Orders one shopper may use it in; null for no limit. */
  @Column({ type: "integer", name: "per_customer_limit", nullable: true })
  perCustomerLimit: number | null;

  /** Orders holding a use now (a cancelled or expired order gives its use back). */
  @Column({ type: "integer", name: "used_count", default: 0 })
  usedCount: number;

  @Column({ type: "boolean", name: "free_shipping", default: false })
  freeShipping: boolean;

  @Column({ type: "boolean", name: "is_active", default: true })
  isActive: boolean;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}

/**
 * A discount as an order was placed with it: title, code, kind, value and
 * the Rials it took off, copied so later edits of the discount never change
 * the order. `released_at` marks the one time a cancelled order gave its use back.
 */
@Entity({ name: "order_discounts" })
@Index("order_discounts_store_order_idx", ["storeId", "orderId"])
@Index("order_discounts_store_discount_user_idx", ["storeId", "discountId", "userId"])
@Check("order_discounts_amount_check", `"amount" >= 0 AND "shipping_amount" >= 0`)
export class OrderDiscount extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "order_id" })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: "CASCADE" })
  @JoinColumn(inStore("order_id"))
  order?: Order;

  @Column({ type: "uuid", name: "discount_id", nullable: true })
  discountId: string | null;

  @ManyToOne(() => Discount, { onDelete: "SET NULL" })
  @JoinColumn(inStore("discount_id"))
  discount?: Discount;

  /** The shopper, for per-customer limits. */
  @Column({ type: "uuid", name: "user_id", nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  @Column({ type: "text" })
  title: string;

  @Column({ type: "text", nullable: true })
  code: string | null;

  @Column({ type: "text" })
  kind: DiscountKind;

  @Column(rialsColumn())
  value: number;

  /** Rials off the items (part of the order's discount_total). */
  @Column(rialsColumn())
  amount: number;

  @Column({ type: "boolean", name: "free_shipping", default: false })
  freeShipping: boolean;

  /** Rials of shipping it waived (the order's shipping_total is then 0). */
  @Column(rialsColumn({ name: "shipping_amount", default: 0 }))
  shippingAmount: number;

  @Column({ type: "timestamptz", name: "released_at", nullable: true })
  releasedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
