import type { EntityManager } from "typeorm";
import { findInStoreOrFail } from "../db/find-in-store.js";
import { ValidationError } from "../core/errors.js";
import { authorize } from "../identity/authorization.js";
import { canTransition } from "../orders/order-state.js";
import { Order } from "../orders/order.entity.js";
import { markOrderRefunded } from "../orders/order.service.js";
import { OrderNotFoundError } from "../orders/orders.errors.js";
import type { Actor, ServiceContext } from "../core/context.js";
import { formatToman } from "@mall/locale";
import { stepOf } from "./payment.service.js";
import { answerOrNull, type Exchange, type GatewayPayment } from "./gateway.js";
import type { PaymentDeps } from "./gateway-drivers.js";
import { decryptCredentials } from "./payment-secrets.js";
import { GATEWAY_LABELS, type GatewayName } from "./payment-state.js";
import { Payment, StorePaymentGateway } from "./payment.entity.js";
import {
  AlreadyRefundedError,
  NotRefundableError,
  RefundInProgressError,
  RefundNoteTooLongError,
  RefundReferenceTooLongError,
  ReversalRefusedError,
  ReversalUnansweredError,
} from "./payments.errors.js";
import { REFUND_NOTE_MAX_LENGTH, REFUND_REFERENCE_MAX_LENGTH, refundOrderSchema, type RefundInput } from "./payments.schemas.js";
import { OrderRefund } from "./refund.entity.js";

/**
 * Refunds: giving a paid order's money back, once.
 *
 * - `gateway`: the payment is reversed at its gateway, where the gateway
 *   still allows it (ZarinPal within its reverse window, Mellat before
 *   settlement…; the gateway's answer decides, not a guess of ours). Always
 *   the whole payment. The payment becomes `reversed`, the order `refunded`.
 * - `manual`: the merchant gave the money back outside Mall (card to card,
 *   cash) and records it: who, when, how much (at most what was paid), why,
 *   the bank's reference. The order becomes `refunded`.
 *
 * Either way the merchant chooses whether the items go back in stock. Each
 * change is one transaction; the unique refund per order makes a repeated or
 * concurrent request change nothing. The bank is called between
 * transactions: a `pending` refund row claims the order first, so two
 * requests never reverse twice; a claim left without an answer (timeout,
 * crash) is retried by asking the gateway what became of the payment.
 *
 * The order's move records its history row and the `order.changed` event in
 * the same transaction (transitionOrder), and the order-events listener texts
 * the shopper in Persian (order-events.job.ts).
 */
/** How long a gateway refund's claim stands before another request may take it over and ask the gateway. */
export const REFUND_CLAIM_SECONDS = 120;

/** A refund request once read: note and reference trimmed (null when blank) and within their limits. */
interface RefundRequest {
  method: RefundInput["method"];
  /** Rials; the whole paid amount when absent. */
  amount: number | undefined;
  restock: boolean;
  note: string | null;
  /** A manual refund's bank reference (tracking number of the transfer). */
  reference: string | null;
}

/**
 * The request's own rules, checked here once for every surface (the API's
 * body and the back office's form arrive as they came): its shape, then the
 * note and the reference within their limits after trimming.
 */
function readRequest(input: RefundInput): RefundRequest {
  const { method, amount, restock, note, reference } = refundOrderSchema.parse(input);
  const request: RefundRequest = { method, amount, restock, note: note?.trim() || null, reference: reference?.trim() || null };
  if (request.note && request.note.length > REFUND_NOTE_MAX_LENGTH) throw new RefundNoteTooLongError(REFUND_NOTE_MAX_LENGTH);
  if (request.reference && request.reference.length > REFUND_REFERENCE_MAX_LENGTH)
    throw new RefundReferenceTooLongError(REFUND_REFERENCE_MAX_LENGTH);
  return request;
}

const STATE_LABELS: Record<string, string> = { pending_payment: "در انتظار پرداخت", cancelled: "لغوشده", refunded: "بازپرداخت‌شده" };

interface Checked {
  order: Order;
  amount: number;
  payment: Payment | null;
}

/** Who may refund, which order, how much: every check that needs no lock. */
async function check(ctx: ServiceContext, storeId: string, orderId: string, input: RefundRequest): Promise<Checked> {
  await authorize(ctx, "store.manage", { storeId });
  const order = await findInStoreOrFail(ctx, Order, storeId, orderId, () => new OrderNotFoundError());
  const existing = await ctx.manager.findOneBy(OrderRefund, { storeId, orderId });
  if (existing?.status === "completed" || order.state === "refunded") throw new AlreadyRefundedError();
  // A reversal under way (or whose answer never came): a manual record now could give the money back twice.
  if (existing?.status === "pending" && input.method === "manual") throw new RefundInProgressError();
  if (!canTransition(order.state, "refunded")) throw new NotRefundableError(STATE_LABELS[order.state] ?? order.state);
  const amount = input.amount ?? order.total;
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new ValidationError("amount", "مبلغ بازپرداخت را به ریال و بیشتر از صفر وارد کنید.");
  if (amount > order.total)
    throw new ValidationError(
      "amount",
      `مبلغ بازپرداخت نمی‌تواند بیشتر از مبلغ پرداخت‌شده (${formatToman(order.total)}) باشد.`,
      "amount_too_large",
    );
  const payment = await ctx.manager.findOneBy(Payment, { storeId, orderId, state: "paid" });
  if (input.method === "gateway") {
    if (!payment) {
      // Reversed by a request that finished between our reads: that one's refund answers.
      const now = await ctx.manager.findOneBy(OrderRefund, { storeId, orderId });
      if (now) throw now.status === "completed" ? new AlreadyRefundedError() : new RefundInProgressError();
    }
    if (!payment)
      throw new ValidationError(
        "method",
        "این سفارش پرداخت آنلاینی ندارد که درگاه برگرداند؛ «بازپرداخت دستی» ثبت کنید.",
        "no_online_payment",
      );
    if (amount !== payment.amount)
      throw new ValidationError(
        "amount",
        `درگاه فقط کل مبلغ پرداخت (${formatToman(payment.amount)}) را برمی‌گرداند؛ برای بخشی از مبلغ «بازپرداخت دستی» ثبت کنید.`,
        "partial_reversal",
      );
  }
  return { order, amount, payment };
}

/** The history row's reason, which the shopper's SMS repeats: how much, how, and the merchant's note. */
function reasonOf(input: RefundRequest, amount: number, how: string): string {
  return [`${formatToman(amount)} ${how}.`, input.note].filter(Boolean).join(" ");
}

/** The order's move to refunded, unless it already left the states that can be refunded (then the record alone stands). */
async function refundTheOrder(ctx: ServiceContext, order: Order, input: RefundRequest, reason: string): Promise<void> {
  const now = await ctx.manager.findOneByOrFail(Order, { storeId: order.storeId, id: order.id });
  if (!canTransition(now.state, "refunded")) return;
  await markOrderRefunded(ctx, order.storeId, order.id, { reason, restock: input.restock });
}

const userIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/**
 * Refunds one of the store's paid orders; the refund as recorded. A repeated
 * request finds the refund and is refused (409 already_refunded), changing
 * nothing. Every surface sends its input here unchecked: this is where a
 * refund's rules are decided. `ctx` is outside any transaction: each step
 * opens its own, with the bank called between them.
 */
export async function refundOrder(
  ctx: ServiceContext,
  deps: PaymentDeps,
  storeId: string,
  orderId: string,
  input: RefundInput,
): Promise<OrderRefund> {
  const request = readRequest(input);
  const run = <T>(work: (tx: ServiceContext) => Promise<T>) => stepOf(ctx, (manager: EntityManager) => work({ ...ctx, manager }));
  const checked = await check(ctx, storeId, orderId, request);
  if (request.method === "manual") return refundManually(run, checked, request);
  return refundThroughGateway(ctx, deps, run, checked, request);
}

type Run = <T>(work: (tx: ServiceContext) => Promise<T>) => Promise<T>;

async function refundManually(run: Run, { order, amount }: Checked, input: RefundRequest): Promise<OrderRefund> {
  return run(async (tx) => {
    // Checked again under the order's row lock: of two requests at once, the second waits and finds the first's refund.
    await tx.manager.query(`SELECT id FROM orders WHERE store_id = $1 AND id = $2 FOR UPDATE`, [order.storeId, order.id]);
    const again = await check(tx, order.storeId, order.id, input);
    const refund = await tx.manager.save(
      tx.manager.create(OrderRefund, {
        storeId: order.storeId,
        orderId: order.id,
        paymentId: null,
        method: "manual",
        status: "completed",
        amount,
        restock: input.restock,
        note: input.note,
        reference: input.reference,
        actorUserId: userIdOf(tx.actor),
        completedAt: new Date(),
      }),
    );
    await refundTheOrder(
      tx,
      again.order,
      input,
      reasonOf(input, amount, input.reference ? `بازپرداخت شد (شمارهٔ پیگیری ${input.reference})` : "بازپرداخت شد"),
    );
    return refund;
  });
}

async function refundThroughGateway(
  ctx: ServiceContext,
  deps: PaymentDeps,
  run: Run,
  { order, amount, payment }: Checked,
  input: RefundRequest,
): Promise<OrderRefund> {
  const paid = payment!;
  const driver = deps.gateways[paid.gateway];
  if (!driver)
    throw new ValidationError("method", "این درگاه در این نصب در دسترس نیست؛ «بازپرداخت دستی» ثبت کنید.", "gateway_not_available");

  // The claim: a new pending row, or one left by an attempt whose answer never came (then the gateway is asked first).
  // Under the order's row lock, as a manual refund takes it: of the two, one writes the refund and the other finds it.
  const [claimed] = await stepOf(ctx, async (manager) => {
    await manager.query(`SELECT id FROM orders WHERE store_id = $1 AND id = $2 FOR UPDATE`, [order.storeId, order.id]);
    return (await manager.query(
      `INSERT INTO order_refunds (store_id, order_id, payment_id, method, status, amount, restock, note, reference, actor_user_id)
       VALUES ($1, $2, $3, 'gateway', 'pending', $4, $5, $6, $7, $8)
       ON CONFLICT (store_id, order_id) DO UPDATE
          SET updated_at = now(), restock = EXCLUDED.restock, note = EXCLUDED.note, actor_user_id = EXCLUDED.actor_user_id
        WHERE order_refunds.status = 'pending' AND order_refunds.method = 'gateway'
          AND order_refunds.updated_at <= now() - make_interval(secs => $9)
       RETURNING id, (xmax <> 0) AS retried`,
      [order.storeId, order.id, paid.id, amount, input.restock, input.note, paid.reference, userIdOf(ctx.actor), REFUND_CLAIM_SECONDS],
    )) as Array<{ id: string; retried: boolean }>;
  });
  if (!claimed) {
    const existing = await ctx.manager.findOneBy(OrderRefund, { storeId: order.storeId, orderId: order.id });
    throw existing?.status === "pending" ? new RefundInProgressError() : new AlreadyRefundedError();
  }

  const target = await gatewayPaymentOf(ctx, deps, paid);
  const exchanges: Exchange[] = [];
  const log = (exchange: Exchange) => void exchanges.push(exchange);
  // Null: the gateway did not answer (the claim stays pending and the next request asks first).
  const outcome = await answerOrNull<{ reversed: boolean; code: string }>(async () => {
    if (claimed.retried) {
      // A previous attempt may have reversed it without our hearing back: reversing again would be refused.
      const inquiry = await driver.inquire(target, log);
      if (inquiry.status === "reversed") return { reversed: true, code: inquiry.code };
    }
    const answer = await driver.reverse(target, log);
    return { reversed: answer.ok, code: answer.code };
  });

  return run(async (tx) => {
    // The order's row lock first, the order every refund takes its locks in (else a waiting claim and this would deadlock).
    await tx.manager.query(`SELECT id FROM orders WHERE store_id = $1 AND id = $2 FOR UPDATE`, [order.storeId, order.id]);
    for (const exchange of exchanges) await insertExchange(tx.manager, paid, exchange);
    if (outcome === null) {
      // Unknown at the bank: the claim stays, ready for the next request to ask the gateway what happened.
      await tx.manager.query(`UPDATE order_refunds SET updated_at = now() - make_interval(secs => $2) WHERE id = $1`, [
        claimed.id,
        REFUND_CLAIM_SECONDS,
      ]);
      return null;
    }
    if (!outcome.reversed) {
      await tx.manager.query(`DELETE FROM order_refunds WHERE id = $1 AND status = 'pending'`, [claimed.id]);
      return outcome;
    }
    await tx.manager.query(
      `UPDATE payments SET state = 'reversed', reversed_at = now(), gateway_code = $2, updated_at = now() WHERE id = $1 AND state = 'paid'`,
      [paid.id, outcome.code],
    );
    await tx.manager.query(`UPDATE order_refunds SET status = 'completed', completed_at = now(), updated_at = now() WHERE id = $1`, [
      claimed.id,
    ]);
    await refundTheOrder(
      tx,
      order,
      input,
      reasonOf(input, amount, `از راه ${GATEWAY_LABELS[paid.gateway]} به همان کارت پرداخت برگشت داده شد`),
    );
    return outcome;
  }).then(async (result) => {
    if (result === null) throw new ReversalUnansweredError();
    if (!result.reversed) throw new ReversalRefusedError(GATEWAY_LABELS[paid.gateway], result.code);
    return ctx.manager.findOneByOrFail(OrderRefund, { id: claimed.id });
  });
}

/**
 * The driver's view of the payment. Reads the credentials whether or not
 * the gateway is still offered at checkout: a merchant who stopped offering
 * it can still reverse what was paid through it.
 */
async function gatewayPaymentOf(ctx: ServiceContext, deps: PaymentDeps, payment: Payment): Promise<GatewayPayment> {
  let credentials: Record<string, string> = {};
  if (payment.gateway !== "sandbox") {
    const row = await ctx.manager.findOneBy(StorePaymentGateway, { storeId: payment.storeId, gateway: payment.gateway });
    if (!row)
      throw new ValidationError(
        "method",
        "اطلاعات این درگاه از تنظیمات فروشگاه حذف شده است؛ «بازپرداخت دستی» ثبت کنید.",
        "gateway_not_configured",
      );
    credentials = decryptCredentials(deps.config.PAYMENT_SECRET_KEY, `${payment.storeId}:${payment.gateway}`, row.credentialsEncrypted);
  }
  return {
    id: payment.id,
    gatewayOrderId: String(payment.gatewayOrderId),
    amount: payment.amount,
    authority: payment.authority,
    reference: payment.reference,
    credentials,
  };
}

/** One raw call, kept with the payment's others for audit (drivers already masked cards and secrets). */
async function insertExchange(manager: EntityManager, payment: Pick<Payment, "id" | "storeId">, e: Exchange): Promise<void> {
  await manager.query(
    `INSERT INTO payment_exchanges (store_id, payment_id, operation, request, response, error, duration_ms) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)`,
    [
      payment.storeId,
      payment.id,
      `refund:${e.operation}`,
      JSON.stringify(e.request ?? null),
      JSON.stringify(e.response ?? null),
      e.error,
      e.durationMs,
    ],
  );
}

/** The order's refund, if any (for the order page and the back office). */
export async function orderRefund(ctx: ServiceContext, storeId: string, orderId: string): Promise<OrderRefund | null> {
  await authorize(ctx, "settings:read", { storeId });
  await findInStoreOrFail(ctx, Order, storeId, orderId, () => new OrderNotFoundError());
  return ctx.manager.findOneBy(OrderRefund, { storeId, orderId });
}

/** What the back office's refund form shows before anything is posted. */
export interface RefundFacts {
  /** Rials the order was paid. */
  paidAmount: number;
  /** The online payment a gateway may still reverse, if the order has one. */
  online: { gateway: GatewayName; label: string; reference: string | null } | null;
  /** Whether the order's items have left the shop (shipped, delivered) rather than still being counted out of stock. */
  shipped: boolean;
}

/** What refunding this order would give back and how: for the refund form (same permission as the refund itself). */
export async function refundFacts(ctx: ServiceContext, storeId: string, orderId: string): Promise<RefundFacts> {
  await authorize(ctx, "store.manage", { storeId });
  const order = await findInStoreOrFail(ctx, Order, storeId, orderId, () => new OrderNotFoundError());
  const payment = await ctx.manager.findOneBy(Payment, { storeId, orderId, state: "paid" });
  return {
    paidAmount: order.total,
    online: payment ? { gateway: payment.gateway, label: GATEWAY_LABELS[payment.gateway], reference: payment.reference } : null,
    shipped: order.state === "shipped" || order.state === "delivered",
  };
}
