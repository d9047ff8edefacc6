import { Discount } from "@mall/server/discounts/discount.entity.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { buildCategory, buildProduct, buildStore } from "@mall/server/test/factories.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * Discounts in the back office: created through the discount service with
 * Jalali date and Tehran time, Tomans for a fixed amount, categories by
 * name; refusals come back in Persian on the field; a merchant sees only
 * their own store's discounts.
 */
const test = useAdminServer();
let a: { store: Store; owner: User };
let b: { store: Store; owner: User };
let merchant: AdminSession;

async function shop(name: string) {
  const store = await buildStore(test.platform.dataSource, { name });
  const owner = (await test.platform.dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  return { store, owner };
}

beforeAll(async () => {
  a = await shop("فروشگاه الف");
  b = await shop("فروشگاه ب");
  await buildCategory(test.platform.dataSource, a.store.id, { nameFa: "پوشاک", slug: "clothing" });
  merchant = await signInToAdmin(test.server, test.platform, a.owner.phone);
}, 60_000);

describe("discounts in the back office", () => {
  it("creates a code with Jalali times, Tomans and categories by name, and shows them back the same way", async () => {
    const created = await merchant.create("discounts", {
      title: "حراج یلدا",
      code: "YALDA۱۴۰۴",
      kind: "fixed",
      value: "۵۰٬۰۰۰",
      scope: "categories",
      categoryIds: "پوشاک",
      minOrderAmount: "5000000",
      startsAt: "۱۴۰۴/۰۹/۳۰ ۱۸:۰۰",
      endsAt: "1404/10/01 06:00",
      usageLimit: "۱۰۰",
      freeShipping: "true",
    });
    expect(created.body.notice.type, JSON.stringify(created.body)).toBe("success");
    const discount = await test.platform.dataSource.getRepository(Discount).findOneByOrFail({ storeId: a.store.id, codeKey: "yalda1404" });
    expect(discount).toMatchObject({
      kind: "fixed",
      value: 500_000,
      scope: "categories",
      minOrderAmount: 5_000_000,
      usageLimit: 100,
      freeShipping: true,
    });
    expect(discount.startsAt!.toISOString()).toBe("2025-12-21T14:30:00.000Z");
    const shown = await merchant.show("discounts", discount.id);
    expect(shown.body.record.params).toMatchObject({ value: "۵۰۰۰۰", categoryIds: "پوشاک", startsAt: "۱۴۰۴/۰۹/۳۰ ساعت ۱۸:۰۰" });
  });

  it("answers a bad date, an unknown category and a taken code on the field, in Persian, and saves nothing", async () => {
    const before = await test.platform.dataSource.getRepository(Discount).countBy({ storeId: a.store.id });
    const cases: Array<[Record<string, string>, string]> = [
      [{ title: "بد", kind: "percentage", value: "10", startsAt: "فردا" }, "startsAt"],
      [{ title: "بد", kind: "percentage", value: "10", scope: "categories", categoryIds: "کفش" }, "categoryIds"],
      [{ title: "بد", kind: "percentage", value: "10", code: "yalda1404" }, "code"],
      [{ title: "بد", kind: "percentage", value: "150" }, "value"],
    ];
    for (const [params, field] of cases) {
      const res = await merchant.create("discounts", params);
      expect(res.body.notice?.type, JSON.stringify(params)).toBe("error");
      expect(res.body.record.errors[field]?.message, JSON.stringify(res.body.record.errors)).toMatch(/[\u0600-\u06FF]/);
    }
    expect(await test.platform.dataSource.getRepository(Discount).countBy({ storeId: a.store.id })).toBe(before);
  });

  it("finds categories and products by name in the discount's own store only, folded as search folds it, and names only its own", async () => {
    const { dataSource } = test.platform;
    const bags = await buildCategory(dataSource, a.store.id, { nameFa: "کیف‌ها", slug: "bags" });
    const mug = await buildProduct(dataSource, a.store.id, { nameFa: "ماگ سفالی ۲", slug: "mug-2" });
    const shoes = await buildCategory(dataSource, b.store.id, { nameFa: "کفش", slug: "shoes" });
    const tee = await buildProduct(dataSource, b.store.id, { nameFa: "تیشرت", slug: "tee" });

    // Arabic ي/ك, a space for the ZWNJ, Latin digits: the same names (@mall/locale's search folding).
    const byCategory = await merchant.create("discounts", {
      title: "کیف",
      kind: "percentage",
      value: "10",
      scope: "categories",
      categoryIds: "كيف ها",
    });
    expect(byCategory.body.notice.type, JSON.stringify(byCategory.body)).toBe("success");
    const byProduct = await merchant.create("discounts", {
      title: "ماگ",
      kind: "percentage",
      value: "10",
      scope: "products",
      productIds: "ماگ سفالي 2",
    });
    expect(byProduct.body.notice.type, JSON.stringify(byProduct.body)).toBe("success");
    expect((await dataSource.getRepository(Discount).findOneByOrFail({ storeId: a.store.id, title: "کیف" })).categoryIds).toEqual([
      bags.id,
    ]);
    expect((await dataSource.getRepository(Discount).findOneByOrFail({ storeId: a.store.id, title: "ماگ" })).productIds).toEqual([mug.id]);

    // Store B's category and product, by name or slug, are not store A's.
    for (const params of [
      { scope: "categories", categoryIds: "کفش" },
      { scope: "categories", categoryIds: "shoes" },
      { scope: "products", productIds: "tee" },
    ]) {
      const refused = await merchant.create("discounts", { title: "بد", kind: "percentage", value: "10", ...params });
      expect(refused.body.notice?.type, JSON.stringify(params)).toBe("error");
    }
    // A discount of A's naming B's ids (written around the service) shows the ids, never B's names.
    const planted = await dataSource.getRepository(Discount).save({
      storeId: a.store.id,
      title: "کاشته",
      code: null,
      codeKey: null,
      kind: "percentage" as const,
      value: 5,
      scope: "order" as const,
      categoryIds: [shoes.id, bags.id],
      productIds: [tee.id],
    });
    const shown = await merchant.show("discounts", planted.id);
    expect(shown.body.record.params).toMatchObject({ categoryIds: `${shoes.id}، کیف‌ها`, productIds: tee.id });
    expect(shown.text).not.toContain("تیشرت");
  });

  it("never shows or changes another store's discounts", async () => {
    const foreign = await test.platform.dataSource.getRepository(Discount).save({
      storeId: b.store.id,
      title: "مال ب",
      code: "BONLY",
      codeKey: "bonly",
      kind: "fixed" as const,
      value: 1000,
      scope: "order" as const,
      categoryIds: [],
      productIds: [],
    });
    const list = await merchant.list("discounts");
    expect((list.body.records as Array<{ id: string }>).map((r) => r.id)).not.toContain(foreign.id);
    const show = await merchant.show("discounts", foreign.id);
    expect(show.status === 404 || show.body.notice?.type === "error" || !show.body.record).toBe(true);
    await merchant.edit("discounts", foreign.id, { value: "1" });
    expect((await test.platform.dataSource.getRepository(Discount).findOneByOrFail({ id: foreign.id })).value).toBe(1000);
  });
});
