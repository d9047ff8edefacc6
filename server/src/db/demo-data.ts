import type { DataSource } from "typeorm";
import { createProduct } from "../catalog/catalog.service.js";
import { Product } from "../catalog/product.entity.js";
import { systemContext } from "../platform/context.js";
import { Store } from "../tenancy/store.entity.js";
import { Tenant } from "../tenancy/tenant.entity.js";
import { createStore, createTenant } from "../tenancy/tenancy.service.js";

export const DEMO_OWNER_PHONE = "+989120000000";
export const DEMO_STORE_SLUG = "demo";

const DEMO_PRODUCTS = [
  { name: "Cotton T-shirt", nameFa: "تی‌شرت نخی", slug: "cotton-tshirt", basePrice: 4_500_000, description: "تی‌شرت نخی خنک برای تابستان." },
  { name: "Persian Carpet Cushion", nameFa: "کوسن طرح فرش", slug: "carpet-cushion", basePrice: 8_900_000, description: "کوسن با طرح فرش دستباف کاشان." },
  { name: "Saffron 4.6 g", nameFa: "زعفران نگین ۴٫۶ گرمی", slug: "saffron-4g", basePrice: 12_500_000, description: "زعفران سرگل قائنات." },
  { name: "Copper Teapot", nameFa: "قوری مسی", slug: "copper-teapot", basePrice: 23_000_000, description: "قوری مسی چکشی زنجان." },
];

/**
 * The demo tenant, its store and a few products, through the same services
 * staff and merchants use. Safe to run again: what exists is left as it is.
 */
export async function seedDemo(dataSource: DataSource): Promise<Store> {
  return dataSource.transaction(async (manager) => {
    const ctx = systemContext(manager, "seed");
    const tenant = (await manager.findOneBy(Tenant, { slug: "demo" })) ?? (await createTenant(ctx, { name: "حساب نمایشی", slug: "demo" }));
    const store =
      (await manager.findOneBy(Store, { slug: DEMO_STORE_SLUG })) ??
      (await createStore(ctx, { tenant: tenant.id, name: "فروشگاه نمایشی", slug: DEMO_STORE_SLUG, ownerPhone: DEMO_OWNER_PHONE, description: "فروشگاه نمونهٔ Mall" }));
    for (const product of DEMO_PRODUCTS) {
      if (!(await manager.existsBy(Product, { storeId: store.id, slug: product.slug }))) await createProduct(ctx, store.id, product);
    }
    return store;
  });
}
