import { randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { createProduct } from "../catalog/catalog.service.js";
import type { CreateProductInput } from "../catalog/catalog.schemas.js";
import type { Product } from "../catalog/product.entity.js";
import { systemContext } from "../platform/context.js";
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

export function buildProduct(dataSource: DataSource, storeId: string, overrides: Partial<CreateProductInput> = {}): Promise<Product> {
  return dataSource.transaction((manager) =>
    createProduct(systemContext(manager, "test"), storeId, {
      name: "Test product",
      nameFa: "محصول آزمایشی",
      slug: randomSlug("product"),
      basePrice: 1_000_000,
      ...overrides,
    }),
  );
}
