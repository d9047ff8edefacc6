import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { rialsColumn } from "../core/money.js";
import { Order } from "../orders/order.entity.js";
import { GATEWAYS, PAYMENT_STATES, type FailureCode, type GatewayName, type PaymentState } from "./payment-state.js";

const stateList = PAYMENT_STATES.map((state) => `'${state}'`).join(", ");
const gatewayList = GATEWAYS.map((gateway) => `'${gateway}'`).join(", ");

/**
 * One attempt to pay an order at one gateway. An order may have several
 * attempts (a cancelled one, then another gateway); at most one is `paid`
 * (the partial unique index). `state` moves only through the conditional
 * updates of payment.service.ts (payment-state.ts holds the table).
 */
@Entity({ name: "payments" })
@Index("payments_store_order_idx", ["storeId", "orderId", "createdAt"])
@Index("payments_one_paid_per_order_key", ["storeId", "orderId"], { unique: true, where: `"state" = 'paid'` })
@Index("payments_gateway_authority_key", ["storeId", "gateway", "authority"], { unique: true, where: `"authority" IS NOT NULL` })
// What the reconciliation job scans, across stores: attempts whose outcome we do not know yet.
@Index("payments_unsettled_idx", ["updatedAt"], { where: `"state" = 'verifying' OR ("state" = 'paid' AND "settled_at" IS NULL)` })
// A gateway reference pays one payment: every callback claim looks its reference up (payment.service.ts claimForVerification).
@Index("payments_gateway_reference_idx", ["gateway", "reference"], { where: `"reference" IS NOT NULL` })
// Attempts whose shopper may have paid and never come back, asked about for 30 minutes after they start (reconcileUnreturned).
@Index("payments_redirected_idx", ["createdAt"], { where: `"state" = 'redirected'` })
@Check("payments_state_check", `"state" IN (${stateList})`)
@Check("payments_gateway_check", `"gateway" IN (${gatewayList})`)
@Check("payments_amount_check", `"amount" > 0`)
export class Payment extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "order_id" })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: "CASCADE" })
  @JoinColumn(inStore("order_id"))
  order?: Order;

  /**
   * A number unique across the installation: Mellat and Parsian want a
   * numeric order id that is never reused on the terminal, and a shopper's
   * second attempt for the same order needs a new one.
   */
  @Column({ type: "bigint", name: "gateway_order_id" })
  @Generated("increment")
  gatewayOrderId: string;

  @Column({ type: "text" })
  gateway: GatewayName;

  @Column({ type: "text" })
  state: PaymentState;

  /** Rials, copied from the order's total when the attempt starts; verify must confirm exactly this. */
  @Column(rialsColumn())
  amount: number;

  /** The gateway's token for the attempt (ZarinPal authority, Mellat RefId, SEP token, PEC token). */
  @Column({ type: "text", nullable: true })
  authority: string | null;

  /** The shopper-visible reference once verified (ZarinPal ref_id, Mellat SaleReferenceId, SEP RRN). */
  @Column({ type: "text", nullable: true })
  reference: string | null;

  /** Masked, as 6 first and 4 last digits at most (`502229******5995`). */
  @Column({ type: "text", name: "card_pan", nullable: true })
  cardPan: string | null;

  @Column({ type: "text", name: "failure_code", nullable: true })
  failureCode: FailureCode | null;

  /** The gateway's own status code of the last answer that decided something. */
  @Column({ type: "text", name: "gateway_code", nullable: true })
  gatewayCode: string | null;

  @Column({ type: "timestamptz", name: "verified_at", nullable: true })
  verifiedAt: Date | null;

  /** Gateways that need a separate settlement (Mellat) set it then; the others when verified. */
  @Column({ type: "timestamptz", name: "settled_at", nullable: true })
  settledAt: Date | null;

  @Column({ type: "timestamptz", name: "reversed_at", nullable: true })
  reversedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}

/**
 * Every call to a gateway and every callback, raw, for audit and disputes.
 * Card numbers are masked before they are written (maskCardNumbers).
 */
@Entity({ name: "payment_exchanges" })
@Index("payment_exchanges_payment_idx", ["paymentId", "createdAt"])
export class PaymentExchange extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "payment_id" })
  paymentId: string;

  @ManyToOne(() => Payment, { onDelete: "CASCADE" })
  @JoinColumn(inStore("payment_id"))
  payment?: Payment;

  /** request, verify, settle, reverse, inquire, callback. */
  @Column({ type: "text" })
  operation: string;

  @Column({ type: "jsonb", nullable: true })
  request: unknown;

  @Column({ type: "jsonb", nullable: true })
  response: unknown;

  /** A transport failure (timeout, refused, bad body); null when the gateway answered. */
  @Column({ type: "text", nullable: true })
  error: string | null;

  @Column({ type: "integer", name: "duration_ms" })
  durationMs: number;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}

/**
 * A store's gateway: whether it is offered at checkout and the merchant's
 * credentials, encrypted with AES-256-GCM (payment-secrets.ts). The sandbox
 * needs no row outside production.
 */
@Entity({ name: "store_payment_gateways" })
@Index("store_payment_gateways_store_gateway_key", ["storeId", "gateway"], { unique: true })
@Check("store_payment_gateways_gateway_check", `"gateway" IN (${gatewayList})`)
export class StorePaymentGateway extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  gateway: GatewayName;

  @Column({ type: "boolean", default: true })
  enabled: boolean;

  /** `v1.{iv}.{tag}.{ciphertext}` (base64url) of the credentials' JSON; never returned in full. */
  @Column({ type: "text", name: "credentials_encrypted" })
  credentialsEncrypted: string;

  @Column({ type: "integer", name: "sort_order", default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
