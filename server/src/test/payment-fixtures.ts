import type { Job } from "bullmq";
import type { DataSource } from "typeorm";
import type { EventJobData } from "../jobs/events.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import type { User } from "../identity/user.entity.js";
import { orderEventsListener, type OrderEventsDeps } from "../orders/order-events.job.js";
import { buildShippingMethod, placeAs, tehranAddress } from "./order-fixtures.js";
import type { Order } from "../orders/order.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "./factories.js";
import type { TestResponse, TestServer } from "./http-client.js";
import { bearer, buildUser } from "./sign-in.js";
import type { Config } from "../config/config.js";
import { encryptCredentials } from "../payments/payment-secrets.js";
import type { GatewayName } from "../payments/payment-state.js";
import { Payment, StorePaymentGateway } from "../payments/payment.entity.js";
import { formatNumber } from "@mall/locale";

/** Test fixtures for payments: a store with one product and a shopper who places orders there. */
export interface PaymentWorld {
  store: Store;
  shopper: User;
  host: string;
  instanceId: string;
  shippingMethodId: string;
}

export async function buildPaymentWorld(dataSource: DataSource): Promise<PaymentWorld> {
  const store = await buildStore(dataSource, { name: "چای‌خانهٔ پرداخت" });
  const shopper = await buildUser(dataSource);
  const product = await buildProduct(dataSource, store.id, { nameFa: "چای لاهیجان", basePrice: 1_500_000, stock: 1000 });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
  const method = await buildShippingMethod(dataSource, store.id, { price: 400_000 });
  return { store, shopper, host: `${store.slug}.mall.localhost`, instanceId: instance.id, shippingMethodId: method.id };
}

/** A pending order of the world's shopper (1,500,000 + 400,000 shipping = 1,900,000 Rials per tea). */
export async function placeTestOrder(dataSource: DataSource, world: PaymentWorld, quantity = 1): Promise<Order> {
  const placed = await placeAs(dataSource, world.store.id, world.shopper, {
    items: [{ instanceId: world.instanceId, quantity }],
    address: tehranAddress(),
    shippingMethodId: world.shippingMethodId,
  });
  return placed.order;
}

/** Enables a gateway for the store with these credentials (encrypted as the settings API stores them). */
export async function enableGateway(
  dataSource: DataSource,
  config: Pick<Config, "PAYMENT_SECRET_KEY">,
  storeId: string,
  gateway: GatewayName,
  credentials: Record<string, string>,
): Promise<void> {
  await dataSource.transaction((manager) =>
    manager.getRepository(StorePaymentGateway).upsert(
      {
        storeId,
        gateway,
        enabled: true,
        credentialsEncrypted: encryptCredentials(config.PAYMENT_SECRET_KEY, `${storeId}:${gateway}`, credentials),
      },
      ["storeId", "gateway"],
    ),
  );
}

/** The shopper's call to start paying; the JSON answer. */
export function startThroughApi(
  server: TestServer,
  config: Pick<Config, "JWT_SECRET">,
  world: PaymentWorld,
  orderId: string,
  gateway: GatewayName,
): Promise<TestResponse> {
  return server.request("POST", `/api/v1/orders/${orderId}/payments`, {
    host: world.host,
    headers: bearer(config, world.shopper),
    body: { gateway },
  });
}

/** The gateway's return to the shop, as a browser makes it (GET with a query, or a form POST). */
export function callback(
  server: TestServer,
  world: PaymentWorld,
  paymentId: string,
  fields: Record<string, string>,
  method: "GET" | "POST" = "GET",
): Promise<TestResponse> {
  const query = new URLSearchParams(fields).toString();
  if (method === "GET") return server.request("GET", `/api/v1/payments/${paymentId}/callback?${query}`, { host: world.host });
  return server.request("POST", `/api/v1/payments/${paymentId}/callback`, {
    host: world.host,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: query,
  });
}

export async function paymentRow(dataSource: DataSource, id: string): Promise<Payment> {
  return dataSource.getRepository(Payment).findOneByOrFail({ id });
}

export async function exchangeCount(dataSource: DataSource, paymentId: string, operation: string): Promise<number> {
  const [{ count }] = (await dataSource.query(
    `SELECT count(*)::int AS count FROM payment_exchanges WHERE payment_id = $1 AND operation = $2`,
    [paymentId, operation],
  )) as [{ count: number }];
  return count;
}

export async function orderState(dataSource: DataSource, orderId: string): Promise<string> {
  const [row] = (await dataSource.query(`SELECT state FROM orders WHERE id = $1`, [orderId])) as Array<{ state: string }>;
  return row!.state;
}

/** The outbox's newest event id: what a test does after it is what that test caused. */
export async function outboxMark(dataSource: DataSource): Promise<string> {
  const [{ id }] = (await dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM outbox`)) as [{ id: string }];
  return id;
}

/**
 * What paying an order left behind, counted for replay tests: the order's
 * history rows into `paid`, the stock moves of the world's product since
 * `since` (an outboxMark taken before the order was placed; placing it is
 * the one move), and the SMS the shopper was sent about the payment once the
 * order's events are handled, each event twice, as a relay that delivered
 * it again would.
 */
export async function paidSideEffects(
  deps: OrderEventsDeps,
  world: PaymentWorld,
  orderId: string,
  since: string,
): Promise<{ paidHistory: number; stockMoves: number; sms: number }> {
  const { dataSource } = deps;
  const events = (await dataSource.query(`SELECT id, payload FROM outbox WHERE type = 'order.changed' AND entity_id = $1 ORDER BY id`, [
    orderId,
  ])) as Array<{ id: string; payload: Record<string, unknown> }>;
  const listener = orderEventsListener(deps);
  for (let round = 0; round < 2; round++) {
    for (const event of events) {
      await listener({
        data: { eventId: event.id, storeId: world.store.id, type: "order.changed", entityId: orderId, payload: event.payload },
      } as Job<EventJobData>);
    }
  }
  const [counts] = (await dataSource.query(
    `SELECT
       (SELECT count(*)::int FROM order_history WHERE store_id = $1 AND order_id = $2 AND to_state = 'paid') AS "paidHistory",
       (SELECT count(*)::int FROM outbox WHERE store_id = $1 AND type = 'instance.changed' AND entity_id = $3 AND payload->>'change' = 'stock' AND id > $4) AS "stockMoves",
       (SELECT count(*)::int FROM sms_messages WHERE store_id = $1 AND phone = $5 AND text LIKE '%' || $6 || '%پرداخت شد%') AS sms`,
    [
      world.store.id,
      orderId,
      world.instanceId,
      since,
      world.shopper.phone,
      `سفارش ${formatNumber(await orderNumber(dataSource, orderId), { grouping: false })} شما`,
    ],
  )) as [{ paidHistory: number; stockMoves: number; sms: number }];
  return counts;
}

async function orderNumber(dataSource: DataSource, orderId: string): Promise<number> {
  const [row] = (await dataSource.query(`SELECT number FROM orders WHERE id = $1`, [orderId])) as Array<{ number: number }>;
  return Number(row!.number);
}
