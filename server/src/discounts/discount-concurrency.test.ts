import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { buildShippingMethod, tehranAddress } from "../test/order-fixtures.js";
import type { ShippingMethod } from "../orders/shipping-method.entity.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser, clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { createDiscount } from "./discount.service.js";
import { Discount } from "./discount.entity.js";

/**
 * A limited code is never used past its limit, through the real HTTP API:
 * every placement is its own transaction on its own pooled connection.
 * Decision: an order that loses the race for the last use is refused (409
 * discount_exhausted, nothing placed, its stock back on the shelf), never
 * placed at a higher total than the shopper agreed to.
 */
const test = useTestPlatform();
let server: TestServer;
let store: Store;
let post: ShippingMethod;
let shoppers: User[];
let instanceId: string;

const SHOPPERS = 30;
const LIMIT = 5;
const PRICE = 2_000_000;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource);
  post = await buildShippingMethod(dataSource, store.id);
  const product = await buildProduct(dataSource, store.id, { basePrice: PRICE, stock: 100 });
  instanceId = (await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id })).id;
  shoppers = await Promise.all(Array.from({ length: SHOPPERS }, () => buildUser(dataSource)));
  server = await startTestServer(createApp(test.platform));
}, 60_000);
afterAll(() => server?.close());

describe("a limited discount code under concurrent orders", () => {
  it(`${SHOPPERS} shoppers at once with a code limited to ${LIMIT} uses: exactly ${LIMIT} orders carry it, the rest are refused and change nothing`, async () => {
    await clearRateLimits(test.platform);
    const { dataSource } = test.platform;
    const code = await dataSource.transaction((m) =>
      createDiscount(systemContext(m, "test"), store.id, {
        title: "پنج نفر اول",
        code: "FIRST5",
        kind: "percentage",
        value: 25,
        usageLimit: LIMIT,
      }),
    );
    const started = Date.now();
    const responses = await Promise.all(
      shoppers.map((user, i) =>
        server.request("POST", "/api/v1/orders", {
          host: `${store.slug}.mall.localhost`,
          headers: bearer(test.config, user),
          // Every script of digits and case, as shoppers type them.
          body: {
            items: [{ instanceId, quantity: 1 }],
            address: tehranAddress(),
            shippingMethodId: post.id,
            discountCode: ["first5", "FIRST۵", "First٥"][i % 3],
          },
        }),
      ),
    );
    const elapsed = Date.now() - started;
    const placed = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status !== 201);
    expect(placed).toHaveLength(LIMIT);
    expect(placed.every((r) => r.body.discountTotal === PRICE / 4 && r.body.discounts[0].code === "FIRST5")).toBe(true);
    expect(refused).toHaveLength(SHOPPERS - LIMIT);
    expect(new Set(refused.map((r) => `${r.status} ${r.body.error.code} ${r.body.error.field}`))).toEqual(
      new Set(["409 discount_exhausted discountCode"]),
    );
    expect(refused[0]!.body.error.message).toBe("ظرفیت استفاده از این کد تخفیف تمام شده است؛ سفارش را بدون آن ثبت کنید.");

    expect((await dataSource.getRepository(Discount).findOneByOrFail({ id: code.id })).usedCount).toBe(LIMIT);
    const [{ uses, orders }] = await dataSource.query(
      `SELECT count(*)::int AS uses, count(DISTINCT o.id)::int AS orders FROM order_discounts d JOIN orders o ON o.id = d.order_id WHERE d.discount_id = $1`,
      [code.id],
    );
    expect({ uses, orders }).toEqual({ uses: LIMIT, orders: LIMIT });
    // Refused placements rolled back whole: only the placed orders hold stock.
    expect((await dataSource.getRepository(ProductInstance).findOneByOrFail({ id: instanceId })).stock).toBe(100 - LIMIT);
    const [{ all }] = await dataSource.query(`SELECT count(*)::int AS all FROM orders WHERE store_id = $1`, [store.id]);
    expect(all).toBe(LIMIT);
    process.stdout.write(
      `discount concurrency: ${SHOPPERS} placements, ${placed.length} placed with the code, ${refused.length} refused (409 discount_exhausted), used_count ${LIMIT}, ${elapsed} ms\n`,
    );
  }, 60_000);
});
