import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { rialsColumn } from "../core/money.js";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { User } from "../identity/user.entity.js";
import { Order } from "../orders/order.entity.js";
import { Payment } from "./payment.entity.js";

export const REFUND_METHODS = ["gateway", "manual"] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];
export const REFUND_STATUSES = ["pending", "completed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * An order's refund: the gateway's reversal of its online payment, or a
 * manual refund the merchant made outside Mall (card to card, cash) and
 * records here: who, when, how much, why and the bank's reference.
 *
 * One per order (the unique key): a second request finds it and changes
 * nothing. A gateway reversal first claims the row as `pending` (the bank is
 * called between transactions, never inside one) and completes it with the
 * order's move to refunded; a claim whose outcome never came back is taken
 * over after a while and asks the gateway what happened (refund.service.ts).
 */
@Entity({ name: "order_refunds" })
@Index("order_refunds_store_order_key", ["storeId", "orderId"], { unique: true })
@Index("order_refunds_store_created_idx", ["storeId", "createdAt"])
@Check("order_refunds_method_check", `"method" IN ('gateway', 'manual')`)
@Check("order_refunds_status_check", `"status" IN ('pending', 'completed')`)
@Check("order_refunds_amount_check", `"amount" > 0`)
export class OrderRefund extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "order_id" })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: "CASCADE" })
  @JoinColumn(inStore("order_id"))
  order?: Order;

  /** The reversed payment (gateway refunds). */
  @Column({ type: "uuid", name: "payment_id", nullable: true })
  paymentId: string | null;

  @ManyToOne(() => Payment, { onDelete: "SET NULL" })
  @JoinColumn(inStore("payment_id"))
  payment?: Payment;

  @Column({ type: "text" })
  method: RefundMethod;

  @Column({ type: "text" })
  status: RefundStatus;

  /** Rials given back; at most what the order was paid. */
  @Column(rialsColumn())
  amount: number;

  /** The merchant chose to put the order's items back in stock. */
  @Column({ type: "boolean" })
  restock: boolean;

  /** Why, in the merchant's words (the order's history keeps it too). */
  @Column({ type: "text", nullable: true })
  note: string | null;

  /** The bank's reference of a manual transfer, or the reversed payment's reference. */
  @Column({ type: "text", nullable: true })
  reference: string | null;

  /** Who refunded; null once that user is deleted. */
  @Column({ type: "uuid", name: "actor_user_id", nullable: true })
  actorUserId: string | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "actor_user_id" })
  actorUser?: User;

  @Column({ type: "timestamptz", name: "completed_at", nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
