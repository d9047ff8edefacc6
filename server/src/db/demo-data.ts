import type { DataSource } from "typeorm";
import { ProductAttribute } from "../catalog/attribute.entity.js";
import { createAttribute } from "../catalog/attribute.service.js";
import { Category } from "../catalog/category.entity.js";
import { createCategory } from "../catalog/category.service.js";
import { Product } from "../catalog/product.entity.js";
import { createProduct } from "../catalog/product.service.js";
import type { ServiceContext } from "../core/context.js";
import { systemContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { Tenant } from "../tenancy/tenant.entity.js";
import { createStore, createTenant } from "../tenancy/tenancy.service.js";

export const DEMO_OWNER_PHONE = "+989120000000";
export const DEMO_STORE_SLUG = "demo";

const COLORS = [
  { value: "red", valueFa: "قرمز", hex: "#c62828", sortOrder: 1 },
  { value: "navy", valueFa: "سرمه‌ای", hex: "#1a237e", sortOrder: 2 },
  { value: "white", valueFa: "سفید", hex: "#ffffff", sortOrder: 3 },
];
const SIZES = ["s", "m", "l", "xl"].map((size, index) => ({ value: size, valueFa: size.toUpperCase(), sortOrder: index + 1 }));

const CLOTHING_PRODUCTS = [
  { name: "Cotton T-shirt", nameFa: "تی‌شرت نخی", slug: "cotton-tshirt", basePrice: 4_500_000, description: "تی‌شرت نخی خنک برای تابستان.", colors: 3, sizes: 4 },
  { name: "Linen Shirt", nameFa: "پیراهن کتان", slug: "linen-shirt", basePrice: 9_800_000, description: "پیراهن کتان آستین‌بلند.", colors: 2, sizes: 3 },
];
const CRAFT_PRODUCTS = [
  { name: "Persian Carpet Cushion", nameFa: "کوسن طرح فرش", slug: "carpet-cushion", basePrice: 8_900_000, description: "کوسن با طرح فرش دستباف کاشان." },
  { name: "Saffron 4.6 g", nameFa: "زعفران نگین ۴٫۶ گرمی", slug: "saffron-4g", basePrice: 12_500_000, description: "زعفران سرگل قائنات." },
  { name: "Copper Teapot", nameFa: "قوری مسی", slug: "copper-teapot", basePrice: 23_000_000, description: "قوری مسی چکشی زنجان." },
];

async function demoCategory(ctx: ServiceContext, storeId: string, input: { name: string; nameFa: string; slug: string; isCategorizer: boolean }): Promise<Category> {
  return (await ctx.manager.findOneBy(Category, { storeId, slug: input.slug })) ?? (await createCategory(ctx, storeId, input));
}

/** A small real catalog: clothing with color × size instances, and handicrafts with one instance each. */
async function seedDemoCatalog(ctx: ServiceContext, storeId: string): Promise<void> {
  const clothing = await demoCategory(ctx, storeId, { name: "Clothing", nameFa: "پوشاک", slug: "clothing", isCategorizer: true });
  const crafts = await demoCategory(ctx, storeId, { name: "Handicrafts and Souvenirs", nameFa: "صنایع دستی و سوغات", slug: "handicrafts", isCategorizer: false });
  const attribute = async (input: { name: string; nameFa: string; type: "color" | "size"; values: typeof SIZES }) =>
    (await ctx.manager.findOneBy(ProductAttribute, { storeId, categoryId: clothing.id, name: input.name })) ??
    (await createAttribute(ctx, storeId, clothing.id, { ...input, isRequired: true, isCategorizer: true })).attribute;
  const color = await attribute({ name: "color", nameFa: "رنگ", type: "color", values: COLORS });
  const size = await attribute({ name: "size", nameFa: "سایز", type: "size", values: SIZES });
  const valueIds = async (attributeId: string, count: number) =>
    (await ctx.manager.query(`SELECT id FROM attribute_values WHERE store_id = $1 AND attribute_id = $2 ORDER BY sort_order LIMIT $3`, [storeId, attributeId, count])).map(
      (row: { id: string }) => row.id,
    );
  for (const { colors, sizes, ...product } of CLOTHING_PRODUCTS) {
    if (await ctx.manager.existsBy(Product, { storeId, slug: product.slug })) continue;
    await createProduct(ctx, storeId, {
      ...product,
      categoryId: clothing.id,
      stock: 5,
      attributes: [
        { attributeId: color.id, valueIds: await valueIds(color.id, colors) },
        { attributeId: size.id, valueIds: await valueIds(size.id, sizes) },
      ],
    });
  }
  for (const product of CRAFT_PRODUCTS) {
    if (!(await ctx.manager.existsBy(Product, { storeId, slug: product.slug }))) await createProduct(ctx, storeId, { ...product, categoryId: crafts.id, stock: 10 });
  }
}

/**
 * The demo tenant, its store and a small catalog, through the same services
 * staff and merchants use. Safe to run again: what exists is left as it is.
 */
export async function seedDemo(dataSource: DataSource): Promise<Store> {
  return dataSource.transaction(async (manager) => {
    const ctx = systemContext(manager, "seed");
    const tenant = (await manager.findOneBy(Tenant, { slug: "demo" })) ?? (await createTenant(ctx, { name: "حساب نمایشی", slug: "demo" }));
    const store =
      (await manager.findOneBy(Store, { slug: DEMO_STORE_SLUG })) ??
      (await createStore(ctx, { tenant: tenant.id, name: "فروشگاه نمایشی", slug: DEMO_STORE_SLUG, ownerPhone: DEMO_OWNER_PHONE, description: "فروشگاه نمونهٔ Mall" }));
    await seedDemoCatalog(ctx, store.id);
    return store;
  });
}
