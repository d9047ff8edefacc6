import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { rialsColumn } from "../core/money.js";
import { StoreOwned } from "../db/store-owned.js";

/**
 * Pre-aggregated analytics rows, one Tehran day at a time (`day` is the
 * Gregorian date of the Tehran wall clock; Jalali weeks and months are
 * summed from days in analytics-range.ts). They are derived data: the
 * `analytics` listener recomputes a store's day from `orders` whenever one of
 * that day's orders changes (daily-stats.ts), so a replayed or reordered
 * event can never make them drift, and a store can be rebuilt at any time.
 */

/** Orders placed on a Tehran day, by their current state: count, Rials, units. */
@Entity({ name: "store_daily_sales" })
@Index("store_daily_sales_store_day_state_key", ["storeId", "day", "state"], { unique: true })
export class StoreDailySales extends StoreOwned {
  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  id: string;

  /** `YYYY-MM-DD` (Tehran). */
  @Column({ type: "date" })
  day: string;

  @Column({ type: "text" })
  state: string;

  @Column({ type: "integer" })
  orders: number;

  /** Sum of the orders' totals. */
  @Column(rialsColumn())
  revenue: number;

  @Column({ type: "integer" })
  items: number;
}

/** A product's sales on a Tehran day, counting only orders in a revenue state (order-stats.ts REVENUE_STATES). */
@Entity({ name: "store_daily_product_sales" })
@Index("store_daily_product_sales_store_day_product_key", ["storeId", "day", "productId"], { unique: true })
export class StoreDailyProductSales extends StoreOwned {
  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  id: string;

  @Column({ type: "date" })
  day: string;

  @Column({ type: "uuid", name: "product_id" })
  productId: string;

  /** Orders that had the product in at least one line. */
  @Column({ type: "integer" })
  orders: number;

  @Column({ type: "integer" })
  quantity: number;

  /** Sum of the lines' totals (before order-level shipping and discounts). */
  @Column(rialsColumn())
  revenue: number;
}

/** A product's page views counted on a Tehran day, added by the view-count flush (product-views.ts). */
@Entity({ name: "product_daily_views" })
@Index("product_daily_views_store_day_product_key", ["storeId", "day", "productId"], { unique: true })
export class ProductDailyViews extends StoreOwned {
  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  id: string;

  @Column({ type: "date" })
  day: string;

  @Column({ type: "uuid", name: "product_id" })
  productId: string;

  @Column({ type: "integer" })
  views: number;
}

/**
 * A shopper who placed a paid (or later) order on a Tehran day: what "buyers
 * in a range" and "had bought before it" (new vs returning) are counted
 * from, by index-only scans instead of probing `orders` once per buyer.
 */
@Entity({ name: "store_daily_buyers" })
@Index("store_daily_buyers_store_day_user_key", ["storeId", "day", "userId"], { unique: true })
@Index("store_daily_buyers_store_user_day_idx", ["storeId", "userId", "day"])
export class StoreDailyBuyer extends StoreOwned {
  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  id: string;

  @Column({ type: "date" })
  day: string;

  @Column({ type: "uuid", name: "user_id" })
  userId: string;
}

/**
 * The Tehran day of a shopper's first paid (or later) order in the store:
 * "new buyers in a range" is then one index range count, and returning
 * buyers are the range's buyers less the new ones. Kept with the buyer rows.
 */
@Entity({ name: "store_first_purchases" })
@Index("store_first_purchases_store_user_key", ["storeId", "userId"], { unique: true })
@Index("store_first_purchases_store_day_idx", ["storeId", "day"])
export class StoreFirstPurchase extends StoreOwned {
  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  id: string;

  @Column({ type: "uuid", name: "user_id" })
  userId: string;

  @Column({ type: "date" })
  day: string;
}
