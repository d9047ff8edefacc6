import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { systemContext, type ServiceContext } from "../../core/context.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "../../test/factories.js";
import { useTestPlatform } from "../../test/test-platform.js";
import { ProductInstance } from "../product-instance.entity.js";
import { exportProductsCsv } from "./product-export.service.js";
import { importProductsCsv } from "./product-import.service.js";

/**
 * Product CSV (issue 16): export then import of the same file changes
 * nothing, on a store with Persian names and commas, quotes and newlines in
 * descriptions; an import with errors names each row and column in Persian
 * and changes nothing; a good one applies everything through the services.
 */
const test = useTestPlatform();

const TRICKY = 'پیراهن نخی، خنک و سبک.\nشست‌وشو با آب سرد؛ «اتو» ممنوع.\nاندازه‌ها: S, M, L "استاندارد"';

/** Everything an import could touch, as comparable rows (timestamps aside). */
async function catalogState(storeId: string) {
  const q = (sql: string) => test.platform.dataSource.query(sql, [storeId]);
  return {
    products: await q(
      `SELECT id, category_id, name, name_fa, slug, description, base_price, min_price, is_active, search_text, images FROM products WHERE store_id = $1 ORDER BY id`,
    ),
    instances: await q(
      `SELECT id, product_id, sku, price, stock, is_active, combination_key, updated_at FROM product_instances WHERE store_id = $1 ORDER BY id`,
    ),
    choices: await q(
      `SELECT product_id, attribute_id, attribute_value_id, text FROM product_attribute_values WHERE store_id = $1 ORDER BY product_id, attribute_id, attribute_value_id`,
    ),
    instanceAttributes: await q(
      `SELECT instance_id, attribute_id, attribute_value_id, value FROM product_instance_attributes WHERE store_id = $1 ORDER BY instance_id, attribute_id`,
    ),
    outbox: await q(`SELECT count(*)::int AS n FROM outbox WHERE store_id = $1`),
    audit: await q(`SELECT count(*)::int AS n FROM audit_entries WHERE store_id = $1`),
  };
}

async function buildClothingStore() {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name: "پوشاک آزمایشی" });
  const clothing = await buildCategory(dataSource, store.id, { name: "Clothing", nameFa: "پوشاک", slug: "clothing" });
  const men = await buildCategory(dataSource, store.id, { name: "Men", nameFa: "مردانه", slug: "men", parentId: clothing.id });
  const shirts = await buildCategory(dataSource, store.id, { name: "Shirts", nameFa: "پیراهن", slug: "shirts", parentId: men.id });
  const books = await buildCategory(dataSource, store.id, { name: "Books", nameFa: "کتاب", slug: "books" });
  const color = await buildAttribute(dataSource, store.id, clothing.id, {
    name: "color",
    nameFa: "رنگ",
    type: "color",
    isCategorizer: true,
    values: [
      { value: "red", valueFa: "قرمز", hex: "#c62828" },
      { value: "navy", valueFa: "سرمه‌ای", hex: "#1a237e" },
      { value: "white", valueFa: "سفید", hex: "#ffffff" },
    ],
  });
  const size = await buildAttribute(dataSource, store.id, clothing.id, {
    name: "size",
    nameFa: "سایز",
    type: "size",
    isCategorizer: true,
    values: [
      { value: "m", valueFa: "M" },
      { value: "l", valueFa: "L" },
    ],
  });
  const shirt = await buildProduct(dataSource, store.id, {
    categoryId: shirts.id,
    name: 'Cotton shirt, "summer"',
    nameFa: "پیراهن نخی «تابستانه»، یقه‌دار",
    slug: "cotton-shirt",
    description: TRICKY,
    basePrice: 12_500_000,
    attributes: [
      { attributeId: color.attribute.id, valueIds: [color.values[0]!.id, color.values[1]!.id] },
      { attributeId: size.attribute.id, valueIds: size.values.map((value) => value.id) },
    ],
    stock: 4,
  });
  const book = await buildProduct(dataSource, store.id, {
    categoryId: books.id,
    name: "Divan",
    nameFa: "دیوان حافظ",
    slug: "divan",
    description: "غزل‌ها، با شرح",
    basePrice: 3_000_000,
    stock: 9,
  });
  // A varied catalog: one instance at its own price, one out of stock, one inactive.
  const [first, second, third] = await dataSource
    .getRepository(ProductInstance)
    .find({ where: { storeId: store.id, productId: shirt.id }, order: { sku: "ASC" } });
  await dataSource.query(`UPDATE product_instances SET price = 13000000 WHERE id = $1`, [first!.id]);
  await dataSource.query(`UPDATE product_instances SET stock = 0 WHERE id = $1`, [second!.id]);
  await dataSource.query(`UPDATE product_instances SET is_active = false WHERE id = $1`, [third!.id]);
  return { store, shirt, book, color, size, categories: { clothing, men, shirts, books } };
}

const asTest = (work: (ctx: ServiceContext) => Promise<unknown>) =>
  test.platform.dataSource.transaction((manager) => work(systemContext(manager, "cli")));

describe("product CSV", () => {
  it("exports one row per instance, UTF-8 with BOM, paths, attribute columns and Rials", async () => {
    const { store } = await buildClothingStore();
    const { csv, products, rows } = await exportProductsCsv(systemContext(test.platform.dataSource.manager, "test"), store.id);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect({ products, rows }).toEqual({ products: 2, rows: 5 });
    const [header, ...records] = parse(csv.slice(1)) as string[][];
    expect(header).toEqual([
      "نامک محصول",
      "نام محصول",
      "نام لاتین",
      "دسته",
      "توضیحات",
      "قیمت پایه (ریال)",
      "محصول فعال",
      "SKU",
      "قیمت مدل (ریال)",
      "موجودی",
      "مدل فعال",
      "ویژگی: رنگ",
      "ویژگی: سایز",
      "نشانی تصاویر (فقط خروجی)",
    ]);
    const shirtRows = records.filter((record) => record[0] === "cotton-shirt");
    expect(shirtRows).toHaveLength(4);
    expect(shirtRows[0]!.slice(1, 7)).toEqual([
      "پیراهن نخی «تابستانه»، یقه‌دار",
      'Cotton shirt, "summer"',
      "پوشاک > مردانه > پیراهن",
      shirtRows[0]![4],
      "12500000",
      "بله",
    ]);
    expect(shirtRows[0]![4]).toContain("\n");
    expect(new Set(shirtRows.map((record) => `${record[11]}/${record[12]}`))).toEqual(
      new Set(["قرمز/M", "قرمز/L", "سرمه‌ای/M", "سرمه‌ای/L"]),
    );
    expect(records.find((record) => record[0] === "divan")!.slice(3, 13)).toEqual([
      "کتاب",
      "غزل‌ها، با شرح",
      "3000000",
      "بله",
      expect.any(String),
      "",
      "9",
      "بله",
      "",
      "",
    ]);
  });

  it("imports its own export back without changing anything", async () => {
    const { store } = await buildClothingStore();
    const before = await catalogState(store.id);
    const { csv } = await exportProductsCsv(systemContext(test.platform.dataSource.manager, "test"), store.id);
    const progress: string[] = [];
    const outcome = await asTest((ctx) =>
      importProductsCsv(ctx, store.id, csv, (p) => void progress.push(`${p.phase}:${p.done}/${p.total}`)),
    );
    expect(outcome).toEqual({
      ok: true,
      summary: { products: { created: 0, updated: 0, unchanged: 2 }, instances: { created: 0, updated: 0, unchanged: 5 } },
    });
    expect(await catalogState(store.id)).toEqual(before);
    expect(progress).toContain("validating:5/5");
    expect(progress).toContain("importing:2/2");
    // And the export of the unchanged store is the same file, byte for byte.
    expect((await exportProductsCsv(systemContext(test.platform.dataSource.manager, "test"), store.id)).csv).toBe(csv);
  });

  it("applies changes and new products through the services (audited), in one go", async () => {
    const { store } = await buildClothingStore();
    const { csv } = await exportProductsCsv(systemContext(test.platform.dataSource.manager, "test"), store.id);
    const [header, ...records] = parse(csv.slice(1)) as string[][];
    const shirt = records.find((record) => record[0] === "cotton-shirt" && record[11] === "قرمز" && record[12] === "M")!;
    shirt[8] = "۱۴٬۰۰۰٬۰۰۰";
    shirt[9] = "7";
    const white = [...shirt];
    white[7] = "SHIRT-WHITE-M";
    white[8] = "";
    white[11] = "سفید";
    const scarf = [
      "silk-scarf",
      "شال ابریشمی",
      "Silk scarf",
      "پوشاک",
      'شال، "دست‌باف"',
      "8000000",
      "بله",
      "SCARF-RED",
      "",
      "3",
      "بله",
      "قرمز",
      "",
      "",
    ];
    const { stringify } = await import("csv-stringify/sync");
    const edited = stringify([header!, ...records, white, scarf]);
    const outcome = await asTest((ctx) => importProductsCsv(ctx, store.id, edited));
    expect(outcome).toEqual({
      ok: true,
      summary: { products: { created: 1, updated: 1, unchanged: 1 }, instances: { created: 2, updated: 1, unchanged: 4 } },
    });
    const rows = await test.platform.dataSource.query(
      `SELECT sku, price, stock FROM product_instances WHERE store_id = $1 AND sku = ANY($2)`,
      [store.id, [shirt[7], "SHIRT-WHITE-M", "SCARF-RED"]],
    );
    expect(new Set(rows)).toEqual(
      new Set([
        { sku: "SCARF-RED", price: null, stock: 3 },
        { sku: shirt[7], price: "14000000", stock: 7 },
        { sku: "SHIRT-WHITE-M", price: null, stock: 7 },
      ]),
    );
    const audit = await test.platform.dataSource.query(
      `SELECT surface, action, after FROM audit_entries WHERE store_id = $1 AND entity_type = 'instance' ORDER BY created_at`,
      [store.id],
    );
    expect(audit).toContainEqual({ surface: "cli", action: "instance.updated", after: { price: 14_000_000, stock: 7 } });
    // The changed rows went in as one batch: one event naming the products it touched (the listeners fan out by
    // product), and the stock that went up its own event per model (restock notices).
    const batch = await test.platform.dataSource.query(
      `SELECT payload FROM outbox WHERE store_id = $1 AND type = 'instance.changed' AND payload ? 'productIds'`,
      [store.id],
    );
    expect(batch).toHaveLength(1);
    expect(batch[0].payload).toMatchObject({ change: "updated", fields: ["price", "sku", "stock"], instances: 3 });
    expect(batch[0].payload.productIds).toHaveLength(2);
  });

  it("takes products with no Latin name: an empty cell is none, a file without the column keeps the names it does not mention", async () => {
    const { store } = await buildClothingStore();
    const { csv } = await exportProductsCsv(systemContext(test.platform.dataSource.manager, "test"), store.id);
    const [header, ...records] = parse(csv.slice(1)) as string[][];
    const latin = header!.indexOf("نام لاتین");
    // Without the Latin name's column: a new product has none, and the shirt keeps its own.
    const without = (row: string[]) => row.filter((_, position) => position !== latin);
    const hat = ["hat", "کلاه حصیری", "پوشاک", "", "500000", "بله", "HAT-1", "", "2", "بله", "قرمز", "", ""];
    const { stringify } = await import("csv-stringify/sync");
    const first = await asTest((ctx) => importProductsCsv(ctx, store.id, stringify([without(header!), ...records.map(without), hat])));
    expect(first).toMatchObject({ ok: true, summary: { products: { created: 1, updated: 0 } } });
    const names = async () =>
      Object.fromEntries(
        (
          (await test.platform.dataSource.query(`SELECT slug, name FROM products WHERE store_id = $1`, [store.id])) as Array<{
            slug: string;
            name: string | null;
          }>
        ).map((row) => [row.slug, row.name]),
      );
    expect(await names()).toMatchObject({ hat: null, "cotton-shirt": 'Cotton shirt, "summer"' });
    // With the column, an empty cell clears the shirt's; the export writes the hat's as an empty cell.
    for (const record of records) if (record[0] === "cotton-shirt") record[latin] = "";
    const second = await asTest((ctx) => importProductsCsv(ctx, store.id, stringify([header!, ...records])));
    expect(second).toMatchObject({ ok: true, summary: { products: { updated: 1 } } });
    expect(await names()).toMatchObject({ hat: null, "cotton-shirt": null });
    const again = await exportProductsCsv(systemContext(test.platform.dataSource.manager, "test"), store.id);
    const hatRow = (parse(again.csv.slice(1)) as string[][]).find((record) => record[0] === "hat")!;
    expect(hatRow[latin]).toBe("");
  });

  it("refuses a file with errors: every row and column named in Persian, nothing changed", async () => {
    const { store } = await buildClothingStore();
    const before = await catalogState(store.id);
    const { csv } = await exportProductsCsv(systemContext(test.platform.dataSource.manager, "test"), store.id);
    const [header, ...records] = parse(csv.slice(1)) as string[][];
    records[0]![8] = "دوازده";
    records[1]![11] = "بنفش";
    records[2]![3] = "پوشاک > زنانه";
    records[3]![7] = records[0]![7]!;
    const good = ["new-hat", "کلاه", "Hat", "پوشاک", "", "500000", "بله", "HAT-1", "", "2", "بله", "قرمز", "", ""];
    const { stringify } = await import("csv-stringify/sync");
    const outcome = await asTest((ctx) => importProductsCsv(ctx, store.id, "\uFEFF" + stringify([header!, ...records, good])));
    expect(outcome).toEqual({
      ok: false,
      errors: [
        { row: 2, column: "قیمت مدل (ریال)", message: "«دوازده» عدد صحیح نیست؛ مبلغ به ریال و بدون اعشار نوشته شود." },
        { row: 3, column: "ویژگی: رنگ", message: "مقدار «بنفش» برای ویژگی «رنگ» تعریف نشده است؛ اول آن را در پیشخوان اضافه کنید." },
        { row: 4, column: "دسته", message: "دسته‌ای با مسیر «پوشاک > زنانه» در این فروشگاه نیست." },
        { row: 5, column: "SKU", message: "این SKU در ردیف ۲ هم آمده است." },
      ],
    });
    expect(await catalogState(store.id)).toEqual(before);
  });

  it("refuses a file without the required columns, or not CSV at all", async () => {
    const { store } = await buildClothingStore();
    const missing = await asTest((ctx) => importProductsCsv(ctx, store.id, "نام محصول,SKU\nکلاه,HAT\n"));
    expect(missing).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([{ row: 1, column: "نامک محصول", message: "ستون «نامک محصول» در سطر اول نیست." }]),
    });
    const broken = await asTest((ctx) => importProductsCsv(ctx, store.id, 'a,b\n"unclosed,1\n'));
    expect(broken).toMatchObject({ ok: false, errors: [{ column: "-" }] });
  });
});
