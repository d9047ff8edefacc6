import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateInstance } from "../catalog/instance.service.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import type { Product } from "../catalog/product.entity.js";
import { systemContext } from "../core/context.js";
import type { User } from "../identity/user.entity.js";
import { createApp } from "../main/app.js";
import { startWorkers } from "../main/workers.js";
import { SmsMessage } from "../messaging/sms-message.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { startKavenegarFake } from "../test/fakes/kavenegar-server.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser, clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { RestockRequest } from "./restock-request.entity.js";
import { notifyRestock, RESTOCK_NOTIFY_FACTOR, waitingCounts } from "./restock.service.js";

/**
 * «موجود شد خبرم کن» (issue 27 #2) through the API, the outbox and the real
 * Kavenegar client against the local Kavenegar: a signed-in shopper waits
 * for a sold-out variant; a stock edit texts the waiting shoppers once each,
 * those who asked first, never more than the units back × the factor, within
 * the store's daily SMS budget; a replayed event texts nobody more.
 */
const kavenegar = await startKavenegarFake({ apiKey: "kn-key", senders: ["10004346"], templates: ["mall-otp"] });
const test = useTestPlatform({
  SMS_PROVIDER: "kavenegar",
  KAVENEGAR_API_KEY: "kn-key",
  KAVENEGAR_BASE_URL: kavenegar.url,
  KAVENEGAR_SENDER: "10004346",
  KAVENEGAR_OTP_TEMPLATE: "mall-otp",
});
let server: TestServer;
let shop: Store;
let other: Store;
let scarf: Product;
let scarfVariant: string;
let inStock: Product;
let otherProduct: Product;

const host = (store: Store) => `${store.slug}.mall.localhost`;
const shopper = (store: Store, user: User | null, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, {
    host: host(store),
    headers: user ? bearer(test.config, user) : {},
    ...(body === undefined ? {} : { body }),
  });
const localNumber = (phone: string) => `0${phone.slice(3)}`;
const variantOf = async (product: Product) =>
  (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id })).id;
const setStock = (store: Store, instanceId: string, stock: number) =>
  test.platform.dataSource.transaction((manager) => updateInstance(systemContext(manager, "test"), store.id, instanceId, { stock }));

beforeAll(async () => {
  const { dataSource } = test.platform;
  shop = await buildStore(dataSource, { name: "شال و روسری مهتاب" });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر" });
  scarf = await buildProduct(dataSource, shop.id, { nameFa: "شال نخی آبی", slug: "blue-scarf", basePrice: 1_800_000, stock: 0 });
  scarfVariant = await variantOf(scarf);
  inStock = await buildProduct(dataSource, shop.id, { nameFa: "روسری ابریشمی", slug: "silk", basePrice: 2_800_000, stock: 4 });
  otherProduct = await buildProduct(dataSource, other.id, { nameFa: "کلاه", slug: "hat", basePrice: 900_000, stock: 0 });
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  await server?.close();
  await kavenegar.close();
});

describe("asking to be told", () => {
  it("needs a signed-in shopper (their number is verified by the SMS sign-in)", async () => {
    const res = await shopper(shop, null, "POST", `/products/${scarf.id}/restock-requests`, { instanceId: scarfVariant });
    expect(res.status).toBe(401);
    expect(await test.platform.dataSource.getRepository(RestockRequest).count()).toBe(0);
  });

  it("refuses a variant in stock, another product's or store's, or no variant, naming the field", async () => {
    const user = await buildUser(test.platform.dataSource);
    const inStockRes = await shopper(shop, user, "POST", `/products/${inStock.id}/restock-requests`, {
      instanceId: await variantOf(inStock),
    });
    expect(inStockRes.status).toBe(409);
    expect(inStockRes.body.error.field).toBe("instanceId");
    expect((await shopper(shop, user, "POST", `/products/${inStock.id}/restock-requests`, { instanceId: scarfVariant })).status).toBe(404);
    expect(
      (await shopper(shop, user, "POST", `/products/${otherProduct.id}/restock-requests`, { instanceId: await variantOf(otherProduct) }))
        .status,
    ).toBe(404);
    expect((await shopper(other, user, "POST", `/products/${scarf.id}/restock-requests`, { instanceId: scarfVariant })).status).toBe(404);
    const bad = await shopper(shop, user, "POST", `/products/${scarf.id}/restock-requests`, { instanceId: "not-an-id" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("instanceId");
    expect(await test.platform.dataSource.getRepository(RestockRequest).count()).toBe(0);
  });

  it("keeps the shopper's first place when asked twice, and shows them what they wait for", async () => {
    const user = await buildUser(test.platform.dataSource);
    const first = await shopper(shop, user, "POST", `/products/${scarf.id}/restock-requests`, { instanceId: scarfVariant });
    expect(first.status).toBe(201);
    const again = await shopper(shop, user, "POST", `/products/${scarf.id}/restock-requests`, { instanceId: scarfVariant });
    expect(again.status).toBe(201);
    expect(again.body.createdAt).toBe(first.body.createdAt);
    const mine = await shopper(shop, user, "GET", `/products/${scarf.id}/restock-requests`);
    expect(mine.body.items).toEqual([{ instanceId: scarfVariant, productId: scarf.id, createdAt: first.body.createdAt }]);
    const rows = await test.platform.dataSource.getRepository(RestockRequest).findBy({ instanceId: scarfVariant });
    expect(rows.map((row) => row.phone)).toEqual([user.phone]);
    await test.platform.dataSource.getRepository(RestockRequest).delete({ instanceId: scarfVariant });
  });
});

describe("when stock comes back", () => {
  it("texts the shoppers who asked first, at most the units back × the factor, once each, with the store's name and the product's link", async () => {
    const { dataSource } = test.platform;
    await clearRateLimits(test.platform);
    const waiting: User[] = [];
    for (let i = 0; i < 8; i++) {
      const user = await buildUser(dataSource);
      expect((await shopper(shop, user, "POST", `/products/${scarf.id}/restock-requests`, { instanceId: scarfVariant })).status).toBe(201);
      waiting.push(user);
    }
    expect((await waitingCounts(dataSource.manager, shop.id, [scarfVariant])).get(scarfVariant)).toBe(8);
    // A sale elsewhere in the store, and the variant still sold out, text nobody.
    await setStock(shop, await variantOf(inStock), 3);

    const worker = startWorkers(test.platform, { queues: ["retention", "sms"], relayIntervalMs: 100 });
    try {
      await setStock(shop, scarfVariant, 2);
      const texted = 2 * RESTOCK_NOTIFY_FACTOR;
      await expect.poll(() => kavenegar.sent.length, { timeout: 30_000, interval: 200 }).toBe(texted);
      // The first six who asked, whatever order the queue sent them in; the last two keep their place.
      expect(kavenegar.sent.map((sms) => sms.receptor).toSorted()).toEqual(
        waiting
          .slice(0, texted)
          .map((user) => localNumber(user.phone))
          .toSorted(),
      );
      for (const sms of kavenegar.sent) {
        expect(sms.message).toContain("«شال و روسری مهتاب»");
        expect(sms.message).toContain("«شال نخی آبی»");
        expect(sms.message).toContain(`http://${shop.slug}.${test.config.PLATFORM_DOMAIN}`);
        expect(sms.message).toContain("/p/blue-scarf/");
      }
      await expect
        .poll(async () => dataSource.getRepository(SmsMessage).countBy({ storeId: shop.id, kind: "restock", status: "sent" }), {
          timeout: 15_000,
        })
        .toBe(texted);
      expect((await waitingCounts(dataSource.manager, shop.id, [scarfVariant])).get(scarfVariant)).toBe(2);

      // Sold out and back again by one: the two still waiting are texted (fewer than 1 × the factor).
      await setStock(shop, scarfVariant, 0);
      await setStock(shop, scarfVariant, 1);
      await expect.poll(() => kavenegar.sent.length, { timeout: 30_000, interval: 200 }).toBe(texted + 2);
      expect(
        kavenegar.sent
          .slice(texted)
          .map((sms) => sms.receptor)
          .toSorted(),
      ).toEqual(
        waiting
          .slice(texted)
          .map((user) => localNumber(user.phone))
          .toSorted(),
      );
    } finally {
      await worker.stop();
    }
    // Each number once.
    expect(new Set(kavenegar.sent.map((sms) => sms.receptor)).size).toBe(8);
    expect(await waitingCounts(dataSource.manager, shop.id, [scarfVariant])).toEqual(new Map());
  });

  it("texts nobody more when the same event is handled again", async () => {
    const { dataSource } = test.platform;
    const user = await buildUser(dataSource);
    const product = await buildProduct(dataSource, shop.id, { nameFa: "دستکش", slug: "gloves", basePrice: 500_000, stock: 0 });
    const variant = await variantOf(product);
    expect((await shopper(shop, user, "POST", `/products/${product.id}/restock-requests`, { instanceId: variant })).status).toBe(201);
    const late = await buildUser(dataSource);
    await setStock(shop, variant, 1);
    const first = await notifyRestock(test.platform, shop.id, variant, 1, "event-1");
    expect(first).toBe(1);
    // Another shopper asks meanwhile (stock is back, so straight through the database as a stale page would leave it).
    await dataSource.query(`INSERT INTO restock_requests (store_id, instance_id, product_id, phone, user_id) VALUES ($1, $2, $3, $4, $5)`, [
      shop.id,
      variant,
      product.id,
      late.phone,
      late.id,
    ]);
    expect(
      await Promise.all([
        notifyRestock(test.platform, shop.id, variant, 1, "event-1"),
        notifyRestock(test.platform, shop.id, variant, 1, "event-1"),
      ]),
    ).toEqual([0, 0]);
    expect(await dataSource.getRepository(SmsMessage).countBy({ phone: late.phone })).toBe(0);
    await dataSource.getRepository(RestockRequest).delete({ instanceId: variant });
  });

  it("stops at the store's daily SMS budget; the rest keep their place", async () => {
    const { dataSource } = test.platform;
    const small = await buildStore(dataSource, { name: "کوچک" });
    const product = await buildProduct(dataSource, small.id, { nameFa: "جوراب", slug: "socks", basePrice: 200_000, stock: 0 });
    const variant = await variantOf(product);
    await dataSource.query(`UPDATE stores SET sms_daily_budget = 2 WHERE id = $1`, [small.id]);
    for (let i = 0; i < 4; i++) {
      const user = await buildUser(dataSource);
      expect((await shopper(small, user, "POST", `/products/${product.id}/restock-requests`, { instanceId: variant })).status).toBe(201);
    }
    await setStock(small, variant, 5);
    expect(await notifyRestock(test.platform, small.id, variant, 5, "event-budget")).toBe(2);
    expect((await waitingCounts(dataSource.manager, small.id, [variant])).get(variant)).toBe(2);
    expect(await notifyRestock(test.platform, small.id, variant, 5, "event-budget-2")).toBe(0);
    // The merchant's reason: two held back by the budget, then two again when the next return found it still spent.
    const [row] = await dataSource.query(
      `SELECT sms_withheld_count AS withheld, sms_withheld_day = (now() AT TIME ZONE 'Asia/Tehran')::date AS today FROM stores WHERE id = $1`,
      [small.id],
    );
    expect(row).toEqual({ withheld: 4, today: true });
  });
});
