import type { EntityManager } from "typeorm";
import { UUID_PATTERN } from "../core/ids.js";
import { requireUser } from "../identity/authorization.js";
import { markOrderPaid, markOrderRefunded, orderForPayment } from "../orders/order.service.js";
import { InvalidTransitionError, OrderNotFoundError, OrderStateChangedError } from "../orders/orders.errors.js";
import { systemContext, type ServiceContext } from "../core/context.js";
import {
  answerOrNull,
  GatewayUnavailableError,
  maskCardNumbers,
  type CallbackReading,
  type Exchange,
  type GatewayPayment,
  type PaymentGateway,
  type RedirectInstructions,
} from "./gateway.js";
import type { PaymentDeps } from "./gateway-drivers.js";
import { decryptCredentials } from "./payment-secrets.js";
import { GATEWAY_LABELS, type FailureCode, type GatewayName, type PaymentState } from "./payment-state.js";
import { Payment, StorePaymentGateway } from "./payment.entity.js";
import { GatewayNotAvailableError, GatewayStartError, OrderNotPayableError, PaymentNotFoundError } from "./payments.errors.js";

/**
 * Payments: the one place the money rules live.
 *
 * - An order becomes paid only after the gateway verified the payment, for
 *   exactly the order's amount; a different amount is reversed.
 * - Each move of a payment is a conditional `UPDATE … WHERE state = <from>`:
 *   of any number of callbacks (replayed or concurrent) one claims the
 *   payment for verification and the others change nothing, so there is one
 *   verify, one settle and at most one paid payment per order.
 * - Calls to a gateway happen between transactions, never inside one (a slow
 *   bank must not hold a row lock or a pool connection). Each call that takes
 *   money has a named undo (STYLE.md, Medusa's compensation): a verified
 *   payment whose order can no longer be paid, or whose amount is wrong, or
 *   whose settlement failed, is reversed.
 * - No answer from the gateway leaves the payment `verifying` (or paid and
 *   unsettled): reconcilePayments() inquires later and finishes or reverses.
 *
 * That is why these functions take a context outside any transaction (the
 * route's read context, the job's system context) and open their own, one
 * per step (stepOf): the attempt spans several, with the bank in between.
 */

/**
 * The manager the steps of an attempt open their transactions on. A context
 * already inside a transaction would put the bank call inside it (a savepoint
 * holding the caller's row locks while the bank thinks): a programming error.
 */
function outsideTransaction(ctx: ServiceContext): EntityManager {
  if (ctx.manager.queryRunner?.isTransactionActive)
    throw new Error("payment.service opens its own transactions around gateway calls: call it with a context outside a transaction");
  return ctx.manager;
}

/** One step of an attempt (or of a refund's reversal) in a transaction of its own. */
export function stepOf<T>(ctx: ServiceContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return outsideTransaction(ctx).transaction(work);
}

const ACTOR = "payments";

export interface GatewayOption {
  gateway: GatewayName;
  label: string;
}

/** The gateways a store offers at checkout: its enabled ones this installation can speak, and the sandbox where it runs. */
export async function storeGateways(ctx: ServiceContext, deps: PaymentDeps, storeId: string): Promise<GatewayOption[]> {
  const rows = await ctx.manager
    .getRepository(StorePaymentGateway)
    .find({ where: { storeId, enabled: true }, order: { sortOrder: "ASC", createdAt: "ASC" } });
  const names = rows.map((row) => row.gateway).filter((name) => name !== "sandbox" && deps.gateways[name]);
  if (deps.gateways.sandbox) names.push("sandbox");
  return names.map((gateway) => ({ gateway, label: GATEWAY_LABELS[gateway] }));
}

/**
 * The store's credentials at a gateway. A new attempt needs the gateway
 * enabled; an attempt already under way is finished (verified, settled,
 * reversed) with the stored credentials even if the store has switched the
 * gateway off meanwhile: the shopper's money is already at the bank.
 */
async function credentialsOf(
  ctx: ServiceContext,
  deps: PaymentDeps,
  storeId: string,
  gateway: GatewayName,
  enabledOnly = false,
): Promise<Record<string, string>> {
  if (gateway === "sandbox") return {};
  const row = await ctx.manager
    .getRepository(StorePaymentGateway)
    .findOneBy({ storeId, gateway, ...(enabledOnly ? { enabled: true } : {}) });
  if (!row) throw new GatewayNotAvailableError();
  return decryptCredentials(deps.config.PAYMENT_SECRET_KEY, `${storeId}:${gateway}`, row.credentialsEncrypted);
}

function driverOf(deps: PaymentDeps, gateway: GatewayName): PaymentGateway {
  const driver = deps.gateways[gateway];
  if (!driver) throw new GatewayNotAvailableError();
  return driver;
}

async function gatewayPayment(ctx: ServiceContext, deps: PaymentDeps, payment: Payment, newAttempt = false): Promise<GatewayPayment> {
  return {
    id: payment.id,
    gatewayOrderId: String(payment.gatewayOrderId),
    amount: payment.amount,
    authority: payment.authority,
    reference: payment.reference,
    credentials: await credentialsOf(ctx, deps, payment.storeId, payment.gateway, newAttempt),
  };
}

/** Collects a step's raw exchanges; written with the step's outcome (or on their own when there is none). */
class ExchangeBuffer {
  readonly entries: Exchange[] = [];
  readonly log = (exchange: Exchange) => void this.entries.push(exchange);

  async flush(manager: EntityManager, payment: Pick<Payment, "id" | "storeId">): Promise<void> {
    if (this.entries.length === 0) return;
    for (const exchange of this.entries.splice(0)) await insertExchange(manager, payment, exchange);
  }
}

/** A plain INSERT: TypeORM's insert() would not type jsonb of arbitrary shape. */
async function insertExchange(manager: EntityManager, payment: Pick<Payment, "id" | "storeId">, e: Exchange): Promise<void> {
  await manager.query(
    `INSERT INTO payment_exchanges (store_id, payment_id, operation, request, response, error, duration_ms) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)`,
    [
      payment.storeId,
      payment.id,
      e.operation,
      JSON.stringify(e.request ?? null),
      JSON.stringify(e.response ?? null),
      e.error,
      e.durationMs,
    ],
  );
}

export interface StartedPayment {
  payment: Payment;
  redirect: RedirectInstructions;
}

/**
 * Starts paying the signed-in shopper's own order at one of the store's
 * gateways: records the attempt, registers it at the gateway and answers
 * where to send the browser. `origin` is the shop's address the shopper is
 * on; the gateway sends them back to `{origin}/api/v1/payments/{id}/callback`.
 */
export async function startPayment(
  ctx: ServiceContext,
  deps: PaymentDeps,
  storeId: string,
  orderId: string,
  gateway: GatewayName,
  origin: string,
): Promise<StartedPayment> {
  outsideTransaction(ctx);
  const { userId } = requireUser(ctx);
  const { order, payable } = await orderForPayment(ctx, storeId, orderId);
  if (order.userId !== userId) throw new OrderNotFoundError();
  if (!payable) throw new OrderNotPayableError();
  if (!(await storeGateways(ctx, deps, storeId)).some((option) => option.gateway === gateway)) throw new GatewayNotAvailableError();
  const driver = driverOf(deps, gateway);

  const repo = ctx.manager.getRepository(Payment);
  const payment = await repo.save(
    repo.create({
      storeId,
      orderId,
      gateway,
      state: "created",
      amount: order.total,
      authority: null,
      reference: null,
      cardPan: null,
      failureCode: null,
      gatewayCode: null,
    }),
  );
  const exchanges = new ExchangeBuffer();
  let outcome;
  try {
    outcome = await driver.start(
      await gatewayPayment(ctx, deps, payment, true),
      {
        callbackUrl: `${origin}/api/v1/payments/${payment.id}/callback`,
        description: `سفارش ${order.number}`,
        mobile: order.customerPhone,
        orderNumber: order.number,
        origin,
      },
      exchanges.log,
    );
  } catch (error) {
    if (!(error instanceof GatewayUnavailableError)) throw error;
    outcome = { ok: false as const, code: "unavailable", message: error.message };
  }
  await stepOf(ctx, async (manager) => {
    await exchanges.flush(manager, payment);
    if (outcome.ok) await move(manager, payment.id, "created", "redirected", { authority: outcome.authority });
    else await move(manager, payment.id, "created", "failed", { failure_code: "gateway_error", gateway_code: outcome.code });
  });
  if (!outcome.ok) throw new GatewayStartError();
  return { payment: await repo.findOneByOrFail({ id: payment.id }), redirect: outcome.redirect };
}

/** The conditional move every state change goes through; false when another caller moved it first. */
async function move(
  manager: EntityManager,
  paymentId: string,
  from: PaymentState,
  to: PaymentState,
  set: Record<string, unknown> = {},
): Promise<boolean> {
  const values: unknown[] = [];
  const assignments = Object.entries(set).map(([column, value]) => {
    if (column.endsWith("_at") && value === "now") return `"${column}" = now()`;
    values.push(value);
    return `"${column}" = $${values.length + 3}`;
  });
  const [rows] = (await manager.query(
    `UPDATE payments SET state = $2, updated_at = now()${assignments.length ? ", " + assignments.join(", ") : ""} WHERE id = $1 AND state = $3 RETURNING id`,
    [paymentId, to, from, ...values],
  )) as [Array<{ id: string }>, number];
  return rows.length === 1;
}

export type CallbackResult = { kind: "shown"; payment: Payment } | { kind: "refused"; reason: "tampered" };

/**
 * A shopper's return from the gateway (GET or POST, as the gateway sends
 * it). Verifies with the gateway before anything is paid; a callback for a
 * payment that has moved on (replayed, or one of many at once) changes
 * nothing and shows the same result. A callback whose token is not this
 * payment's is refused and changes nothing.
 */
export async function handleCallback(
  ctx: ServiceContext,
  deps: PaymentDeps,
  paymentId: string,
  fields: Record<string, string>,
): Promise<CallbackResult> {
  outsideTransaction(ctx);
  if (!UUID_PATTERN.test(paymentId)) throw new PaymentNotFoundError();
  const repo = ctx.manager.getRepository(Payment);
  const payment = await repo.findOneBy({ id: paymentId });
  if (!payment) throw new PaymentNotFoundError();
  const driver = driverOf(deps, payment.gateway);
  const reading = driver.readCallback(await gatewayPayment(ctx, deps, payment), fields);
  await insertExchange(ctx.manager, payment, {
    operation: "callback",
    request: maskCardNumbers(fields),
    response: null,
    error: null,
    durationMs: 0,
  });

  if (payment.state !== "redirected") return { kind: "shown", payment };
  if (!reading.authority || reading.authority !== payment.authority) return { kind: "refused", reason: "tampered" };
  if (reading.cancelled) {
    await move(ctx.manager, payment.id, "redirected", "failed", { failure_code: "cancelled", gateway_code: reading.code });
    return { kind: "shown", payment: await repo.findOneByOrFail({ id: payment.id }) };
  }
  const claimed = await claimForVerification(ctx, payment, reading.reference);
  if (claimed === "taken") return { kind: "refused", reason: "tampered" };
  if (claimed) await finishVerification(ctx, deps, await repo.findOneByOrFail({ id: payment.id }), reading);
  return { kind: "shown", payment: await repo.findOneByOrFail({ id: payment.id }) };
}

/**
 * Claims a returned payment for verification, with the reference its
 * callback names. A gateway reference pays at most one payment: where verify
 * is keyed by a reference the callback carries (SEP's RefNum, Mellat's
 * SaleReferenceId), a receipt already used by another payment is someone
 * else's money and is refused ("taken"). The advisory lock makes two such
 * callbacks at once take turns.
 */
async function claimForVerification(ctx: ServiceContext, payment: Payment, reference: string | null): Promise<boolean | "taken"> {
  if (!reference) return move(ctx.manager, payment.id, "redirected", "verifying");
  return stepOf(ctx, async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`payment-reference:${payment.gateway}:${reference}`]);
    const taken = (await manager.query(`SELECT 1 FROM payments WHERE gateway = $1 AND reference = $2 AND id <> $3 LIMIT 1`, [
      payment.gateway,
      reference,
      payment.id,
    ])) as unknown[];
    if (taken.length > 0) return "taken";
    return move(manager, payment.id, "redirected", "verifying", { reference });
  });
}

/**
 * Verify → (amount check) → order paid → settle, with the undo of each step.
 * Runs for the one caller that claimed the payment (`verifying`): the
 * callback, or later the reconciliation job.
 */
async function finishVerification(
  ctx: ServiceContext,
  deps: PaymentDeps,
  payment: Payment,
  reading: CallbackReading | null,
): Promise<void> {
  const driver = driverOf(deps, payment.gateway);
  const target = await gatewayPayment(ctx, deps, payment);
  const exchanges = new ExchangeBuffer();
  const save = (work: (manager: EntityManager) => Promise<unknown>) =>
    stepOf(ctx, async (manager) => {
      await exchanges.flush(manager, payment);
      await work(manager);
    });
  const reading$ = reading ?? { authority: payment.authority, paid: true, cancelled: false, code: null, reference: payment.reference };

  let verified;
  try {
    verified = await driver.verify(target, reading$, exchanges.log);
  } catch (error) {
    if (!(error instanceof GatewayUnavailableError)) throw error;
    // Unknown at the bank: stays `verifying` for reconcilePayments().
    return save(async () => {});
  }
  if (verified.status === "failed") {
    if (verified.reverse) return reverseFailedVerify(ctx, driver, target, payment, verified, exchanges);
    await save((manager) =>
      move(manager, payment.id, "verifying", "failed", { failure_code: verified.reason ?? "declined", gateway_code: verified.code }),
    );
    return;
  }
  const details = { reference: verified.reference, card_pan: verified.cardPan, gateway_code: verified.code };
  target.reference = verified.reference;
  if (verified.amount !== payment.amount) {
    await compensate(ctx, driver, target, payment, "verifying", "amount_mismatch", exchanges, details);
    return;
  }
  let paid = false;
  try {
    await save(async (manager) => {
      paid = await move(manager, payment.id, "verifying", "paid", { ...details, verified_at: "now" });
      // Another worker finished it first: nothing of ours to do or undo.
      if (paid) await markOrderPaid(systemContext(manager, ACTOR), payment.storeId, payment.orderId, { reference: verified.reference });
    });
  } catch (error) {
    // A second attempt for the same order, verified after the first was paid, hits the one-paid index.
    const otherPaid = (error as { driverError?: { code?: string } }).driverError?.code === "23505";
    if (!(error instanceof InvalidTransitionError || error instanceof OrderStateChangedError || otherPaid)) throw error;
    // Expiry or a cancel won the order first: the money goes back.
    await compensate(ctx, driver, target, payment, "verifying", "order_not_payable", exchanges, details);
    return;
  }
  if (paid) await settlePayment(ctx, driver, target, payment, exchanges);
}

/**
 * A verify that failed where the money may still have been taken (Mellat:
 * anything but a declined card, 43 or 48): reverse it, as the bank's
 * libraries do. Reversed → `reversed`; the bank answered that there is
 * nothing to reverse → `failed`; no answer → stays `verifying` (with its
 * failure code) for reconciliation, which inquires and decides again.
 */
async function reverseFailedVerify(
  ctx: ServiceContext,
  driver: PaymentGateway,
  target: GatewayPayment,
  payment: Payment,
  verified: { code: string; reason?: FailureCode },
  exchanges: ExchangeBuffer,
): Promise<void> {
  const reason = verified.reason ?? "declined";
  const reversed = await answerOrNull(() => driver.reverse(target, exchanges.log));
  await stepOf(ctx, async (manager) => {
    await exchanges.flush(manager, payment);
    if (!reversed)
      await manager.query(
        `UPDATE payments SET failure_code = $2, gateway_code = $3, updated_at = now() WHERE id = $1 AND state = 'verifying'`,
        [payment.id, reason, verified.code],
      );
    else if (reversed.ok)
      await move(manager, payment.id, "verifying", "reversed", { failure_code: reason, gateway_code: verified.code, reversed_at: "now" });
    else await move(manager, payment.id, "verifying", "failed", { failure_code: reason, gateway_code: verified.code });
  });
}

/** Settles a paid payment; a refused settlement reverses it and refunds the order. */
async function settlePayment(
  ctx: ServiceContext,
  driver: PaymentGateway,
  target: GatewayPayment,
  payment: Payment,
  exchanges: ExchangeBuffer,
): Promise<void> {
  let settled;
  try {
    settled = await driver.settle(target, exchanges.log);
  } catch (error) {
    if (!(error instanceof GatewayUnavailableError)) throw error;
    await stepOf(ctx, (manager) => exchanges.flush(manager, payment));
    return;
  }
  if (settled.ok) {
    await stepOf(ctx, async (manager) => {
      await exchanges.flush(manager, payment);
      await manager.query(`UPDATE payments SET settled_at = now(), updated_at = now() WHERE id = $1 AND settled_at IS NULL`, [payment.id]);
    });
    return;
  }
  await compensate(ctx, driver, target, payment, "paid", "settle_failed", exchanges, { gateway_code: settled.code });
}

/**
 * The undo of a verified payment: reverse it at the gateway, then record it
 * (and refund the order if it had been paid). Without an answer, the payment
 * keeps its state and its failure code, and reconciliation tries again.
 */
async function compensate(
  ctx: ServiceContext,
  driver: PaymentGateway,
  target: GatewayPayment,
  payment: Payment,
  from: "verifying" | "paid",
  reason: FailureCode,
  exchanges: ExchangeBuffer,
  details: Record<string, unknown>,
): Promise<void> {
  const reversed = await answerOrNull(() => driver.reverse(target, exchanges.log));
  await stepOf(ctx, async (manager) => {
    await exchanges.flush(manager, payment);
    if (!reversed?.ok) {
      await manager.query(`UPDATE payments SET failure_code = $2, updated_at = now() WHERE id = $1`, [payment.id, reason]);
      return;
    }
    const moved = await move(manager, payment.id, from, "reversed", { ...details, failure_code: reason, reversed_at: "now" });
    if (moved && from === "paid") {
      await markOrderRefunded(systemContext(manager, ACTOR), payment.storeId, payment.orderId, {
        reason: "تسویه با بانک انجام نشد؛ مبلغ به خریدار بازگردانده شد.",
      });
    }
  });
}

/**
 * How long after it started an attempt whose shopper never came back is
 * still asked about: ZarinPal reverses a payment only within 30 minutes
 * (so one verified for an order that expired meanwhile can still be given
 * back), and returns unverified money to the payer on its own after that.
 */
export const UNRETURNED_WINDOW_MS = 30 * 60_000;

/**
 * The reconciliation sweep: payments left `verifying` (no answer to verify,
 * or a reversal that did not go through) and paid payments not settled yet,
 * untouched for `olderThanMs`; and, at gateways that can tell by the token
 * alone, attempts still `redirected` (the shopper paid and closed the tab)
 * within UNRETURNED_WINDOW_MS. Each is leased (updated_at bumped) so that
 * two workers never take the same one at once.
 */
export async function reconcilePayments(
  ctx: ServiceContext,
  deps: PaymentDeps,
  options: { olderThanMs: number; batch?: number },
): Promise<{ checked: number }> {
  const rows = (await outsideTransaction(ctx).query(
    `UPDATE payments SET updated_at = now()
      WHERE id IN (SELECT id FROM payments
                    WHERE (state = 'verifying' OR (state = 'paid' AND settled_at IS NULL))
                      AND updated_at <= now() - make_interval(secs => $1)
                    ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [options.olderThanMs / 1000, options.batch ?? 50],
  )) as [Array<{ id: string }>, number];
  const repo = ctx.manager.getRepository(Payment);
  for (const { id } of rows[0]) {
    const payment = await repo.findOneByOrFail({ id });
    const driver = driverOf(deps, payment.gateway);
    const target = await gatewayPayment(ctx, deps, payment);
    const exchanges = new ExchangeBuffer();
    if (payment.state === "paid") {
      await settlePayment(ctx, driver, target, payment, exchanges);
      continue;
    }
    let inquiry;
    try {
      inquiry = await driver.inquire(target, exchanges.log);
    } catch (error) {
      if (!(error instanceof GatewayUnavailableError)) throw error;
      await stepOf(ctx, (manager) => exchanges.flush(manager, payment));
      continue;
    }
    await stepOf(ctx, (manager) => exchanges.flush(manager, payment));
    if (inquiry.status === "paid") await finishVerification(ctx, deps, payment, null);
    else if (inquiry.status === "failed" || inquiry.status === "reversed") {
      const to = inquiry.status === "reversed" ? "reversed" : "failed";
      await move(ctx.manager, payment.id, "verifying", to, {
        failure_code: payment.failureCode ?? "declined",
        gateway_code: inquiry.code,
        ...(to === "reversed" ? { reversed_at: "now" } : {}),
      });
    }
  }
  const unreturned = await reconcileUnreturned(ctx, deps, options);
  return { checked: rows[0].length + unreturned };
}

/**
 * Attempts whose shopper never came back from the gateway: asked about by
 * token; a paid one is claimed and verified exactly as its callback would
 * have (and reversed if its order can't be paid any more), a failed one ends,
 * one still at the bank waits for the next sweep.
 */
async function reconcileUnreturned(
  ctx: ServiceContext,
  deps: PaymentDeps,
  options: { olderThanMs: number; batch?: number },
): Promise<number> {
  const gateways = Object.values(deps.gateways)
    .filter((driver) => driver?.inquiresWithoutCallback)
    .map((driver) => driver!.name);
  if (gateways.length === 0) return 0;
  const [rows] = (await outsideTransaction(ctx).query(
    `UPDATE payments SET updated_at = now()
      WHERE id IN (SELECT id FROM payments
                    WHERE state = 'redirected' AND gateway = ANY($1)
                      AND created_at > now() - make_interval(secs => $2)
                      AND updated_at <= now() - make_interval(secs => $3)
                    ORDER BY updated_at LIMIT $4 FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [gateways, UNRETURNED_WINDOW_MS / 1000, options.olderThanMs / 1000, options.batch ?? 50],
  )) as [Array<{ id: string }>, number];
  const repo = ctx.manager.getRepository(Payment);
  for (const { id } of rows) {
    const payment = await repo.findOneByOrFail({ id });
    const exchanges = new ExchangeBuffer();
    const target = await gatewayPayment(ctx, deps, payment);
    const inquiry = await answerOrNull(() => driverOf(deps, payment.gateway).inquire(target, exchanges.log));
    await stepOf(ctx, (manager) => exchanges.flush(manager, payment));
    if (inquiry?.status === "paid") {
      if (await move(ctx.manager, payment.id, "redirected", "verifying"))
        await finishVerification(ctx, deps, await repo.findOneByOrFail({ id }), null);
    } else if (inquiry?.status === "failed" || inquiry?.status === "reversed") {
      await move(ctx.manager, payment.id, "redirected", "failed", { failure_code: "declined", gateway_code: inquiry.code });
    }
  }
  return rows.length;
}

/** One of the signed-in shopper's own payments (for the result page). */
export async function getMyPayment(ctx: ServiceContext, storeId: string, paymentId: string): Promise<Payment> {
  const { userId } = requireUser(ctx);
  if (!UUID_PATTERN.test(paymentId)) throw new PaymentNotFoundError();
  const rows = (await ctx.manager.query(
    `SELECT p.id FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = $1 AND p.store_id = $2 AND o.user_id = $3`,
    [paymentId, storeId, userId],
  )) as Array<{ id: string }>;
  if (rows.length === 0) throw new PaymentNotFoundError();
  return ctx.manager.getRepository(Payment).findOneByOrFail({ id: paymentId });
}
