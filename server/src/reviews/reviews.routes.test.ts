import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { systemContext } from "../core/context.js";
import type { User } from "../identity/user.entity.js";
import { createApp } from "../main/app.js";
import { markOrderPaid, transitionOrder } from "../orders/order.service.js";
import type { Product } from "../catalog/product.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { buildShippingMethod, placeAs, tehranAddress } from "../test/order-fixtures.js";
import { bearer, buildUser, clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { ProductReview } from "./review.entity.js";

/**
 * Reviews through the API as a shopper and a merchant would use them: only a
 * delivered order's products may be rated, once each, cleaned and bounded;
 * nothing shows before the merchant approves; approval, hiding and answers
 * show at once on the public list, audited; another store sees none of it.
 */
const test = useTestPlatform();
let server: TestServer;
let shop: Store;
let other: Store;
let owner: User;
let otherOwner: User;
let buyer: User;
let stranger: User;
let tea: Product;
let cup: Product;
let otherProduct: Product;

const host = (store: Store) => `${store.slug}.mall.localhost`;
const shop$ = (store: Store, user: User | null, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, {
    host: host(store),
    headers: user ? bearer(test.config, user) : {},
    ...(body === undefined ? {} : { body }),
  });
const admin$ = (user: User, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, { headers: bearer(test.config, user), ...(body === undefined ? {} : { body }) });

async function deliveredOrder(store: Store, user: User, products: Product[]): Promise<string> {
  const { dataSource } = test.platform;
  const post = await buildShippingMethod(dataSource, store.id, { kind: "tipax", price: 100_000 });
  const items = [];
  for (const product of products)
    items.push({
      instanceId: (await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id })).id,
      quantity: 1,
    });
  const placed = await placeAs(dataSource, store.id, user, { items, address: tehranAddress(), shippingMethodId: post.id });
  const id = placed.order.id;
  const sys = <T>(work: (ctx: ReturnType<typeof systemContext>) => Promise<T>) =>
    dataSource.transaction((m) => work(systemContext(m, "test")));
  await sys((ctx) => markOrderPaid(ctx, store.id, id, { reference: "R1" }));
  await sys((ctx) => transitionOrder(ctx, store.id, id, "processing"));
  await sys((ctx) => transitionOrder(ctx, store.id, id, "shipped", { trackingCode: "123456789012" }));
  await sys((ctx) => transitionOrder(ctx, store.id, id, "delivered"));
  return id;
}

beforeAll(async () => {
  const { dataSource } = test.platform;
  owner = await buildUser(dataSource);
  otherOwner = await buildUser(dataSource);
  buyer = await buildUser(dataSource);
  stranger = await buildUser(dataSource);
  shop = await buildStore(dataSource, { name: "چای‌خانهٔ نمونه", ownerPhone: owner.phone });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر", ownerPhone: otherOwner.phone });
  tea = await buildProduct(dataSource, shop.id, { nameFa: "چای سیاه", slug: "black-tea", basePrice: 900_000, stock: 20 });
  cup = await buildProduct(dataSource, shop.id, { nameFa: "استکان", slug: "cup", basePrice: 300_000, stock: 20 });
  otherProduct = await buildProduct(dataSource, other.id, { nameFa: "قهوه", slug: "coffee", basePrice: 500_000, stock: 20 });
  await deliveredOrder(shop, buyer, [tea, cup]);
  // The stranger's order is paid but not delivered: nothing to rate yet.
  const { dataSource: ds } = test.platform;
  const post = await buildShippingMethod(ds, shop.id, { kind: "tipax", price: 100_000 });
  const instance = await ds.getRepository(ProductInstance).findOneByOrFail({ productId: tea.id });
  const placed = await placeAs(ds, shop.id, stranger, {
    items: [{ instanceId: instance.id, quantity: 1 }],
    address: tehranAddress(),
    shippingMethodId: post.id,
  });
  await ds.transaction((m) => markOrderPaid(systemContext(m, "test"), shop.id, placed.order.id, { reference: "R2" }));
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());
beforeEach(() => clearRateLimits(test.platform));

describe("reviews and ratings", () => {
  it("lets a shopper rate the products of a delivered order once, shows nothing until approved, then the average, count and the buyer's mark", async () => {
    const reviewables = await shop$(shop, buyer, "GET", "/me/reviewables");
    expect(reviewables.status).toBe(200);
    expect(reviewables.body.items.map((i: { productName: string }) => i.productName).sort()).toEqual(["استکان", "چای سیاه"]);
    expect(reviewables.body.items.every((i: { review: unknown }) => i.review === null)).toBe(true);

    const posted = await shop$(shop, buyer, "POST", `/products/${tea.id}/reviews`, {
      rating: 4,
      body: "<p>عطر خوبی دارد<script>alert(1)</script> <b>عالی</b></p>",
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ rating: 4, status: "pending", body: "عطر خوبی دارد عالی" });
    const again = await shop$(shop, buyer, "POST", `/products/${tea.id}/reviews`, { rating: 5 });
    expect([again.status, again.body.error.field, again.body.error.code]).toEqual([409, "productId", "review_exists"]);
    expect((await shop$(shop, buyer, "POST", `/products/${cup.id}/reviews`, { rating: 2 })).status).toBe(201);

    // Pending reviews are not shown.
    const before = await shop$(shop, null, "GET", `/products/${tea.id}/reviews`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ summary: { average: null, count: 0, stars: [0, 0, 0, 0, 0] }, items: [], total: 0 });

    const list = await admin$(owner, "GET", `/stores/${shop.id}/reviews?status=pending`);
    expect(list.status).toBe(200);
    const teaReview = list.body.items.find((r: { productName: string }) => r.productName === "چای سیاه");
    expect(teaReview).toMatchObject({ rating: 4, authorPhone: buyer.phone, verifiedBuyer: true });

    const approved = await admin$(owner, "PATCH", `/stores/${shop.id}/reviews/${teaReview.id}`, {
      status: "approved",
      reply: "ممنون از خرید شما",
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", reply: "ممنون از خرید شما" });

    const after = await shop$(shop, null, "GET", `/products/${tea.id}/reviews`);
    expect(after.body.summary).toEqual({ average: 4, count: 1, stars: [0, 0, 0, 1, 0] });
    expect(after.body.items).toHaveLength(1);
    expect(after.body.items[0]).toMatchObject({
      rating: 4,
      body: "عطر خوبی دارد عالی",
      verifiedBuyer: true,
      reply: "ممنون از خرید شما",
      authorName: "خریدار",
    });
    expect(JSON.stringify(after.body)).not.toContain(buyer.phone);

    const audit = await test.platform.dataSource.query(
      `SELECT action, entity_type, before, after FROM audit_entries WHERE store_id = $1 AND entity_id = $2`,
      [shop.id, teaReview.id],
    );
    expect(audit).toEqual([
      {
        action: "review.moderated",
        entity_type: "review",
        before: { status: "pending", reply: null },
        after: { status: "approved", reply: "ممنون از خرید شما" },
      },
    ]);

    // Hidden again: gone from the page at once.
    expect((await admin$(owner, "PATCH", `/stores/${shop.id}/reviews/${teaReview.id}`, { status: "hidden" })).status).toBe(200);
    expect((await shop$(shop, null, "GET", `/products/${tea.id}/reviews`)).body.summary.count).toBe(0);
    expect((await admin$(owner, "PATCH", `/stores/${shop.id}/reviews/${teaReview.id}`, { status: "approved" })).status).toBe(200);

    const mine = await shop$(shop, buyer, "GET", `/me/reviewables?productId=${tea.id}`);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0].review).toMatchObject({ rating: 4, status: "approved" });
  });

  it("refuses a product the shopper has not received, bad ratings and texts too long, naming the field", async () => {
    const notDelivered = await shop$(shop, stranger, "POST", `/products/${tea.id}/reviews`, { rating: 5 });
    expect([notDelivered.status, notDelivered.body.error.field, notDelivered.body.error.code]).toEqual([
      404,
      "productId",
      "review_not_allowed",
    ]);
    expect((await shop$(shop, stranger, "GET", "/me/reviewables")).body.items).toEqual([]);
    const anonymous = await shop$(shop, null, "POST", `/products/${tea.id}/reviews`, { rating: 5 });
    expect(anonymous.status).toBe(401);
    for (const [body, field] of [
      [{ rating: 0 }, "rating"],
      [{ rating: 6 }, "rating"],
      [{ rating: 3.5 }, "rating"],
      [{ rating: "5" }, "rating"],
      [{ rating: 5, body: "ا".repeat(2001) }, "body"],
    ] as const) {
      const res = await shop$(shop, buyer, "POST", `/products/${tea.id}/reviews`, body);
      expect([res.status, res.body.error.field]).toEqual([400, field]);
    }
    // Within the schema's room but over the limit once cleaned.
    const long = await shop$(shop, buyer, "POST", `/products/${cup.id}/reviews`, { rating: 5, body: "ب".repeat(1001) });
    expect([long.status, long.body.error.field]).toEqual([400, "body"]);
  });

  it("keeps every store's reviews to itself", async () => {
    // The buyer's product of store A is not a product of store B, and B's owner cannot see or touch A's reviews.
    expect((await shop$(other, null, "GET", `/products/${tea.id}/reviews`)).status).toBe(404);
    expect((await shop$(other, buyer, "POST", `/products/${tea.id}/reviews`, { rating: 5 })).status).toBe(404);
    expect((await shop$(shop, buyer, "POST", `/products/${otherProduct.id}/reviews`, { rating: 5 })).status).toBe(404);
    const review = await test.platform.dataSource.getRepository(ProductReview).findOneByOrFail({ storeId: shop.id, productId: cup.id });
    expect((await admin$(otherOwner, "GET", `/stores/${shop.id}/reviews`)).status).toBe(404);
    expect((await admin$(otherOwner, "PATCH", `/stores/${other.id}/reviews/${review.id}`, { status: "approved" })).status).toBe(404);
    expect((await admin$(buyer, "PATCH", `/stores/${shop.id}/reviews/${review.id}`, { status: "approved" })).status).toBe(404);
    expect((await test.platform.dataSource.getRepository(ProductReview).findOneByOrFail({ id: review.id })).status).toBe("pending");
  });

  it("limits how many reviews one account writes in an hour", async () => {
    const limited: number[] = [];
    for (let i = 0; i < 11; i++) limited.push((await shop$(shop, stranger, "POST", `/products/${tea.id}/reviews`, { rating: 5 })).status);
    expect(limited.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(limited[10]).toBe(429);
  });
});
