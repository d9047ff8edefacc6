import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { renderInvoice } from "../orders/invoice.js";
import { formatJalaliDateTime } from "@mall/locale";
import { checkCart } from "../orders/cart.service.js";
import { buildShippingMethod, placeAs, shopperContext, tehranAddress } from "../test/order-fixtures.js";
import { transitionOrder } from "../orders/order.service.js";
import type { CartCheckInput } from "../orders/orders.schemas.js";
import type { ShippingMethod } from "../orders/shipping-method.entity.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildCategory, buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { quoteDiscounts } from "./discount-pricing.js";
import { createDiscount, deleteDiscount, updateDiscount } from "./discount.service.js";
import { Discount, OrderDiscount } from "./discount.entity.js";
import type { CreateDiscountInput } from "./discounts.schemas.js";

/**
 * Every rule of a discount, through the cart check and placing an order (the
 * services every surface calls), and the merchant's API with Jalali dates.
 */
const test = useTestPlatform();
let server: TestServer;
let store: Store;
let owner: User;
let post: ShippingMethod;
const ids = { clothing: "", tees: "", kitchen: "", tee: "", mug: "", teeProduct: "", mugProduct: "" };

const TEE = 4_500_000;
const MUG = 1_200_000;
const SHIPPING = 350_000; // Tehran's price of the method below

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "فروشگاه تخفیف" });
  [owner] = await dataSource.query(
    `SELECT u.id, u.phone, u.is_staff AS "isStaff" FROM store_members m JOIN users u ON u.id = m.user_id WHERE m.store_id = $1`,
    [store.id],
  );
  const clothing = await buildCategory(dataSource, store.id, { nameFa: "پوشاک", slug: "clothing" });
  const tees = await buildCategory(dataSource, store.id, { nameFa: "تی‌شرت", slug: "tees", parentId: clothing.id });
  const kitchen = await buildCategory(dataSource, store.id, { nameFa: "آشپزخانه", slug: "kitchen" });
  const tee = await buildProduct(dataSource, store.id, {
    categoryId: tees.id,
    nameFa: "تی‌شرت نخی",
    slug: "tee",
    basePrice: TEE,
    stock: 50,
  });
  const mug = await buildProduct(dataSource, store.id, {
    categoryId: kitchen.id,
    nameFa: "ماگ سفالی",
    slug: "mug",
    basePrice: MUG,
    stock: 50,
  });
  const instanceOf = async (productId: string) => (await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId })).id;
  Object.assign(ids, {
    clothing: clothing.id,
    tees: tees.id,
    kitchen: kitchen.id,
    tee: await instanceOf(tee.id),
    mug: await instanceOf(mug.id),
    teeProduct: tee.id,
    mugProduct: mug.id,
  });
  post = await buildShippingMethod(dataSource, store.id, { kind: "post_pishtaz", price: 500_000, provincePrices: { "8": SHIPPING } });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

/** Every discount is created fresh and switched off after its test, so tests never see each other's promotions. */
async function discount(input: Partial<CreateDiscountInput> & Pick<CreateDiscountInput, "kind" | "value">): Promise<Discount> {
  return test.platform.dataSource.transaction((m) =>
    createDiscount(systemContext(m, "test"), store.id, { title: "تخفیف آزمایشی", ...input }),
  );
}
const switchOff = (...discounts: Discount[]) =>
  test.platform.dataSource.query(`UPDATE discounts SET is_active = false WHERE id = ANY($1::uuid[])`, [discounts.map((d) => d.id)]);
const cart = (items: Array<[string, number]>, extra: Partial<CartCheckInput> = {}) =>
  checkCart({ manager: test.platform.dataSource.manager, actor: { kind: "anonymous" } }, store.id, {
    items: items.map(([instanceId, quantity]) => ({ instanceId, quantity })),
    ...extra,
  });
const place = (user: Pick<User, "id">, items: Array<[string, number]>, discountCode?: string) =>
  placeAs(test.platform.dataSource, store.id, user, {
    items: items.map(([instanceId, quantity]) => ({ instanceId, quantity })),
    address: tehranAddress(),
    shippingMethodId: post.id,
    ...(discountCode ? { discountCode } : {}),
  });
const cancel = (orderId: string) =>
  test.platform.dataSource.transaction((m) => transitionOrder(systemContext(m, "test"), store.id, orderId, "cancelled"));
const usedCount = async (d: Discount) => (await test.platform.dataSource.getRepository(Discount).findOneByOrFail({ id: d.id })).usedCount;

describe("discount rules", () => {
  it("takes a percentage off the whole order (rounded down to whole Tomans), keeps the line on the order and prints it on the invoice", async () => {
    const tenOff = await discount({ title: "ده درصد پاییزه", code: "AUTUMN10", kind: "percentage", value: 10 });
    const check = await cart(
      [
        [ids.tee, 1],
        [ids.mug, 1],
      ],
      { discountCode: "autumn10" },
    );
    expect(check.discounts.codeError).toBeNull();
    expect(check.discounts.itemsDiscount).toBe(570_000);

    const shopper = await buildUser(test.platform.dataSource);
    const placed = await place(
      shopper,
      [
        [ids.tee, 1],
        [ids.mug, 1],
      ],
      "Autumn10",
    );
    expect(placed.order).toMatchObject({
      subtotal: TEE + MUG,
      discountTotal: 570_000,
      shippingTotal: SHIPPING,
      total: TEE + MUG - 570_000 + SHIPPING,
    });
    expect(placed.discounts).toHaveLength(1);
    expect(placed.discounts![0]).toMatchObject({
      title: "ده درصد پاییزه",
      code: "AUTUMN10",
      kind: "percentage",
      value: 10,
      amount: 570_000,
      userId: shopper.id,
    });
    expect(await usedCount(tenOff)).toBe(1);

    // Later edits of the discount leave the order as it was placed.
    await test.platform.dataSource.query(`UPDATE discounts SET value = 50, title = 'تغییر کرد' WHERE id = $1`, [tenOff.id]);
    const kept = await test.platform.dataSource.getRepository(OrderDiscount).findOneByOrFail({ orderId: placed.order.id });
    expect(kept).toMatchObject({ title: "ده درصد پاییزه", value: 10, amount: 570_000 });
    const invoice = renderInvoice(store, placed);
    expect(invoice).toContain("تخفیف: ده درصد پاییزه");
    expect(invoice).toContain("−۵۷٬۰۰۰ تومان");
    expect(invoice).toContain('data-testid="invoice-total">۵۴۸٬۰۰۰ تومان');
    await cancel(placed.order.id);
    await switchOff(tenOff);
  });

  it("takes a fixed amount off the chosen products only, never more than they cost", async () => {
    const mugOff = await discount({ code: "MUGDAY", kind: "fixed", value: 2_000_000, scope: "products", productIds: [ids.mugProduct] });
    const check = await cart(
      [
        [ids.tee, 1],
        [ids.mug, 1],
      ],
      { discountCode: "MUGDAY" },
    );
    expect(check.discounts.itemsDiscount).toBe(MUG);
    const teeOnly = await cart([[ids.tee, 2]], { discountCode: "MUGDAY" });
    expect(teeOnly.discounts.codeError).toMatchObject({
      code: "discount_not_applicable",
      message: "این کد تخفیف شامل کالاهای سبد خرید شما نمی‌شود.",
      field: "discountCode",
    });
    expect(teeOnly.discounts.itemsDiscount).toBe(0);
    await switchOff(mugOff);
  });

  it("covers a category and every category below it", async () => {
    const clothes = await discount({ code: "CLOTHES20", kind: "percentage", value: 20, scope: "categories", categoryIds: [ids.clothing] });
    // The tee sits in «تی‌شرت», below «پوشاک»: 20% of the tee only.
    const check = await cart(
      [
        [ids.tee, 1],
        [ids.mug, 1],
      ],
      { discountCode: "clothes20" },
    );
    expect(check.discounts.itemsDiscount).toBe(900_000);
    const kitchenOnly = await cart([[ids.mug, 1]], { discountCode: "clothes20" });
    expect(kitchenOnly.discounts.codeError?.code).toBe("discount_not_applicable");
    await switchOff(clothes);
  });

  it("asks for a minimum order amount, and refuses the placement without placing anything", async () => {
    const big = await discount({ code: "BIGCART", kind: "fixed", value: 1_000_000, minOrderAmount: 10_000_000 });
    const check = await cart([[ids.tee, 1]], { discountCode: "BIGCART" });
    expect(check.discounts.codeError).toMatchObject({
      code: "discount_min_amount",
      message: "این کد تخفیف برای خرید از ۱٬۰۰۰٬۰۰۰ تومان به بالاست.",
    });
    const shopper = await buildUser(test.platform.dataSource);
    await expect(place(shopper, [[ids.tee, 1]], "BIGCART")).rejects.toMatchObject({
      kind: "refused",
      code: "discount_min_amount",
      field: "discountCode",
    });
    const [{ orders }] = await test.platform.dataSource.query(`SELECT count(*)::int AS orders FROM orders WHERE user_id = $1`, [
      shopper.id,
    ]);
    expect(orders).toBe(0);
    expect((await cart([[ids.tee, 3]], { discountCode: "BIGCART" })).discounts.itemsDiscount).toBe(1_000_000);
    await switchOff(big);
  });

  it("starts and ends at Tehran times entered as Jalali dates", async () => {
    // 1 Azar 1404 10:00 in Tehran is 06:30 UTC; the end is exclusive.
    const window = await discount({
      code: "AZAR",
      kind: "fixed",
      value: 100_000,
      startsAt: "1404/09/01 10:00",
      endsAt: "۱۴۰۴/۰۹/۰۳ ۰۰:۰۰",
    } as CreateDiscountInput);
    expect(window.startsAt!.toISOString()).toBe("2025-11-22T06:30:00.000Z");
    expect(window.endsAt!.toISOString()).toBe("2025-11-23T20:30:00.000Z");
    const quoteAt = (iso: string) =>
      quoteDiscounts({ manager: test.platform.dataSource.manager, actor: { kind: "anonymous" } }, store.id, {
        lines: [{ productId: ids.teeProduct, lineTotal: TEE }],
        subtotal: TEE,
        code: "azar",
        now: new Date(iso),
      });
    expect((await quoteAt("2025-11-22T06:29:59.000Z")).codeError).toMatchObject({
      code: "discount_not_started",
      message: "این کد تخفیف هنوز فعال نشده است؛ از ۱۴۰۴/۰۹/۰۱ ساعت ۱۰:۰۰ می‌توانید از آن استفاده کنید.",
    });
    expect((await quoteAt("2025-11-22T06:30:00.000Z")).itemsDiscount).toBe(100_000);
    expect((await quoteAt("2025-11-23T20:29:59.000Z")).itemsDiscount).toBe(100_000);
    expect((await quoteAt("2025-11-23T20:30:00.000Z")).codeError).toMatchObject({
      code: "discount_expired",
      message: "کد تخفیف منقضی شده است.",
    });
    // And against the real clock, at placement: a code that ended yesterday is refused.
    const ended = await discount({
      code: "ENDED",
      kind: "fixed",
      value: 100_000,
      endsAt: formatJalaliDateTime(new Date(Date.now() - 86_400_000)),
    } as CreateDiscountInput);
    await expect(place(await buildUser(test.platform.dataSource), [[ids.tee, 1]], "ended")).rejects.toMatchObject({
      kind: "refused",
      code: "discount_expired",
    });
    await switchOff(window, ended);
  });

  it("limits uses per customer; a cancelled order gives its use back", async () => {
    const once = await discount({ code: "ONCE", kind: "fixed", value: 500_000, perCustomerLimit: 1 });
    const [ana, bita] = [await buildUser(test.platform.dataSource), await buildUser(test.platform.dataSource)];
    const first = await place(ana, [[ids.mug, 1]], "ONCE");
    expect(first.order.discountTotal).toBe(500_000);
    await expect(place(ana, [[ids.mug, 1]], "once")).rejects.toMatchObject({
      kind: "refused",
      code: "discount_customer_limit",
      message: "شما پیش‌تر از این کد تخفیف استفاده کرده‌اید.",
    });
    const signedIn = await checkCart(shopperContext(test.platform.dataSource.manager, ana), store.id, {
      items: [{ instanceId: ids.mug, quantity: 1 }],
      discountCode: "ONCE",
    });
    expect(signedIn.discounts.codeError?.code).toBe("discount_customer_limit");
    expect((await place(bita, [[ids.mug, 1]], "ONCE")).order.discountTotal).toBe(500_000);
    expect(await usedCount(once)).toBe(2);
    await cancel(first.order.id);
    expect(await usedCount(once)).toBe(1);
    const again = await place(ana, [[ids.mug, 1]], "ONCE");
    expect(again.order.discountTotal).toBe(500_000);
    await switchOff(once);
  });

  it("makes shipping free: shipping 0 on the order, the waived price on its discount line", async () => {
    const free = await discount({ title: "ارسال رایگان", code: "FREESHIP", kind: "fixed", value: 0, freeShipping: true });
    const check = await cart([[ids.mug, 1]], { discountCode: "freeship", destination: { provinceId: 8, cityId: 801 } });
    expect(check.discounts.freeShipping).toBe(true);
    expect(check.shippingOptions!.find((o) => o.method.id === post.id)).toMatchObject({ price: 0, free: true });
    const placed = await place(await buildUser(test.platform.dataSource), [[ids.mug, 1]], "FREESHIP");
    expect(placed.order).toMatchObject({ subtotal: MUG, shippingTotal: 0, discountTotal: 0, total: MUG });
    expect(placed.discounts![0]).toMatchObject({ freeShipping: true, shippingAmount: SHIPPING, amount: 0 });
    await cancel(placed.order.id);
    await switchOff(free);
  });

  it("reads codes whatever the case and digits: ۱۲۳, 123 and ١٢٣ are one code, and one per store", async () => {
    const yalda = await discount({ code: "YALDA۱۲۳", kind: "fixed", value: 300_000 });
    for (const typed of ["yalda123", "Yalda١٢٣", "YALDA۱۲۳", "yAlDa12۳"]) {
      const check = await cart([[ids.mug, 1]], { discountCode: typed });
      expect(check.discounts.codeError, typed).toBeNull();
      expect(check.discounts.itemsDiscount, typed).toBe(300_000);
    }
    const res = await server.request("POST", `/api/v1/stores/${store.id}/discounts`, {
      headers: bearer(test.config, owner),
      body: { title: "تکراری", code: "yalda123", kind: "fixed", value: 1000 },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "discount_code_taken", field: "code" });
    // Another store may have the same code.
    const other = await buildStore(test.platform.dataSource);
    await test.platform.dataSource.transaction((m) =>
      createDiscount(systemContext(m, "test"), other.id, { title: "همان کد", code: "yalda123", kind: "fixed", value: 1000 }),
    );
    await switchOff(yalda);
  });

  it("applies an automatic promotion without a code, together with a code, never past the subtotal", async () => {
    const auto = await discount({ title: "جشنواره", kind: "percentage", value: 5 });
    const plain = await cart([[ids.tee, 1]]);
    expect(plain.discounts.applied.map((a) => a.discount.title)).toEqual(["جشنواره"]);
    expect(plain.discounts.itemsDiscount).toBe(225_000);
    const huge = await discount({ code: "HUGE", kind: "fixed", value: 100_000_000 });
    const both = await cart([[ids.tee, 1]], { discountCode: "HUGE" });
    expect(both.discounts.itemsDiscount).toBe(TEE);
    const placed = await place(await buildUser(test.platform.dataSource), [[ids.tee, 1]], "HUGE");
    expect(placed.order).toMatchObject({ discountTotal: TEE, total: SHIPPING });
    expect(placed.discounts!.map((d) => d.amount).reduce((a, b) => a + b, 0)).toBe(TEE);
    await cancel(placed.order.id);
    await switchOff(auto, huge);
  });

  it("answers an unknown code in Persian, in the cart and at placement", async () => {
    const check = await cart([[ids.mug, 1]], { discountCode: "NOPE99" });
    expect(check.discounts.codeError).toMatchObject({ code: "discount_invalid", message: "کد تخفیف معتبر نیست." });
    await expect(place(await buildUser(test.platform.dataSource), [[ids.mug, 1]], "NOPE99")).rejects.toMatchObject({
      kind: "refused",
      code: "discount_invalid",
      field: "discountCode",
    });
  });
});

describe("promotions on the site", () => {
  it("rebuilds the site when an automatic promotion is added, changed or removed, and not for a code", async () => {
    const changes = async () =>
      Number(
        (
          await test.platform.dataSource.query(
            `SELECT count(*) AS n FROM outbox WHERE store_id = $1 AND type = 'store.changed' AND payload->>'change' = 'promotions'`,
            [store.id],
          )
        )[0].n,
      );
    const before = await changes();
    await discount({ code: "site-code-1", kind: "percentage", value: 5 });
    expect(await changes()).toBe(before);
    const promotion = await discount({ kind: "percentage", value: 15, scope: "products", productIds: [ids.teeProduct] });
    expect(await changes()).toBe(before + 1);
    await test.platform.dataSource.transaction((m) => updateDiscount(systemContext(m, "test"), store.id, promotion.id, { value: 20 }));
    expect(await changes()).toBe(before + 2);
    await test.platform.dataSource.transaction((m) => deleteDiscount(systemContext(m, "test"), store.id, promotion.id));
    expect(await changes()).toBe(before + 3);
  });
});

describe("the merchant's discounts API", () => {
  const url = (suffix = "") => `/api/v1/stores/${store.id}/discounts${suffix}`;

  it("creates with Jalali dates in Tehran time, lists, changes and removes", async () => {
    const created = await server.request("POST", url(), {
      headers: bearer(test.config, owner),
      body: {
        title: "شب یلدا",
        code: "Shab-e-Yalda",
        kind: "percentage",
        value: 15,
        scope: "categories",
        categoryIds: [ids.clothing],
        startsAt: "۱۴۰۴/۰۹/۳۰ ۱۸:۰۰",
        endsAt: "1404/10/01 06:00",
        usageLimit: 100,
        perCustomerLimit: 1,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: "Shab-e-Yalda",
      automatic: false,
      startsAt: "2025-12-21T14:30:00.000Z",
      startsAtJalali: "۱۴۰۴/۰۹/۳۰ ساعت ۱۸:۰۰",
      usedCount: 0,
    });
    const list = await server.request("GET", url(), { headers: bearer(test.config, owner) });
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(created.body.id);
    const changed = await server.request("PATCH", url(`/${created.body.id}`), {
      headers: bearer(test.config, owner),
      body: { value: 20, isActive: false },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ value: 20, isActive: false, code: "Shab-e-Yalda" });
    const removed = await server.request("DELETE", url(`/${created.body.id}`), { headers: bearer(test.config, owner) });
    expect(removed.status).toBe(200);
    // Each change is in the audit log, by whom, with only the changed fields.
    const audit = await test.platform.dataSource.query(
      `SELECT action, actor_user_id, before, after FROM audit_entries WHERE entity_id = $1 ORDER BY created_at, action`,
      [created.body.id],
    );
    expect(audit.map((row: { action: string }) => row.action)).toEqual(["discount.created", "discount.updated", "discount.deleted"]);
    expect(audit[1]).toMatchObject({
      actor_user_id: owner.id,
      before: { value: 15, isActive: true },
      after: { value: 20, isActive: false },
    });
  });

  it("refuses bad input naming the field, and changes nothing", async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ title: "بد", kind: "percentage", value: 150 }, 400, "value"],
      [{ title: "بد", kind: "fixed", value: 1000, startsAt: "فردا" }, 400, "startsAt"],
      [{ title: "بد", kind: "fixed", value: 1000, startsAt: "1404/09/02", endsAt: "1404/09/01" }, 400, "endsAt"],
      [{ title: "بد", kind: "fixed", value: 1000, scope: "categories" }, 400, "categoryIds"],
      [{ title: "بد", kind: "fixed", value: 1000, code: "a b" }, 400, "code"],
      [{ title: "بد", kind: "fixed", value: 0 }, 400, "value"],
    ];
    const before = await test.platform.dataSource.getRepository(Discount).countBy({ storeId: store.id });
    for (const [body, status, field] of cases) {
      const res = await server.request("POST", url(), { headers: bearer(test.config, owner), body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
    }
    expect(await test.platform.dataSource.getRepository(Discount).countBy({ storeId: store.id })).toBe(before);
  });

  it("never reads or changes store A's discount through another store's address: /stores/B/discounts/<A's id> is 404 for B's owner, and for A's", async () => {
    const { dataSource } = test.platform;
    const mine = await discount({ kind: "percentage", value: 10, code: "ACROSS", title: "تخفیف الف" });
    const other = await buildStore(dataSource, { name: "فروشگاه ب" });
    const [otherOwner] = await dataSource.query(
      `SELECT u.id, u.phone, u.is_staff AS "isStaff" FROM store_members m JOIN users u ON u.id = m.user_id WHERE m.store_id = $1`,
      [other.id],
    );
    const row = async () => dataSource.query(`SELECT * FROM discounts WHERE id = $1`, [mine.id]);
    const before = await row();
    const across = `/api/v1/stores/${other.id}/discounts/${mine.id}`;
    for (const who of [otherOwner, owner]) {
      const read = await server.request("GET", across, { headers: bearer(test.config, who) });
      expect(read.status).toBe(404);
      expect(JSON.stringify(read.body)).not.toContain("ACROSS");
      expect(
        (await server.request("PATCH", across, { headers: bearer(test.config, who), body: { value: 90, isActive: false } })).status,
      ).toBe(404);
      expect((await server.request("DELETE", across, { headers: bearer(test.config, who) })).status).toBe(404);
      expect(
        (await server.request("GET", `/api/v1/stores/${other.id}/discounts`, { headers: bearer(test.config, who) })).body.items?.map(
          (d: { id: string }) => d.id,
        ) ?? [],
      ).not.toContain(mine.id);
    }
    expect(await row()).toEqual(before);
    expect(
      (await dataSource.query(`SELECT action FROM audit_entries WHERE entity_id = $1`, [mine.id])).map((r: { action: string }) => r.action),
    ).toEqual(["discount.created"]);
    await switchOff(mine);
  });

  it("shows another store's discounts to nobody else: 404 as if missing", async () => {
    const stranger = await buildUser(test.platform.dataSource);
    const res = await server.request("GET", url(), { headers: bearer(test.config, stranger) });
    expect(res.status).toBe(404);
    expect((await server.request("GET", url())).status).toBe(401);
  });
});
