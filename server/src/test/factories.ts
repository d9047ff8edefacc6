import { randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { createAttribute, type AttributeWithValues } from "../catalog/attribute.service.js";
import type { CreateAttributeInput, CreateCategoryInput, CreateProductInput } from "../catalog/catalog.schemas.js";
import type { Category } from "../catalog/category.entity.js";
import { createCategory } from "../catalog/category.service.js";
import type { Product } from "../catalog/product.entity.js";
import { createProduct } from "../catalog/product.service.js";
import { systemContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import type { Tenant } from "../tenancy/tenant.entity.js";
import { createStore, createTenant } from "../tenancy/tenancy.service.js";

/** Random data for fixtures, so tests never collide on unique keys. */
export function randomSlug(prefix = "t"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export function randomPhone(): string {
  return `+98912${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, "0")}`;
}

export function buildTenant(dataSource: DataSource, overrides: Partial<{ name: string; slug: string }> = {}): Promise<Tenant> {
  return dataSource.transaction((manager) =>
    createTenant(systemContext(manager, "test"), { name: "حساب آزمایشی", slug: randomSlug("tenant"), ...overrides }),
  );
}

/** A store with its own tenant and owner unless given. */
export async function buildStore(
  dataSource: DataSource,
  overrides: Partial<{ tenant: string; name: string; slug: string; ownerPhone: string }> = {},
): Promise<Store> {
  const tenant = overrides.tenant ?? (await buildTenant(dataSource)).id;
  return dataSource.transaction((manager) =>
    createStore(systemContext(manager, "test"), {
      name: "فروشگاه آزمایشی",
      slug: randomSlug("store"),
      ownerPhone: randomPhone(),
      ...overrides,
      tenant,
    }),
  );
}

/** A root category unless given a parentId. */
export function buildCategory(dataSource: DataSource, storeId: string, overrides: Partial<CreateCategoryInput> = {}): Promise<Category> {
  const slug = randomSlug("category");
  return dataSource.transaction((manager) =>
    createCategory(systemContext(manager, "test"), storeId, { name: `Category ${slug}`, nameFa: "دستهٔ آزمایشی", slug, ...overrides }),
  );
}

/** A custom, optional, non-categorizer attribute with no values on a category, unless told otherwise. */
export function buildAttribute(
  dataSource: DataSource,
  storeId: string,
  categoryId: string,
  overrides: Partial<CreateAttributeInput> = {},
): Promise<AttributeWithValues> {
  return dataSource.transaction((manager) =>
    createAttribute(systemContext(manager, "test"), storeId, categoryId, {
      name: randomSlug("attr").replace(/-/g, "_"),
      nameFa: "ویژگی آزمایشی",
      type: "custom",
      ...overrides,
    }),
  );
}

/** A product in its own new category unless given a categoryId; its instances are generated. */
export async function buildProduct(dataSource: DataSource, storeId: string, overrides: Partial<CreateProductInput> = {}): Promise<Product> {
  const categoryId = overrides.categoryId ?? (await buildCategory(dataSource, storeId)).id;
  return dataSource.transaction((manager) =>
    createProduct(systemContext(manager, "test"), storeId, {
      name: "Test product",
      nameFa: "محصول آزمایشی",
      slug: randomSlug("product"),
      basePrice: 1_000_000,
      ...overrides,
      categoryId,
    }),
  );
}

/**
 * The t-shirt catalog the journeys share: a `t-shirts` category with a colour
 * (red, blue) and a size (M, L) categorizer, so a product in it has 4 models.
 */
export async function buildShirtCategory(dataSource: DataSource, storeId: string, overrides: Partial<CreateCategoryInput> = {}) {
  const category = await buildCategory(dataSource, storeId, { name: "T-shirts", nameFa: "تی‌شرت", slug: "t-shirts", ...overrides });
  const color = await buildAttribute(dataSource, storeId, category.id, {
    name: "color",
    nameFa: "رنگ",
    type: "color",
    isCategorizer: true,
    values: [
      { value: "red", valueFa: "قرمز", hex: "#c0392b", sortOrder: 1 },
      { value: "blue", valueFa: "آبی", hex: "#2563eb", sortOrder: 2 },
    ],
  });
  const size = await buildAttribute(dataSource, storeId, category.id, {
    name: "size",
    nameFa: "سایز",
    type: "size",
    isCategorizer: true,
    values: [
      { value: "m", valueFa: "M", sortOrder: 1 },
      { value: "l", valueFa: "L", sortOrder: 2 },
    ],
  });
  /** Every value of both attributes: a product choosing these gets all four models. */
  const allValues = [
    { attributeId: color.attribute.id, valueIds: color.values.map((v) => v.id) },
    { attributeId: size.attribute.id, valueIds: size.values.map((v) => v.id) },
  ];
  return { category, color, size, allValues };
}
