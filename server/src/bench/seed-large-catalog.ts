/**
 * A store with a large catalog, for measuring listing and search
 * (`npm run seed:catalog`; options: --store=slug --products=10000).
 *
 * Categories and attributes go through the services (they are few); the
 * products, their choices, instances and instance attributes are bulk
 * INSERT … SELECT FROM unnest(…) in chunks, with search_text made by the same
 * normaliser the service uses. Bulk rows write no outbox events: nothing
 * listens to a benchmark store. Running it again on a seeded store changes nothing.
 */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import type { DataSource, EntityManager } from "typeorm";
import { configOrExit } from "../config/config.js";
import { createDataSource } from "../db/data-source.js";
import { migrateDatabase } from "../db/migrations-runner.js";
import { systemContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { Tenant } from "../tenancy/tenant.entity.js";
import { createStore, createTenant } from "../tenancy/tenancy.service.js";
import type { AttributeValue } from "../catalog/attribute.entity.js";
import { createAttribute } from "../catalog/attribute.service.js";
import type { Category } from "../catalog/category.entity.js";
import { createCategory } from "../catalog/category.service.js";
import { formatNumber, searchText } from "@mall/locale";

export const BENCH_STORE_SLUG = "bench-catalog";

const ROOTS = [
  {
    name: "Clothing",
    nameFa: "پوشاک",
    children: ["Men", "Women", "Kids", "Shoes", "Bags"],
    childrenFa: ["مردانه", "زنانه", "بچگانه", "کفش", "کیف"],
  },
  {
    name: "Home",
    nameFa: "خانه و آشپزخانه",
    children: ["Kitchen", "Decor", "Bedding", "Lighting", "Carpets"],
    childrenFa: ["آشپزخانه", "دکوراسیون", "کالای خواب", "روشنایی", "فرش"],
  },
  {
    name: "Books",
    nameFa: "کتاب",
    children: ["Novels", "Poetry", "History", "Children", "Cooking"],
    childrenFa: ["رمان", "شعر", "تاریخ", "کودک", "آشپزی"],
  },
  {
    name: "Digital",
    nameFa: "کالای دیجیتال",
    children: ["Phones", "Laptops", "Audio", "Cameras", "Accessories"],
    childrenFa: ["گوشی", "لپ‌تاپ", "صوتی", "دوربین", "لوازم جانبی"],
  },
];
const GRANDCHILDREN = [
  ["Basic", "پایه"],
  ["Premium", "ویژه"],
];
const NOUNS = [
  ["Shirt", "پیراهن"],
  ["Desk", "میز"],
  ["Book", "کتاب"],
  ["Lamp", "چراغ"],
  ["Teapot", "قوری"],
  ["Cushion", "کوسن"],
  ["Bag", "کیف"],
  ["Scarf", "شال"],
  ["Headphones", "هدفون"],
  ["Rug", "گلیم"],
  ["Mug", "ماگ"],
  ["Bookshelf", "کتاب‌خانه"],
];
const ADJECTIVES = [
  ["Cotton", "نخی"],
  ["Wooden", "چوبی"],
  ["Copper", "مسی"],
  ["Handmade", "دست‌ساز"],
  ["Classic", "کلاسیک"],
  ["Modern", "مدرن"],
  ["Silk", "ابریشمی"],
  ["Leather", "چرمی"],
];
const COLORS = [
  ["red", "قرمز", "#c62828"],
  ["navy", "سرمه‌ای", "#1a237e"],
  ["white", "سفید", "#ffffff"],
  ["black", "مشکی", "#000000"],
  ["green", "سبز", "#2e7d32"],
  ["beige", "کرم", "#d7ccc8"],
] as const;
const SIZES = ["s", "m", "l", "xl"];
const CHUNK = 2500;

function arg(name: string, fallback: string): string {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

/** The bench store and its category tree (4 roots × 5 children × 2 = 40 leaves), color and size on each root. */
async function seedStructure(manager: EntityManager, slug: string) {
  const ctx = systemContext(manager, "seed-large-catalog");
  const tenant = (await manager.findOneBy(Tenant, { slug })) ?? (await createTenant(ctx, { name: "حساب سنجش", slug }));
  const store =
    (await manager.findOneBy(Store, { slug })) ??
    (await createStore(ctx, {
      tenant: tenant.id,
      name: "فروشگاه سنجش کاتالوگ",
      slug,
      ownerPhone: "+989120000999",
      description: "۱۰ هزار محصول برای سنجش",
    }));
  const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM products WHERE store_id = $1`, [store.id]);
  if (n > 0) return { store, existing: n as number, leaves: [] };

  const leaves: Array<{
    category: Category;
    color: { id: string; values: AttributeValue[] };
    size: { id: string; values: AttributeValue[] };
  }> = [];
  for (const [r, root] of ROOTS.entries()) {
    const rootCategory = await createCategory(ctx, store.id, { name: root.name, nameFa: root.nameFa, slug: `c${r}`, isCategorizer: true });
    const color = await createAttribute(ctx, store.id, rootCategory.id, {
      name: "color",
      nameFa: "رنگ",
      type: "color",
      isCategorizer: true,
      values: COLORS.map(([value, valueFa, hex], sortOrder) => ({ value, valueFa, hex, sortOrder })),
    });
    const size = await createAttribute(ctx, store.id, rootCategory.id, {
      name: "size",
      nameFa: "اندازه",
      type: "size",
      isCategorizer: true,
      values: SIZES.map((value, sortOrder) => ({ value, valueFa: value.toUpperCase(), sortOrder })),
    });
    for (const [c, child] of root.children.entries()) {
      const childCategory = await createCategory(ctx, store.id, {
        name: child,
        nameFa: root.childrenFa[c]!,
        slug: `c${r}-${c}`,
        parentId: rootCategory.id,
      });
      for (const [g, [name, nameFa]] of GRANDCHILDREN.entries()) {
        const leaf = await createCategory(ctx, store.id, {
          name: `${child} ${name}`,
          nameFa: `${root.childrenFa[c]} ${nameFa}`,
          slug: `c${r}-${c}-${g}`,
          parentId: childCategory.id,
        });
        leaves.push({
          category: leaf,
          color: { id: color.attribute.id, values: color.values },
          size: { id: size.attribute.id, values: size.values },
        });
      }
    }
  }
  return { store, existing: 0, leaves };
}

/** Inserts rows column by column through unnest(), in chunks. */
async function bulkInsert(
  manager: EntityManager,
  table: string,
  columns: Array<[name: string, type: string]>,
  rows: unknown[][],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const arrays = columns.map((_, index) => chunk.map((row) => row[index]));
    await manager.query(
      `INSERT INTO ${table} (${columns.map(([name]) => name).join(", ")})
       SELECT * FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(", ")})`,
      arrays,
    );
  }
}

export async function seedLargeCatalog(
  dataSource: DataSource,
  options: { slug: string; products: number },
): Promise<{ storeId: string; products: number; instances: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await dataSource.transaction(async (manager) => {
    const { store, existing, leaves } = await seedStructure(manager, options.slug);
    if (existing > 0) return { storeId: store.id, products: existing, instances: -1 };

    const products: unknown[][] = [];
    const choices: unknown[][] = [];
    const instances: unknown[][] = [];
    const instanceAttributes: unknown[][] = [];
    const now = Date.now();
    for (let i = 0; i < options.products; i++) {
      const leaf = leaves[i % leaves.length]!;
      const [noun, nounFa] = NOUNS[i % NOUNS.length]!;
      const [adjective, adjectiveFa] = ADJECTIVES[Math.floor(i / NOUNS.length) % ADJECTIVES.length]!;
      const model = 100 + (i % 900);
      const name = `${adjective} ${noun} ${model}`;
      const nameFa = `${nounFa} ${adjectiveFa} مدل ${formatNumber(model, { grouping: false })}`;
      const description = `${nameFa}، مناسب هدیه و استفادهٔ روزانه.`;
      const basePrice = (50 + ((i * 7919) % 4950)) * 10_000;
      const id = randomUUID();
      const createdAt = new Date(now - i * 60_000).toISOString();
      products.push([
        id,
        leaf.category.storeId,
        leaf.category.id,
        name,
        nameFa,
        `p-${i}`,
        description,
        basePrice,
        basePrice,
        searchText([name, nameFa, description]),
        createdAt,
        createdAt,
        (i * 31) % 1000,
      ]);
      // 2 colors × 2 sizes = 4 instances a product.
      const colors = [leaf.color.values[i % 6]!, leaf.color.values[(i + 1) % 6]!];
      const sizes = [leaf.size.values[i % 4]!, leaf.size.values[(i + 2) % 4]!];
      for (const value of colors) choices.push([leaf.category.storeId, id, leaf.color.id, value.id]);
      for (const value of sizes) choices.push([leaf.category.storeId, id, leaf.size.id, value.id]);
      for (const color of colors) {
        for (const size of sizes) {
          const instanceId = randomUUID();
          const stock = (i + color.sortOrder * 3 + size.sortOrder) % 7 === 0 ? 0 : (i % 20) + 1;
          instances.push([
            instanceId,
            leaf.category.storeId,
            id,
            `P${i}-${color.value}-${size.value}`.toUpperCase(),
            stock,
            [color.id, size.id].sort().join(","),
          ]);
          instanceAttributes.push([leaf.category.storeId, instanceId, leaf.color.id, color.id, color.valueFa, color.hex]);
          instanceAttributes.push([leaf.category.storeId, instanceId, leaf.size.id, size.id, size.valueFa, null]);
        }
      }
    }
    await bulkInsert(
      manager,
      "products",
      [
        ["id", "uuid"],
        ["store_id", "uuid"],
        ["category_id", "uuid"],
        ["name", "text"],
        ["name_fa", "text"],
        ["slug", "text"],
        ["description", "text"],
        ["base_price", "bigint"],
        ["min_price", "bigint"],
        ["search_text", "text"],
        ["created_at", "timestamptz"],
        ["updated_at", "timestamptz"],
        ["view_count", "integer"],
      ],
      products,
    );
    await bulkInsert(
      manager,
      "product_attribute_values",
      [
        ["store_id", "uuid"],
        ["product_id", "uuid"],
        ["attribute_id", "uuid"],
        ["attribute_value_id", "uuid"],
      ],
      choices,
    );
    await bulkInsert(
      manager,
      "product_instances",
      [
        ["id", "uuid"],
        ["store_id", "uuid"],
        ["product_id", "uuid"],
        ["sku", "text"],
        ["stock", "integer"],
        ["combination_key", "text"],
      ],
      instances,
    );
    await bulkInsert(
      manager,
      "product_instance_attributes",
      [
        ["store_id", "uuid"],
        ["instance_id", "uuid"],
        ["attribute_id", "uuid"],
        ["attribute_value_id", "uuid"],
        ["value", "text"],
        ["color_hex", "text"],
      ],
      instanceAttributes,
    );
    return { storeId: store.id, products: products.length, instances: instances.length };
  });
  for (const table of ["categories", "products", "product_attribute_values", "product_instances", "product_instance_attributes"])
    await dataSource.query(`ANALYZE ${table}`);
  return { ...result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

// Run as a script (not when a test imports it).
if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) {
  const config = configOrExit();
  await migrateDatabase(config.DATABASE_URL);
  const dataSource = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-seed-catalog" });
  await dataSource.initialize();
  const slug = arg("store", BENCH_STORE_SLUG);
  const result = await seedLargeCatalog(dataSource, { slug, products: Number(arg("products", "10000")) });
  await dataSource.destroy();
  process.stdout.write(
    result.instances < 0
      ? `Store ${slug} already has ${result.products} products; nothing to do.\n`
      : `Store ${slug} (${result.storeId}): ${result.products} products, ${result.instances} instances in ${result.seconds.toFixed(1)} s.\n`,
  );
}
