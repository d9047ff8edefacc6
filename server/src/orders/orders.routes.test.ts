import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateInstance } from "../catalog/instance.service.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { updateProduct } from "../catalog/product.service.js";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { systemContext } from "../core/context.js";
import { StoreMember } from "../tenancy/store-member.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer, type TestResponse } from "../test/http-client.js";
import { bearer, buildUser, clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildShippingMethod, tehranAddress } from "../test/order-fixtures.js";
import type { ShippingMethod } from "./shipping-method.entity.js";
import { formatNumber } from "@mall/locale";

const test = useTestPlatform();
let server: TestServer;
let shop: Store;
let other: Store;
let owner: User;
let manager: User;
let otherOwner: User;
let shopper: User;
let neighbour: User;
let post: ShippingMethod;
let otherPost: ShippingMethod;
let teaId: string;
let cupId: string;
let hiddenId: string;

const host = (store: Store) => `${store.slug}.mall.localhost`;
/** A shopper's call on a store's host. */
const shop$ = (store: Store, user: User | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  server.request(method, `/api/v1${path}`, {
    host: host(store),
    headers: { ...(user ? bearer(test.config, user) : {}), ...headers },
    ...(body === undefined ? {} : { body }),
  });
/** A merchant's call on the platform's host. */
const admin$ = (user: User, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, { headers: bearer(test.config, user), ...(body === undefined ? {} : { body }) });
const stockOf = async (id: string) => (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id })).stock;
const field = (res: TestResponse) => [res.status, res.body?.error?.field];
const order = (items: Array<[string, number]>, extra: Record<string, unknown> = {}) => ({
  items: items.map(([instanceId, quantity]) => ({ instanceId, quantity })),
  address: tehranAddress(),
  // it.each tables are built before beforeAll: they never get as far as the shipping method.
  shippingMethodId: post ? post.id : randomUUID(),
  ...extra,
});
const instanceOf = async (productId: string) =>
  (await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ productId })).id;

beforeAll(async () => {
  const { dataSource } = test.platform;
  owner = await buildUser(dataSource);
  manager = await buildUser(dataSource);
  otherOwner = await buildUser(dataSource);
  shopper = await buildUser(dataSource);
  neighbour = await buildUser(dataSource);
  shop = await buildStore(dataSource, { name: "چای‌خانهٔ نمونه", ownerPhone: owner.phone });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر", ownerPhone: otherOwner.phone });
  await dataSource.getRepository(StoreMember).insert({ storeId: shop.id, userId: manager.id, role: "manager" });
  teaId = await instanceOf(
    (await buildProduct(dataSource, shop.id, { nameFa: "چای لاهیجان", slug: "lahijan-tea", basePrice: 1_500_000, stock: 50 })).id,
  );
  cupId = await instanceOf(
    (await buildProduct(dataSource, shop.id, { nameFa: "استکان کمرباریک", slug: "glass", basePrice: 350_000, stock: 3 })).id,
  );
  hiddenId = await instanceOf(
    (await buildProduct(dataSource, shop.id, { nameFa: "سماور قدیمی", slug: "samovar", basePrice: 9_000_000, stock: 5 })).id,
  );
  post = await buildShippingMethod(dataSource, shop.id, { kind: "post_pishtaz", price: 450_000, freeAbove: 20_000_000 });
  otherPost = await buildShippingMethod(dataSource, other.id, { kind: "post_pishtaz", price: 450_000 });
  server = await startTestServer(createApp(test.platform));
});

afterAll(() => server?.close());

describe("the cart check", () => {
  it("answers current prices, stock and line totals, and says in Persian what changed", async () => {
    await test.platform.dataSource.transaction(async (m) => {
      const ctx = systemContext(m, "test");
      await updateInstance(ctx, shop.id, teaId, { price: 1_650_000 });
      const samovar = await m.getRepository(ProductInstance).findOneByOrFail({ id: hiddenId });
      await updateProduct(ctx, shop.id, samovar.productId, { isActive: false });
    });
    const res = await shop$(shop, null, "POST", "/cart/check", {
      items: [
        { instanceId: teaId, quantity: 2, unitPrice: 1_500_000 },
        { instanceId: cupId, quantity: 5, unitPrice: 350_000 },
        { instanceId: hiddenId, quantity: 1, unitPrice: 9_000_000 },
        { instanceId: randomUUID(), quantity: 1 },
      ],
    });
    expect(res.status).toBe(200);
    const [tea, cup, samovar, unknown] = res.body.lines;
    expect(tea).toMatchObject({ name: "چای لاهیجان", unitPrice: 1_650_000, quantity: 2, availableQuantity: 2, lineTotal: 3_300_000 });
    expect(tea.changes).toEqual([{ code: "price_changed", message: "قیمت «چای لاهیجان» از ۱۵۰٬۰۰۰ تومان به ۱۶۵٬۰۰۰ تومان افزایش یافت." }]);
    expect(cup).toMatchObject({
      stock: 3,
      availableQuantity: 3,
      lineTotal: 1_050_000,
      changes: [{ code: "insufficient_stock", message: "از «استکان کمرباریک» فقط ۳ عدد موجود است." }],
    });
    expect(samovar).toMatchObject({
      unitPrice: null,
      availableQuantity: 0,
      changes: [{ code: "not_sold", message: "«سماور قدیمی» دیگر فروخته نمی‌شود؛ آن را از سبد خرید بردارید." }],
    });
    expect(unknown.changes[0].code).toBe("not_sold");
    expect(res.body).toMatchObject({ subtotal: 4_350_000, ok: false });

    const fine = await shop$(shop, null, "POST", "/cart/check", { items: [{ instanceId: teaId, quantity: 1, unitPrice: 1_650_000 }] });
    expect(fine.body).toMatchObject({ ok: true, subtotal: 1_650_000 });
    // Another store's instance is simply not sold here.
    const foreign = await shop$(other, null, "POST", "/cart/check", { items: [{ instanceId: teaId, quantity: 1 }] });
    expect(foreign.body.lines[0].changes[0].code).toBe("not_sold");
  });

  it("lists the shipping methods that reach a destination, priced: province prices, free above an amount, limited provinces, a courier's city", async () => {
    const { dataSource } = test.platform;
    const store = await buildStore(dataSource);
    const tea = await instanceOf((await buildProduct(dataSource, store.id, { basePrice: 10_000_000, stock: 10 })).id);
    await buildShippingMethod(dataSource, store.id, {
      kind: "post_pishtaz",
      price: 500_000,
      provincePrices: { "8": 300_000 },
      sortOrder: 1,
    });
    await buildShippingMethod(dataSource, store.id, {
      kind: "tipax",
      price: 900_000,
      freeAbove: 15_000_000,
      provinceIds: [8, 5],
      sortOrder: 2,
    });
    await buildShippingMethod(dataSource, store.id, { kind: "courier", price: 250_000, cityId: 801, sortOrder: 3 });
    await buildShippingMethod(dataSource, store.id, {
      kind: "pickup",
      description: "تهران، بازار بزرگ، سرای امیر",
      sortOrder: 4,
      isActive: false,
    });
    const options = async (provinceId: number, cityId: number, quantity: number) =>
      (
        await shop$(store, null, "POST", "/cart/check", { items: [{ instanceId: tea, quantity }], destination: { provinceId, cityId } })
      ).body.shippingOptions.map((o: { kind: string; price: number; free: boolean }) => [o.kind, o.price, o.free]);
    expect(await options(8, 801, 1)).toEqual([
      ["post_pishtaz", 300_000, false],
      ["tipax", 900_000, false],
      ["courier", 250_000, false],
    ]);
    expect(await options(8, 802, 2)).toEqual([
      ["post_pishtaz", 300_000, false],
      ["tipax", 0, true],
    ]);
    expect(await options(11, 1101, 1)).toEqual([["post_pishtaz", 500_000, false]]);
    const wrongCity = await shop$(store, null, "POST", "/cart/check", {
      items: [{ instanceId: tea, quantity: 1 }],
      destination: { provinceId: 8, cityId: 1101 },
    });
    expect(field(wrongCity)).toEqual([400, "destination.cityId"]);
  });
});

describe("a shopper's addresses", () => {
  it("are saved with digits in any script, listed, replaced and deleted; each shopper sees only their own", async () => {
    const created = await shop$(
      shop,
      shopper,
      "POST",
      "/me/addresses",
      tehranAddress({ label: "خانه", postalCode: "۱۴۱۱۷ ۱۳۱۳۵", mobile: "+98 912 765 4321" }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      label: "خانه",
      postalCode: "1411713135",
      mobile: "+989127654321",
      provinceName: "تهران",
      cityName: "تهران",
    });
    const list = await shop$(shop, shopper, "GET", "/me/addresses");
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    expect((await shop$(shop, neighbour, "GET", "/me/addresses")).body.items).toEqual([]);
    expect((await shop$(other, shopper, "GET", "/me/addresses")).body.items).toEqual([]);
    expect((await shop$(shop, neighbour, "DELETE", `/me/addresses/${created.body.id}`)).status).toBe(404);
    const replaced = await shop$(
      shop,
      shopper,
      "PUT",
      `/me/addresses/${created.body.id}`,
      tehranAddress({ provinceId: 27, cityId: 2702, postalCode: "4714763434" }),
    );
    expect(replaced.body).toMatchObject({ provinceName: "مازندران", cityName: "بابل", label: "" });
    expect((await shop$(shop, shopper, "DELETE", `/me/addresses/${created.body.id}`)).body).toEqual({ deleted: true });
    expect((await shop$(shop, shopper, "GET", "/me/addresses")).body.items).toEqual([]);
    expect((await shop$(shop, null, "GET", "/me/addresses")).status).toBe(401);
  });

  it.each([
    ["postal code with a 0 in its first five digits", { postalCode: "1401713135" }, "postalCode", "پنج رقم اول"],
    ["postal code with a 2 in its first five digits", { postalCode: "1421713135" }, "postalCode", "پنج رقم اول"],
    ["postal code of 9 digits", { postalCode: "141171313" }, "postalCode", "۱۰ رقم"],
    ["unknown province", { provinceId: 32 }, "provinceId", "استان"],
    ["city of another province", { cityId: 401 }, "cityId", "این شهر در استان انتخاب‌شده نیست."],
    ["landline as mobile", { mobile: "02112345678" }, "mobile", "شمارهٔ همراه"],
    ["short address line", { line: "تهران" }, "line", "نشانی"],
    ["missing receiver", { receiverName: "" }, "receiverName", "گیرنده"],
  ])("refuses a %s with 400 naming the field", async (_name, change, expected, words) => {
    const res = await shop$(shop, shopper, "POST", "/me/addresses", tehranAddress(change));
    expect(field(res)).toEqual([400, expected]);
    expect(res.body.error.message).toContain(words);
  });
});

describe("placing an order through the API", () => {
  it("answers 201 with the order in pending_payment, its lines, totals and history", async () => {
    const res = await shop$(shop, shopper, "POST", "/orders", order([[teaId, 2]]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      state: "pending_payment",
      stateLabel: "در انتظار پرداخت",
      subtotal: 3_300_000,
      shippingTotal: 450_000,
      discountTotal: 0,
      total: 3_750_000,
      replayed: false,
      shippingAddress: { provinceName: "تهران", postalCode: "1411713135" },
    });
    expect(res.body.lines[0]).toMatchObject({ productName: "چای لاهیجان", quantity: 2, unitPrice: 1_650_000, lineTotal: 3_300_000 });
    expect(res.body.history).toEqual([
      expect.objectContaining({
        from: null,
        to: "pending_payment",
        actor: "خریدار",
        atJalali: expect.stringMatching(/^۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2} ساعت [۰-۹]{2}:[۰-۹]{2}$/),
      }),
    ]);
    expect(res.body.createdAtJalali).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/);
  });

  it("honours Idempotency-Key: same key and body → the same order (200); another body → 422; keys are per shopper", async () => {
    const key = randomUUID();
    const before = await stockOf(teaId);
    const body = order([[teaId, 1]]);
    const first = await shop$(shop, neighbour, "POST", "/orders", body, { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    const [again, concurrent] = await Promise.all([
      shop$(shop, neighbour, "POST", "/orders", body, { "Idempotency-Key": key }),
      shop$(shop, neighbour, "POST", "/orders", body, { "Idempotency-Key": key }),
    ]);
    for (const res of [again, concurrent]) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: first.body.id, number: first.body.number, replayed: true });
    }
    expect(await stockOf(teaId)).toBe(before - 1);
    // Sold out since: the key still answers its order (the quick sold-out refusal steps aside for a known key), and the
    // sold-out answer goes to a new key.
    const shelf = () => test.platform.dataSource.getRepository(ProductInstance);
    await shelf().update({ id: teaId }, { stock: 0 });
    const soldOut = await shop$(shop, neighbour, "POST", "/orders", body, { "Idempotency-Key": key });
    expect(soldOut.status).toBe(200);
    expect(soldOut.body).toMatchObject({ id: first.body.id, replayed: true });
    expect(field(await shop$(shop, neighbour, "POST", "/orders", body, { "Idempotency-Key": randomUUID() }))).toEqual([
      409,
      "items.0.quantity",
    ]);
    await shelf().update({ id: teaId }, { stock: before - 1 });
    const changed = await shop$(shop, neighbour, "POST", "/orders", order([[teaId, 2]]), { "Idempotency-Key": key });
    expect(changed.status).toBe(422);
    expect(changed.body.error).toMatchObject({ code: "idempotency_key_reused", field: "Idempotency-Key" });
    // The same key from someone else, or at another store, is another key.
    const someoneElse = await shop$(shop, shopper, "POST", "/orders", body, { "Idempotency-Key": key });
    expect(someoneElse.status).toBe(201);
    expect(someoneElse.body.id).not.toBe(first.body.id);
    const elsewhere = await shop$(
      other,
      neighbour,
      "POST",
      "/orders",
      { ...body, items: [], shippingMethodId: otherPost.id },
      { "Idempotency-Key": key },
    );
    expect(field(elsewhere)).toEqual([400, "items"]);
    const badKey = await shop$(shop, neighbour, "POST", "/orders", body, { "Idempotency-Key": "short" });
    expect(field(badKey)).toEqual([400, "Idempotency-Key"]);
  });

  it.each([
    ["quantity 0", order([[randomUUID(), 0]]), "items.0.quantity"],
    ["a fractional quantity", order([[randomUUID(), 1.5]]), "items.0.quantity"],
    ["a quantity over 99", order([[randomUUID(), 100]]), "items.0.quantity"],
    ["an instance id that is not a uuid", { ...order([]), items: [{ instanceId: "tea", quantity: 1 }] }, "items.0.instanceId"],
    ["no address", { items: [{ instanceId: randomUUID(), quantity: 1 }], shippingMethodId: randomUUID() }, "address"],
    ["a bad postal code", order([[randomUUID(), 1]], { address: tehranAddress({ postalCode: "0000000000" }) }), "address.postalCode"],
    ["a bad mobile", order([[randomUUID(), 1]], { address: tehranAddress({ mobile: "12345" }) }), "address.mobile"],
    ["a city outside the province", order([[randomUUID(), 1]], { address: tehranAddress({ cityId: 2701 }) }), "address.cityId"],
  ])("refuses %s with 400 naming the field", async (_name, body, expected) => {
    const res = await shop$(shop, shopper, "POST", "/orders", body);
    expect(field(res)).toEqual([400, expected]);
    expect(res.body.error.message).toMatch(/[\u0600-\u06ff]/);
  });

  it("refuses what cannot be bought or shipped with the field to blame", async () => {
    expect(field(await shop$(shop, shopper, "POST", "/orders", order([[cupId, 4]])))).toEqual([409, "items.0.quantity"]);
    expect(field(await shop$(shop, shopper, "POST", "/orders", order([[hiddenId, 1]])))).toEqual([422, "items.0.instanceId"]);
    expect(field(await shop$(shop, shopper, "POST", "/orders", order([[randomUUID(), 1]])))).toEqual([422, "items.0.instanceId"]);
    expect(field(await shop$(shop, shopper, "POST", "/orders", order([[teaId, 1]], { shippingMethodId: otherPost.id })))).toEqual([
      404,
      "shippingMethodId",
    ]);
    expect(
      field(await shop$(shop, shopper, "POST", "/orders", order([[teaId, 1]], { addressId: randomUUID(), address: undefined }))),
    ).toEqual([404, "addressId"]);
    expect((await shop$(shop, null, "POST", "/orders", order([[teaId, 1]]))).status).toBe(401);
    expect(await stockOf(cupId)).toBe(3);
  });

  it("places with a saved address, and shows a shopper only their own orders in the current store", async () => {
    const buyer = await buildUser(test.platform.dataSource);
    const saved = await shop$(shop, buyer, "POST", "/me/addresses", tehranAddress({ receiverName: "علی رضایی" }));
    const placed = await shop$(shop, buyer, "POST", "/orders", order([[teaId, 1]], { address: undefined, addressId: saved.body.id }));
    expect(placed.status).toBe(201);
    expect(placed.body.shippingAddress.receiverName).toBe("علی رضایی");
    const mine = await shop$(shop, buyer, "GET", "/me/orders");
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([placed.body.id]);
    expect((await shop$(shop, buyer, "GET", `/orders/${placed.body.id}`)).body.id).toBe(placed.body.id);
    expect((await shop$(shop, neighbour, "GET", `/orders/${placed.body.id}`)).status).toBe(404);
    expect((await shop$(other, buyer, "GET", `/orders/${placed.body.id}`)).status).toBe(404);
    expect((await shop$(other, buyer, "GET", "/me/orders")).body.items).toEqual([]);
  });
});

describe("merchants managing orders", () => {
  it("list by state and Jalali date range, read the detail with history, move orders, print the invoice", async () => {
    await clearRateLimits(test.platform);
    const buyer = await buildUser(test.platform.dataSource);
    const a = (await shop$(shop, buyer, "POST", "/orders", order([[teaId, 1]]))).body;
    const b = (
      await shop$(
        shop,
        buyer,
        "POST",
        "/orders",
        order(
          [
            [teaId, 3],
            [cupId, 1],
          ],
          { note: "لطفاً کادوپیچ شود" },
        ),
      )
    ).body;
    const moved = await admin$(manager, "POST", `/stores/${shop.id}/orders/${b.id}/transitions`, {
      to: "paid",
      reason: "پرداخت کارت‌به‌کارت",
    });
    expect(moved.status).toBe(200);
    expect(moved.body.history.map((h: { to: string; actor: string }) => [h.to, h.actor])).toEqual([
      ["pending_payment", "خریدار"],
      ["paid", "فروشگاه"],
    ]);
    const paid = await admin$(owner, "GET", `/stores/${shop.id}/orders?state=paid`);
    expect(paid.body.items.map((o: { id: string }) => o.id)).toContain(b.id);
    expect(paid.body.items.map((o: { id: string }) => o.id)).not.toContain(a.id);
    const both = await admin$(owner, "GET", `/stores/${shop.id}/orders?state=paid,pending_payment&limit=1`);
    expect(both.body.items).toHaveLength(1);
    expect(both.body.nextBefore).toBe(both.body.items[0].number);

    const today = b.createdAtJalali as string;
    const inRange = await admin$(
      owner,
      "GET",
      `/stores/${shop.id}/orders?from=${encodeURIComponent(today)}&to=${encodeURIComponent(today)}`,
    );
    expect(inRange.body.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const ago = await admin$(owner, "GET", `/stores/${shop.id}/orders?from=1400/01/01&to=1400/12/29`);
    expect(ago.body.items).toEqual([]);
    expect(field(await admin$(owner, "GET", `/stores/${shop.id}/orders?from=1404/13/01`))).toEqual([400, "from"]);
    expect(field(await admin$(owner, "GET", `/stores/${shop.id}/orders?state=lost`))).toEqual([400, "state.0"]);

    const refused = await admin$(owner, "POST", `/stores/${shop.id}/orders/${a.id}/transitions`, { to: "delivered" });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: "invalid_transition",
      message: "سفارشی که «در انتظار پرداخت» است را نمی‌توان به «تحویل‌شده» برد.",
    });
    expect(field(await admin$(owner, "POST", `/stores/${shop.id}/orders/${a.id}/transitions`, { to: "lost" }))).toEqual([400, "to"]);
    await admin$(owner, "POST", `/stores/${shop.id}/orders/${b.id}/transitions`, { to: "processing" });
    expect(field(await admin$(owner, "POST", `/stores/${shop.id}/orders/${b.id}/transitions`, { to: "shipped" }))).toEqual([
      400,
      "trackingCode",
    ]);
    const shipped = await admin$(owner, "POST", `/stores/${shop.id}/orders/${b.id}/transitions`, {
      to: "shipped",
      trackingCode: "۲۳۴۵۶۷۸۹۰۱",
    });
    expect(shipped.body).toMatchObject({ state: "shipped", trackingCode: "2345678901" });

    const invoice = await admin$(owner, "GET", `/stores/${shop.id}/orders/${b.id}/invoice`);
    expect(invoice.status).toBe(200);
    expect(invoice.headers["content-type"]).toMatch(/^text\/html/);
    expect(invoice.text).toContain('<html lang="fa" dir="rtl">');
    expect(invoice.text).toContain("چای‌خانهٔ نمونه");
    expect(invoice.text).toContain(`>${formatNumber(b.number as number, { grouping: false })}<`);
    expect(invoice.text).toContain(`>${today} ساعت `);
    expect(invoice.text).toContain("۴۹۵٬۰۰۰ تومان"); // 3 × 165,000 Tomans of tea
    expect(invoice.text).toContain('data-testid="invoice-total">۵۷۵٬۰۰۰ تومان<'); // + one 35,000 glass + 45,000 shipping
    expect(invoice.text).toContain("کد پستی</dt><dd>۱۴۱۱۷۱۳۱۳۵");
    expect(invoice.text).toContain("لطفاً کادوپیچ شود");
  });

  it("never shows another store's orders: to its merchants, to staff through the wrong store, to shoppers", async () => {
    const placed = (await shop$(shop, shopper, "GET", "/me/orders")).body.items[0];
    expect((await admin$(otherOwner, "GET", `/stores/${shop.id}/orders`)).status).toBe(404);
    expect((await admin$(otherOwner, "GET", `/stores/${shop.id}/orders/${placed.id}`)).status).toBe(404);
    expect((await admin$(otherOwner, "GET", `/stores/${other.id}/orders/${placed.id}`)).status).toBe(404);
    expect((await admin$(otherOwner, "POST", `/stores/${other.id}/orders/${placed.id}/transitions`, { to: "cancelled" })).status).toBe(404);
    expect((await admin$(otherOwner, "GET", `/stores/${other.id}/orders/${placed.id}/invoice`)).status).toBe(404);
    expect((await admin$(otherOwner, "GET", `/stores/${other.id}/orders`)).body.items).toEqual([]);
    expect((await admin$(shopper, "GET", `/stores/${shop.id}/orders`)).status).toBe(404);
    const staff = await buildUser(test.platform.dataSource, { isStaff: true });
    expect((await admin$(staff, "GET", `/stores/${other.id}/orders/${placed.id}`)).status).toBe(404);
    expect((await admin$(staff, "GET", `/stores/${shop.id}/orders/${placed.id}`)).status).toBe(200);
  });

  it("manage shipping methods: validated, store members only", async () => {
    const base = `/stores/${shop.id}/shipping-methods`;
    const created = await admin$(manager, "POST", base, {
      kind: "tipax",
      price: 800_000,
      provincePrices: { "8": 600_000 },
      provinceIds: [8, 5],
      freeAbove: 30_000_000,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "تیپاکس", kindLabel: "تیپاکس", isActive: true, provinceIds: [8, 5] });
    expect(field(await admin$(owner, "POST", base, { kind: "courier", price: 100_000 }))).toEqual([400, "cityId"]);
    expect(field(await admin$(owner, "POST", base, { kind: "camel", price: 100_000 }))).toEqual([400, "kind"]);
    expect(field(await admin$(owner, "POST", base, { kind: "tipax", price: -1 }))).toEqual([400, "price"]);
    expect(field(await admin$(owner, "POST", base, { kind: "tipax", provinceIds: [99] }))).toEqual([400, "provinceIds.0"]);
    const patched = await admin$(owner, "PATCH", `${base}/${created.body.id}`, { isActive: false, name: "تیپاکس اکسپرس" });
    expect(patched.body).toMatchObject({ isActive: false, name: "تیپاکس اکسپرس", price: 800_000 });
    expect((await admin$(owner, "GET", base)).body.items.map((m: { id: string }) => m.id)).toContain(created.body.id);
    expect((await admin$(otherOwner, "GET", base)).status).toBe(404);
    expect((await admin$(otherOwner, "PATCH", `/stores/${other.id}/shipping-methods/${created.body.id}`, { price: 1 })).status).toBe(404);
    expect((await admin$(owner, "DELETE", `${base}/${created.body.id}`)).body).toEqual({ deleted: true });
  });
});
