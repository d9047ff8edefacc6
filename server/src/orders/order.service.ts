import { clearSavedCart } from "./saved-cart.service.js";
import { createHash } from "node:crypto";
import type { SelectQueryBuilder } from "typeorm";
import { InstanceNotFoundError, InsufficientStockError } from "../catalog/catalog.errors.js";
import { adjustStocks } from "../catalog/instance.service.js";
import { UUID_PATTERN } from "../core/ids.js";
import { findInStoreOrFail, findInStoresOrFail } from "../db/find-in-store.js";
import { ConflictError, ValidationError } from "../core/errors.js";
import { recordAudit } from "../audit/audit.service.js";
import { authorize, requireUser } from "../identity/authorization.js";
import { quoteDiscounts } from "../discounts/discount-pricing.js";
import { claimDiscountUses, orderDiscounts, recordOrderDiscounts, releaseDiscountUses } from "../discounts/discount-usage.js";
import type { OrderDiscount } from "../discounts/discount.entity.js";
import { outboxInsertSql, recordEvent } from "../jobs/events.js";
import { currentRequestId } from "../platform/request-scope.js";
import type { ServiceContext } from "../core/context.js";
import { endOfJalaliDay, formatNumber, formatToman, startOfJalaliDay, toLatinDigits } from "@mall/locale";
import { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import { getOwnAddress, shippingAddressOf } from "./address.service.js";
import { priceItems } from "./cart.service.js";
import { canMoveByHand, canTransition, returnsStock, SERVICE_ONLY_STATES, STOCK_HELD_STATES, type OrderState } from "./order-state.js";
import { Order, OrderHistory, OrderLine, type ShippingAddress } from "./order.entity.js";
import {
  IdempotencyKeyReusedError,
  InvalidTransitionError,
  NotSoldError,
  OrderNotFoundError,
  OrderStateChangedError,
  RefundRequiredError,
  OrderStockError,
  ShippingMethodNotFoundError,
  ShippingNotAvailableError,
  TotalChangedError,
} from "./orders.errors.js";
import { placeOrderSchema, type OrderListQuery, type PlaceOrderInput } from "./orders.schemas.js";
import { TRACKED_KINDS } from "./shipping-kinds.js";
import { ShippingMethod } from "./shipping-method.entity.js";
import { quoteShipping } from "./shipping.service.js";

/**
 * Orders: the one service every surface goes through (the API now; the back
 * office, the payment gateways and the jobs too). The rules that live here:
 *
 * - Placing an order reserves every line's stock in the caller's ONE
 *   transaction through adjustStocks() (the only place stock changes), in
 *   instance-id order so that two carts sharing instances always lock them in
 *   the same order and never deadlock. If any line is short, the whole
 *   transaction rolls back: nothing is half-reserved.
 * - The locks other shoppers wait on (the models' rows, a limited discount's
 *   row, the store's order counter) are the placement's last statements:
 *   everything else is read and written before them, so a crowd at a sale
 *   waits on each placement for a few round trips, not for all of it.
 * - Lines copy name, SKU, attributes and unit price read at the start of the
 *   transaction, which the shopper's expectedTotal was checked against.
 * - An order moves only through applyTransition(): the table in
 *   order-state.ts says what is allowed, and a conditional
 *   `UPDATE … WHERE state = <the state we read>` decides who wins a race
 *   (payment against expiry, two merchants at once). Each move writes an
 *   order_history row and an `order.changed` outbox event in the same
 *   transaction; stock held by the order goes back at most once
 *   (`stock_released_at`).
 *
 * For the Payments issue, the seam is: orderForPayment() (is it payable, how
 * much), markOrderPaid() (the verified callback), and
 * markOrderRefunded (the refund service's) and transitionOrder(…, "cancelled") for reversals; all take a
 * ServiceContext whose transaction the caller owns.
 */

/** Orders number from here in each store: a first order «۱۰۰۱» reads better than «۱». */
export const FIRST_ORDER_NUMBER = 1001;
/** Orders a shopper may have waiting for payment in one store at once: holding stock costs others a sale. */
export const MAX_PENDING_ORDERS = 5;

export interface OrderView {
  order: Order;
  lines: OrderLine[];
  history: OrderHistory[];
  /** The discount lines it was placed with (discounts/discount.entity.ts); loaded with every view. */
  discounts?: OrderDiscount[];
}

export interface PlaceOrderOptions {
  /** The `Idempotency-Key` header: the same key and body give back the same order for 24 hours. */
  idempotencyKey?: string;
  /** How long the stock is held for payment (ORDER_RESERVATION_MINUTES). */
  reservationMinutes: number;
}

export interface PlacedOrder extends OrderView {
  /** True when an earlier placement with the same Idempotency-Key is answered again. */
  replayed: boolean;
}

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_KEY_HOURS = 24;

function requestHash(input: unknown): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("hex");
}

/**
 * Claims an Idempotency-Key for this placement, or finds the placement that
 * already has it. A concurrent request with the same key waits on the
 * primary key until the first one commits or rolls back, so only one order
 * is ever placed per key. A key older than 24 hours is claimed afresh.
 */
async function claimIdempotencyKey(
  ctx: ServiceContext,
  storeId: string,
  userId: string,
  key: string,
  hash: string,
): Promise<{ claimed: true } | { claimed: false; orderId: string | null; hash: string }> {
  const [claimed] = (await ctx.manager.query(
    `INSERT INTO order_idempotency_keys (store_id, user_id, key, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (store_id, user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, order_id = NULL, created_at = now()
       WHERE order_idempotency_keys.created_at < now() - make_interval(hours => $5)
     RETURNING key`,
    [storeId, userId, key, hash, IDEMPOTENCY_KEY_HOURS],
  )) as Array<{ key: string }>;
  if (claimed) return { claimed: true };
  const [existing] = (await ctx.manager.query(
    `SELECT order_id, request_hash FROM order_idempotency_keys WHERE store_id = $1 AND user_id = $2 AND key = $3`,
    [storeId, userId, key],
  )) as Array<{ order_id: string | null; request_hash: string }>;
  return { claimed: false, orderId: existing?.order_id ?? null, hash: existing?.request_hash ?? "" };
}

/**
 * Gives a placed order the store's next number and records its `order.changed`
 * event (which names the number), in one statement: the LAST of a placement.
 * The counter row stays locked until the placement commits, so a number never
 * repeats and a placement that rolls back leaves no gap; and because nothing
 * but the COMMIT follows, the store's other placements wait on it for one
 * round trip, not for the whole placement.
 */
async function numberOrder(ctx: ServiceContext, order: Order, event: Record<string, unknown>): Promise<number> {
  const [row] = (await ctx.manager.query(
    `WITH counter AS (
       INSERT INTO store_order_counters (store_id, last_number) VALUES ($1, $2)
       ON CONFLICT (store_id) DO UPDATE SET last_number = store_order_counters.last_number + 1
       RETURNING last_number
     ), numbered AS (
       UPDATE orders SET number = counter.last_number FROM counter WHERE orders.store_id = $1 AND orders.id = $3 RETURNING orders.number
     ), events AS (
       ${outboxInsertSql(
         "order.changed",
         {
           storeId: "$1::uuid",
           entityId: "$3::uuid",
           payload: "$4::jsonb || jsonb_build_object('number', numbered.number)",
           requestId: "$5::text",
         },
         "numbered",
       )}
     )
     SELECT number FROM numbered`,
    [order.storeId, FIRST_ORDER_NUMBER, order.id, JSON.stringify(event), currentRequestId() ?? null],
  )) as Array<{ number: number }>;
  return row!.number;
}

/** The cart's models and quantities by id: the same model twice is one line, and its first position names it in errors. */
function wantedOf(input: PlaceOrderInput): Map<string, { quantity: number; index: number }> {
  const wanted = new Map<string, { quantity: number; index: number }>();
  input.items.forEach((item, index) => {
    // PostgreSQL's spelling: «A…» and «a…» are one model, and adjustStocks names it in lower case.
    const instanceId = item.instanceId.toLowerCase();
    const seen = wanted.get(instanceId);
    wanted.set(instanceId, { quantity: (seen?.quantity ?? 0) + item.quantity, index: seen?.index ?? index });
  });
  return wanted;
}

/**
 * The sold-out crowd's answer, before any transaction: refuses a placement
 * whose cart is visibly short or not sold, as placeOrder would, on one read
 * and without taking a pooled connection for a transaction, unless the
 * shopper's Idempotency-Key already names a placement (answered again by
 * placeOrder, sold out or not). Goes on quietly otherwise, and when in doubt
 * (a model it cannot see): placeOrder looks again in its transaction, and
 * only its conditional UPDATE decides who gets the stock.
 */
export async function refuseVisiblyShort(
  ctx: ServiceContext,
  storeId: string,
  rawInput: PlaceOrderInput,
  options: Pick<PlaceOrderOptions, "idempotencyKey">,
): Promise<void> {
  const input = placeOrderSchema.parse(rawInput);
  const { userId } = requireUser(ctx);
  const wanted = wantedOf(input);
  // No row at all when the key is known: then placeOrder answers.
  const rows = (await ctx.manager.query(
    `SELECT i.id, i.stock, (i.is_active AND p.is_active) AS sold, p.name_fa
       FROM product_instances i
       JOIN products p ON p.store_id = i.store_id AND p.id = i.product_id
      WHERE i.store_id = $1 AND i.id = ANY($2::uuid[])
        AND NOT EXISTS (SELECT 1 FROM order_idempotency_keys k WHERE k.store_id = $1 AND k.user_id = $3 AND k.key = $4)`,
    [storeId, [...wanted.keys()], userId, options.idempotencyKey ?? null],
  )) as Array<{ id: string; stock: number; sold: boolean; name_fa: string }>;
  if (rows.length === 0) return;
  const shelf = new Map(rows.map((row) => [row.id, row]));
  for (const [instanceId, { quantity, index }] of wanted) {
    const row = shelf.get(instanceId);
    if (!row || !row.sold) throw new NotSoldError(`items.${index}.instanceId`);
    if (row.stock < quantity) throw new OrderStockError(`items.${index}.quantity`, row.name_fa, row.stock);
  }
}

/**
 * Places the signed-in shopper's order: reserves the stock of every line
 * atomically, copies the lines, prices shipping, and leaves the order in
 * `pending_payment` until `reservedUntil`. Throws (and so rolls the caller's
 * transaction back, reservations included) on any line that is not sold or
 * short of stock, on a shipping method that does not reach the address, and
 * on a total that differs from `expectedTotal`.
 */
export async function placeOrder(
  ctx: ServiceContext,
  storeId: string,
  rawInput: PlaceOrderInput,
  options: PlaceOrderOptions,
): Promise<PlacedOrder> {
  const input = placeOrderSchema.parse(rawInput);
  const { userId } = requireUser(ctx);

  if (options.idempotencyKey) {
    const hash = requestHash(input);
    const claim = await claimIdempotencyKey(ctx, storeId, userId, options.idempotencyKey, hash);
    if (!claim.claimed) {
      if (claim.hash !== hash || !claim.orderId) throw new IdempotencyKeyReusedError();
      return { ...(await loadOrderView(ctx, storeId, claim.orderId)), replayed: true };
    }
  }

  const wanted = wantedOf(input);
  const lockOrder = [...wanted.keys()].sort();

  // A look without locks first: when the shelf is visibly short (the usual answer once a sale runs
  // out), refuse before taking any lock. Only the conditional UPDATE below decides who gets the stock.
  const visible = await priceItems(ctx, storeId, lockOrder);
  for (const [instanceId, { quantity, index }] of wanted) {
    const item = visible.get(instanceId);
    if (!item || !item.sold) throw new NotSoldError(`items.${index}.instanceId`);
    if (item.stock < quantity) throw new OrderStockError(`items.${index}.quantity`, item.name, item.stock);
  }

  // The shopper in one round trip: their phone (where order SMS go), how many orders they have waiting, and the backend's
  // pid (the order's number until its last statement, below); ordering makes them this store's customer, as signing in
  // there does (undone with the rest if the placement is refused).
  const [shopper] = (await ctx.manager.query(
    `WITH customer AS (INSERT INTO store_customers (store_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING)
     SELECT u.phone, pg_backend_pid() AS pid,
            (SELECT count(*)::int FROM orders o WHERE o.store_id = $1 AND o.user_id = $2 AND o.state = 'pending_payment') AS pending
       FROM users u WHERE u.id = $2`,
    [storeId, userId],
  )) as Array<{ phone: string; pid: number; pending: number }>;
  if (!shopper) throw new Error("placeOrder: the shopper's user row is missing");
  if (shopper.pending >= MAX_PENDING_ORDERS) {
    throw new ConflictError(
      "items",
      `${formatNumber(MAX_PENDING_ORDERS)} سفارش پرداخت‌نشده در این فروشگاه دارید؛ ابتدا آن‌ها را پرداخت یا لغو کنید.`,
      "too_many_pending_orders",
    );
  }

  const address: ShippingAddress = input.addressId
    ? shippingAddressOf(await getOwnAddress(ctx, storeId, input.addressId, "addressId"))
    : shippingAddressOf(input.address!);
  const method = await findInStoreOrFail(
    ctx,
    ShippingMethod,
    storeId,
    input.shippingMethodId,
    () => new ShippingMethodNotFoundError("shippingMethodId"),
  );
  if (!method.isActive) throw new ShippingNotAvailableError();

  // Priced from the read above, at the start of this transaction. The lines copy these prices, and the
  // shopper's expectedTotal was checked against them; re-reading them under the stock lock would only
  // hold the lock longer, and in a sale every placement of the model waits on that one row.
  const lines = [...wanted].map(([instanceId, { quantity }], position) => ({ item: visible.get(instanceId)!, quantity, position }));
  const subtotal = lines.reduce((sum, line) => sum + line.item.unitPrice * line.quantity, 0);
  // Discounts checked again here, in this transaction: a code that no longer applies refuses the placement.
  const discounts = await quoteDiscounts(ctx, storeId, {
    lines: lines.map(({ item, quantity }) => ({ productId: item.productId, lineTotal: item.unitPrice * quantity })),
    subtotal,
    code: input.discountCode,
    userId,
  });
  if (discounts.codeError) throw discounts.codeError;
  const quote = quoteShipping(method, address, subtotal);
  if (!quote) throw new ShippingNotAvailableError();
  const shippingTotal = discounts.freeShipping ? 0 : quote.price;
  const total = subtotal - discounts.itemsDiscount + shippingTotal;
  if (input.expectedTotal !== undefined && input.expectedTotal !== total) throw new TotalChangedError(formatToman(total));
  // What was in the cart is now the order: the saved cart empties with it, as the browser's does.
  await clearSavedCart(ctx, storeId, userId);

  // The order and everything written with it come first, while this placement holds no lock another shopper waits on.
  // Its number is taken last: until then it carries minus this transaction's backend pid, which no other placement in
  // flight carries (each holds a backend of its own, PgBouncer's transaction mode included; were two ever to meet on
  // (store, number), the second would only wait for the first to commit its real number), which nobody else sees (it
  // is never committed), and which the last statement replaces.
  const orders = ctx.manager.getRepository(Order);
  const order = await orders.save(
    orders.create({
      storeId,
      number: -shopper.pid,
      userId,
      customerPhone: shopper.phone,
      state: "pending_payment",
      subtotal,
      shippingTotal,
      discountTotal: discounts.itemsDiscount,
      total,
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      shippingMethodId: method.id,
      shippingKind: method.kind,
      shippingName: method.name,
      shippingAddress: address,
      note: input.note,
      trackingCode: null,
      reservedUntil: new Date(Date.now() + options.reservationMinutes * 60_000),
      stockReleasedAt: null,
      paidAt: null,
    }),
  );
  const orderLines = ctx.manager.getRepository(OrderLine);
  const saved = await orderLines.save(
    lines.map(({ item, quantity, position }) =>
      orderLines.create({
        storeId,
        orderId: order.id,
        position,
        instanceId: item.instanceId,
        productId: item.productId,
        productName: item.name,
        productSlug: item.slug,
        sku: item.sku,
        attributes: item.attributes,
        image: item.image,
        unitPrice: item.unitPrice,
        quantity,
        lineTotal: item.unitPrice * quantity,
      }),
    ),
  );
  if (options.idempotencyKey) {
    await ctx.manager.query(`UPDATE order_idempotency_keys SET order_id = $4 WHERE store_id = $1 AND user_id = $2 AND key = $3`, [
      storeId,
      userId,
      options.idempotencyKey,
      order.id,
    ]);
  }
  const discountLines = await recordOrderDiscounts(ctx, order, discounts.applied, quote.price);
  const placed = await saveHistory(ctx, order, null, "pending_payment", {});

  // The locks other shoppers wait on, from here to the COMMIT, in the one order every placement and release takes them:
  // the models' rows (all lines in one statement, ascending id), the discounts' rows, the store's order counter.
  try {
    await adjustStocks(
      ctx,
      storeId,
      lockOrder.map((instanceId) => ({ instanceId, delta: -wanted.get(instanceId)!.quantity })),
    );
  } catch (error) {
    if (error instanceof InstanceNotFoundError && error.instanceId)
      throw new NotSoldError(`items.${wanted.get(error.instanceId)!.index}.instanceId`);
    if (error instanceof InsufficientStockError && error.instanceId) {
      const { index } = wanted.get(error.instanceId)!;
      const [item] = (await priceItems(ctx, storeId, [error.instanceId])).values();
      throw new OrderStockError(`items.${index}.quantity`, item?.name ?? "این کالا", item?.stock ?? null);
    }
    throw error;
  }
  // Counted under the discount's row lock, after the stock: never past a limit.
  await claimDiscountUses(ctx, order, userId, discounts.applied);
  order.number = await numberOrder(ctx, order, orderChanged(order, null, "pending_payment", placed.id));
  return { order, lines: saved, history: [placed], discounts: discountLines, replayed: false };
}

export interface TransitionOptions {
  reason?: string | undefined;
  trackingCode?: string | undefined;
  /**
   * Refunds: whether the items go back on the shelf (at most once). Unset,
   * the table decides (returnsStock); a merchant may keep them off (not
   * sellable) or return a shipped order's items that came back.
   */
  restock?: boolean | undefined;
}

/** An order by id in one of several stores (a back-office link names the order, which decides the store). */
export async function getOrderIn(ctx: ServiceContext, storeIds: readonly string[] | "all", orderId: string): Promise<Order> {
  return findInStoresOrFail(ctx, Order, storeIds, orderId, () => new OrderNotFoundError());
}

/**
 * Moves an order to `to`, for a merchant of the store, staff or the platform
 * (payments, jobs): the ONE entry every surface uses. Refuses what the
 * transition table does not allow (422 invalid_transition), refunded and the
 * cancelling of a paid order (422 refund_required: only the refund service
 * gives money back) and a move that lost a race to another (409
 * invalid_transition). Shipping by post or Tipax needs a tracking code.
 */
export async function transitionOrder(
  ctx: ServiceContext,
  storeId: string,
  orderId: string,
  to: OrderState,
  options: TransitionOptions = {},
): Promise<Order> {
  return moveOrder(ctx, storeId, orderId, to, options, { byHand: true });
}

/**
 * The seam for the refund service (and a payment's compensation): the money
 * has gone back, so the order becomes refunded. No surface calls this; they
 * go through refundOrder, which reverses or records the money first.
 */
export async function markOrderRefunded(
  ctx: ServiceContext,
  storeId: string,
  orderId: string,
  options: Pick<TransitionOptions, "reason" | "restock"> = {},
): Promise<Order> {
  return moveOrder(ctx, storeId, orderId, "refunded", options, { byHand: false });
}

async function moveOrder(
  ctx: ServiceContext,
  storeId: string,
  orderId: string,
  to: OrderState,
  options: TransitionOptions,
  how: { byHand: boolean },
): Promise<Order> {
  await authorize(ctx, "orders:write", { storeId });
  const order = await findInStoreOrFail(ctx, Order, storeId, orderId, () => new OrderNotFoundError());
  if (how.byHand && !canMoveByHand(order.state, to)) {
    // Refunded only when money went back; a paid order is called off by refunding it.
    const paidOrder = canTransition(order.state, "refunded");
    if (paidOrder && (SERVICE_ONLY_STATES.includes(to) || (to === "cancelled" && STOCK_HELD_STATES.includes(order.state))))
      throw new RefundRequiredError();
    throw new InvalidTransitionError(order.state, to);
  }
  const moved = await applyTransition(ctx, order, to, options);
  if (!moved) throw new OrderStateChangedError();
  const reason = options.reason ? { reason: options.reason } : {};
  await recordAudit(ctx, {
    storeId,
    action: "order.transitioned",
    entityType: "order",
    entityId: order.id,
    before: { state: order.state },
    after: { state: moved.state, ...reason },
  });
  return moved;
}

/**
 * The seam for Payments: a verified gateway callback marks the order paid.
 * Call it in the same transaction that records the verified payment; it
 * throws InvalidTransitionError when the order is no longer waiting (it
 * expired or was cancelled first), and then the payment step's compensation
 * reverses the money.
 */
export async function markOrderPaid(ctx: ServiceContext, storeId: string, orderId: string, payment: { reference: string }): Promise<Order> {
  return transitionOrder(ctx, storeId, orderId, "paid", { reason: `پرداخت آنلاین، شمارهٔ پیگیری ${payment.reference}` });
}

/**
 * The seam for Payments, before redirecting to a gateway: the order's amount
 * and whether it can still be paid (pending_payment, reservation not over).
 */
export async function orderForPayment(ctx: ServiceContext, storeId: string, orderId: string): Promise<{ order: Order; payable: boolean }> {
  const order = await findInStoreOrFail(ctx, Order, storeId, orderId, () => new OrderNotFoundError());
  const payable = order.state === "pending_payment" && order.reservedUntil !== null && order.reservedUntil.getTime() > Date.now();
  return { order, payable };
}

export type ExpiryOutcome = "expired" | "not_due" | "not_pending" | "not_found";

/**
 * Cancels an order whose reservation is over and returns its stock. Safe to
 * run any number of times, concurrently too: only the conditional update that
 * still finds it `pending_payment` and due wins; the others change nothing.
 */
export async function expireOrder(ctx: ServiceContext, storeId: string, orderId: string): Promise<ExpiryOutcome> {
  if (!UUID_PATTERN.test(orderId) || !UUID_PATTERN.test(storeId)) return "not_found";
  const order = await ctx.manager.findOneBy(Order, { storeId, id: orderId });
  if (!order) return "not_found";
  if (order.state !== "pending_payment") return "not_pending";
  const moved = await applyTransition(ctx, order, "cancelled", { reason: "مهلت پرداخت به پایان رسید." }, { onlyIfDue: true });
  if (moved) return "expired";
  const now = await ctx.manager.findOneBy(Order, { storeId, id: orderId });
  return now?.state === "pending_payment" ? "not_due" : "not_pending";
}

/** Orders past their reservation, oldest first, across stores (for the sweeper). */
export async function dueReservations(ctx: ServiceContext, limit: number): Promise<Array<{ storeId: string; orderId: string }>> {
  const rows = (await ctx.manager.query(
    `SELECT store_id, id FROM orders WHERE state = 'pending_payment' AND reserved_until <= now() ORDER BY reserved_until LIMIT $1`,
    [limit],
  )) as Array<{ store_id: string; id: string }>;
  return rows.map((row) => ({ storeId: row.store_id, orderId: row.id }));
}

/** Forgets Idempotency-Keys older than 24 hours. */
export async function pruneIdempotencyKeys(ctx: ServiceContext): Promise<number> {
  const [, count] = (await ctx.manager.query(`DELETE FROM order_idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [
    IDEMPOTENCY_KEY_HOURS,
  ])) as [unknown, number];
  return Number(count ?? 0);
}

/**
 * The move itself, without authorisation (callers decide who may). Returns
 * null when the conditional update found the order no longer in the state
 * read (someone else moved it first), or, with `onlyIfDue`, not yet due.
 */
async function applyTransition(
  ctx: ServiceContext,
  order: Order,
  to: OrderState,
  options: TransitionOptions,
  guard: { onlyIfDue?: boolean } = {},
): Promise<Order | null> {
  const from = order.state;
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
  // Latin digits, whatever was typed: the shopper copies the code into the carrier's tracking page.
  const trackingCode = toLatinDigits(options.trackingCode ?? "").trim() || null;
  if (to === "shipped" && !trackingCode && TRACKED_KINDS.includes(order.shippingKind)) {
    throw new ValidationError(
      "trackingCode",
      `برای ارسال با ${order.shippingName} کد رهگیری مرسوله را وارد کنید.`,
      "tracking_code_required",
    );
  }
  const [rows] = (await ctx.manager.query(
    `UPDATE orders
        SET state = $3,
            reserved_until = NULL,
            paid_at = CASE WHEN $3 = 'paid' THEN now() ELSE paid_at END,
            tracking_code = COALESCE($5, tracking_code),
            updated_at = now()
      WHERE store_id = $1 AND id = $2 AND state = $4 ${guard.onlyIfDue ? "AND reserved_until <= now()" : ""}
      RETURNING id`,
    [order.storeId, order.id, to, from, to === "shipped" ? trackingCode : null],
  )) as [Array<{ id: string }>, number];
  if (rows.length === 0) return null;
  const restock = to === "refunded" && options.restock !== undefined ? options.restock : returnsStock(from, to);
  if (restock) await releaseStock(ctx, order);
  // A cancelled (or expired) order gives its discount uses back; a refunded one was used.
  if (to === "cancelled") await releaseDiscountUses(ctx, order);
  const moved = await ctx.manager.findOneByOrFail(Order, { storeId: order.storeId, id: order.id });
  await recordHistory(ctx, moved, from, to, { reason: options.reason ?? null, trackingCode: to === "shipped" ? trackingCode : null });
  return moved;
}

/** Puts an order's reserved stock back on the shelf, once: the first caller marks `stock_released_at`. */
async function releaseStock(ctx: ServiceContext, order: Order): Promise<void> {
  const [marked] = (await ctx.manager.query(
    `UPDATE orders SET stock_released_at = now() WHERE store_id = $1 AND id = $2 AND stock_released_at IS NULL RETURNING id`,
    [order.storeId, order.id],
  )) as [Array<{ id: string }>, number];
  if (marked.length === 0) return;
  const lines = (await ctx.manager.query(
    `SELECT instance_id, sum(quantity)::int AS quantity FROM order_lines
      WHERE store_id = $1 AND order_id = $2 AND instance_id IS NOT NULL
      GROUP BY instance_id ORDER BY instance_id`,
    [order.storeId, order.id],
  )) as Array<{ instance_id: string; quantity: number }>;
  // One statement, the rows locked in the ascending order placement takes them in.
  await adjustStocks(
    ctx,
    order.storeId,
    lines.map((line) => ({ instanceId: line.instance_id, delta: line.quantity })),
  );
}

/** The history row and the `order.changed` event of one move, in the caller's transaction. */
async function recordHistory(
  ctx: ServiceContext,
  order: Order,
  from: OrderState | null,
  to: OrderState,
  details: { reason?: string | null; trackingCode?: string | null },
): Promise<OrderHistory> {
  const row = await saveHistory(ctx, order, from, to, details);
  await recordEvent(ctx.manager, {
    storeId: order.storeId,
    type: "order.changed",
    entityId: order.id,
    payload: { ...orderChanged(order, from, to, row.id), number: order.number },
  });
  return row;
}

/** The history row of one move (recordHistory's, and a placement's, whose event numberOrder writes). */
async function saveHistory(
  ctx: ServiceContext,
  order: Order,
  from: OrderState | null,
  to: OrderState,
  details: { reason?: string | null; trackingCode?: string | null },
): Promise<OrderHistory> {
  const actor = ctx.actor;
  if (actor.kind === "anonymous") throw new Error("an order moves only for someone");
  const history = ctx.manager.getRepository(OrderHistory);
  return history.save(
    history.create({
      storeId: order.storeId,
      orderId: order.id,
      fromState: from,
      toState: to,
      actorKind: actor.kind,
      actorUserId: actor.kind === "user" ? actor.userId : null,
      actorName: actor.kind === "system" ? actor.name : null,
      reason: details.reason ?? null,
      trackingCode: details.trackingCode ?? null,
      smsMessageId: null,
    }),
  );
}

/** The `order.changed` event's payload but its number (the order's, added by whoever writes it). */
function orderChanged(order: Order, from: OrderState | null, to: OrderState, historyId: string): Record<string, unknown> {
  return { orderId: order.id, from, to, historyId, reservedUntil: order.reservedUntil?.toISOString() ?? null };
}

async function loadOrderView(ctx: ServiceContext, storeId: string, orderId: string): Promise<OrderView> {
  const order = await findInStoreOrFail(ctx, Order, storeId, orderId, () => new OrderNotFoundError());
  const [lines, history, discounts] = await Promise.all([
    ctx.manager.find(OrderLine, { where: { storeId, orderId }, order: { position: "ASC" } }),
    ctx.manager.find(OrderHistory, { where: { storeId, orderId }, order: { createdAt: "ASC" } }),
    orderDiscounts(ctx, storeId, orderId),
  ]);
  return { order, lines, history, discounts };
}

async function canManage(ctx: ServiceContext, storeId: string): Promise<void> {
  await authorize(ctx, "orders:read", { storeId });
  if (!(await ctx.manager.existsBy(Store, { id: storeId }))) throw new StoreNotFoundError();
}

/** One of the store's orders with its lines and history, for its merchants (and staff). */
export async function getStoreOrder(ctx: ServiceContext, storeId: string, orderId: string): Promise<OrderView> {
  await canManage(ctx, storeId);
  return loadOrderView(ctx, storeId, orderId);
}

export interface OrderPage {
  orders: Order[];
  nextBefore: number | null;
}

/**
 * The store's orders, newest first, for its merchants: by state(s) and by a
 * Jalali date range in Tehran time (`from` and `to` inclusive), a page at a
 * time (`before` = the last number seen).
 */
export async function listStoreOrders(ctx: ServiceContext, storeId: string, query: OrderListQuery): Promise<OrderPage> {
  await canManage(ctx, storeId);
  const builder = ctx.manager.getRepository(Order).createQueryBuilder("o").where("o.store_id = :storeId", { storeId });
  if (query.state?.length) builder.andWhere("o.state IN (:...states)", { states: query.state });
  if (query.from) builder.andWhere("o.created_at >= :from", { from: startOfJalaliDay(query.from) });
  if (query.to) builder.andWhere("o.created_at < :to", { to: endOfJalaliDay(query.to) });
  return page(builder, query);
}

/** The signed-in shopper's orders at this store, newest first. */
export async function listMyOrders(
  ctx: ServiceContext,
  storeId: string,
  query: Pick<OrderListQuery, "before" | "limit">,
): Promise<OrderPage> {
  const { userId } = requireUser(ctx);
  const builder = ctx.manager
    .getRepository(Order)
    .createQueryBuilder("o")
    .where("o.store_id = :storeId AND o.user_id = :userId", { storeId, userId });
  return page(builder, query);
}

async function page(builder: SelectQueryBuilder<Order>, query: Pick<OrderListQuery, "before" | "limit">): Promise<OrderPage> {
  if (query.before) builder.andWhere("o.number < :before", { before: query.before });
  const orders = await builder
    .orderBy("o.number", "DESC")
    .take(query.limit + 1)
    .getMany();
  const more = orders.length > query.limit;
  const shown = orders.slice(0, query.limit);
  return { orders: shown, nextBefore: more ? shown[shown.length - 1]!.number : null };
}

/** One of the signed-in shopper's own orders at this store; anyone else's answers as missing. */
export async function getMyOrder(ctx: ServiceContext, storeId: string, orderId: string): Promise<OrderView> {
  const { userId } = requireUser(ctx);
  const own = UUID_PATTERN.test(orderId) && (await ctx.manager.existsBy(Order, { storeId, id: orderId, userId }));
  if (!own) throw new OrderNotFoundError();
  return loadOrderView(ctx, storeId, orderId);
}
