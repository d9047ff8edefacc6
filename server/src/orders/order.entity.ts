import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { Product } from "../catalog/product.entity.js";
import { rialsColumn } from "../core/money.js";
import { User } from "../identity/user.entity.js";
import { Store } from "../tenancy/store.entity.js";
import { ORDER_STATES, type OrderState } from "./order-state.js";
import type { ShippingKind } from "./shipping-kinds.js";
import { ShippingMethod } from "./shipping-method.entity.js";

/** The address an order ships to, copied at placement so later edits never change it. */
export interface ShippingAddress {
  receiverName: string;
  mobile: string;
  provinceId: number;
  provinceName: string;
  cityId: number;
  cityName: string;
  line: string;
  postalCode: string;
}

/** An attribute value of a line's instance, as the shopper saw it («رنگ: آبی»). */
export interface LineAttribute {
  name: string;
  value: string;
  colorHex: string | null;
}

const stateList = ORDER_STATES.map((state) => `'${state}'`).join(", ");

/**
 * A shopper's order in one store. Totals are Rials and always add up (the
 * CHECK); `state` moves only through transitionOrder() (order-state.ts holds
 * the table). While `pending_payment`, its stock is reserved until
 * `reserved_until`; `stock_released_at` records the one time it went back.
 */
@Entity({ name: "orders" })
@Index("orders_store_number_key", ["storeId", "number"], { unique: true })
@Index("orders_store_state_number_idx", ["storeId", "state", "number"])
@Index("orders_store_created_idx", ["storeId", "createdAt"])
@Index("orders_store_user_number_idx", ["storeId", "userId", "number"])
// What the expiry sweeper scans, across stores: only the orders still waiting for payment.
@Index("orders_reservation_due_idx", ["reservedUntil"], { where: `"state" = 'pending_payment'` })
@Check("orders_state_check", `"state" IN (${stateList})`)
@Check("orders_total_check", `"total" = "subtotal" + "shipping_total" - "discount_total" AND "total" >= 0`)
export class Order extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** Per store, from store_order_counters: what people say on the phone («سفارش ۱۰۴۲»). */
  @Column({ type: "integer" })
  number: number;

  /** The shopper; null only if their account was deleted (the order stays for the shop's books). */
  @Column({ type: "uuid", name: "user_id", nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  /** The account's phone at placement (`+989…`), where order SMS go. */
  @Column({ type: "text", name: "customer_phone" })
  customerPhone: string;

  @Column({ type: "text" })
  state: OrderState;

  @Column(rialsColumn())
  subtotal: number;

  @Column(rialsColumn({ name: "shipping_total" }))
  shippingTotal: number;

  /** Filled by the discounts issue; 0 until then. */
  @Column(rialsColumn({ name: "discount_total", default: 0 }))
  discountTotal: number;

  @Column(rialsColumn())
  total: number;

  @Column({ type: "integer", name: "item_count" })
  itemCount: number;

  @Column({ type: "uuid", name: "shipping_method_id", nullable: true })
  shippingMethodId: string | null;

  @ManyToOne(() => ShippingMethod, { onDelete: "SET NULL" })
  @JoinColumn(inStore("shipping_method_id"))
  shippingMethod?: ShippingMethod;

  @Column({ type: "text", name: "shipping_kind" })
  shippingKind: ShippingKind;

  @Column({ type: "text", name: "shipping_name" })
  shippingName: string;

  @Column({ type: "jsonb", name: "shipping_address" })
  shippingAddress: ShippingAddress;

  @Column({ type: "text", default: "" })
  note: string;

  @Column({ type: "text", name: "tracking_code", nullable: true })
  trackingCode: string | null;

  /** Until when the stock is held for payment; null once the order has left pending_payment. */
  @Column({ type: "timestamptz", name: "reserved_until", nullable: true })
  reservedUntil: Date | null;

  /** When the reserved stock went back to the shelf (cancel, expiry, refund before shipping); at most once. */
  @Column({ type: "timestamptz", name: "stock_released_at", nullable: true })
  stockReleasedAt: Date | null;

  @Column({ type: "timestamptz", name: "paid_at", nullable: true })
  paidAt: Date | null;

  /** When the unpaid-order reminder was dealt with (sent, or skipped for the store's SMS budget): at most once (issue 27 #3). */
  @Column({ type: "timestamptz", name: "reminder_at", nullable: true })
  reminderAt: Date | null;

  /** The reminder SMS, when one was sent: an order paid after it counts as recovered in analytics. */
  @Column({ type: "uuid", name: "reminder_sms_id", nullable: true })
  reminderSmsId: string | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}

/** A line of an order: name, SKU, attributes and price copied at placement. */
@Entity({ name: "order_lines" })
@Index("order_lines_store_order_idx", ["storeId", "orderId", "position"])
@Check("order_lines_quantity_check", `"quantity" > 0`)
export class OrderLine extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "order_id" })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: "CASCADE" })
  @JoinColumn(inStore("order_id"))
  order?: Order;

  @Column({ type: "integer" })
  position: number;

  /** The instance the stock was taken from (instances are never deleted, only deactivated). */
  @Column({ type: "uuid", name: "instance_id", nullable: true })
  instanceId: string | null;

  @ManyToOne(() => ProductInstance, { onDelete: "SET NULL" })
  @JoinColumn(inStore("instance_id"))
  instance?: ProductInstance;

  @Column({ type: "uuid", name: "product_id", nullable: true })
  productId: string | null;

  @ManyToOne(() => Product, { onDelete: "SET NULL" })
  @JoinColumn(inStore("product_id"))
  product?: Product;

  @Column({ type: "text", name: "product_name" })
  productName: string;

  @Column({ type: "text", name: "product_slug" })
  productSlug: string;

  @Column({ type: "text" })
  sku: string;

  @Column({ type: "jsonb", default: [] })
  attributes: LineAttribute[];

  @Column({ type: "text", nullable: true })
  image: string | null;

  @Column(rialsColumn({ name: "unit_price" }))
  unitPrice: number;

  @Column({ type: "integer" })
  quantity: number;

  @Column(rialsColumn({ name: "line_total" }))
  lineTotal: number;
}

/** One change of an order's state: from, to, who, why, when (STYLE.md: a history row per transition). */
@Entity({ name: "order_history" })
@Index("order_history_store_order_created_idx", ["storeId", "orderId", "createdAt"])
export class OrderHistory extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "order_id" })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: "CASCADE" })
  @JoinColumn(inStore("order_id"))
  order?: Order;

  /** null for the placement itself. */
  @Column({ type: "text", name: "from_state", nullable: true })
  fromState: OrderState | null;

  @Column({ type: "text", name: "to_state" })
  toState: OrderState;

  /** `user` (a shopper, a merchant or staff) or `system` (a job, payments). */
  @Column({ type: "text", name: "actor_kind" })
  actorKind: "user" | "system";

  @Column({ type: "uuid", name: "actor_user_id", nullable: true })
  actorUserId: string | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "actor_user_id" })
  actorUser?: User;

  /** The system actor's name (`order-expiry`, `payments`). */
  @Column({ type: "text", name: "actor_name", nullable: true })
  actorName: string | null;

  @Column({ type: "text", nullable: true })
  reason: string | null;

  @Column({ type: "text", name: "tracking_code", nullable: true })
  trackingCode: string | null;

  /** The SMS this change sent the shopper, once the order-events listener has recorded it (its idempotency mark). */
  @Column({ type: "uuid", name: "sms_message_id", nullable: true })
  smsMessageId: string | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}

/**
 * An `Idempotency-Key` a shopper sent with a placement, per store and user,
 * kept 24 hours: the same key and body give back the same order.
 */
@Entity({ name: "order_idempotency_keys" })
@Index("order_idempotency_keys_created_idx", ["createdAt"])
export class OrderIdempotencyKey {
  @PrimaryColumn({ type: "uuid", name: "store_id" })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;

  @PrimaryColumn({ type: "uuid", name: "user_id" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  @PrimaryColumn({ type: "text" })
  key: string;

  /** sha256 of the request body as validated. */
  @Column({ type: "text", name: "request_hash" })
  requestHash: string;

  @Column({ type: "uuid", name: "order_id", nullable: true })
  orderId: string | null;

  @ManyToOne(() => Order, { onDelete: "CASCADE" })
  @JoinColumn(inStore("order_id"))
  order?: Order;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}

/** The last order number a store gave out; one row per store that has taken an order. */
@Entity({ name: "store_order_counters" })
export class StoreOrderCounter {
  @PrimaryColumn({ type: "uuid", name: "store_id" })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;

  @Column({ type: "integer", name: "last_number" })
  lastNumber: number;
}
