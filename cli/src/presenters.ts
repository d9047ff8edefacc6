import type { StoreRequest } from "@mall/server/tenancy/store-request.entity.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import type { Tenant } from "@mall/server/tenancy/tenant.entity.js";

/**
 * What the CLI shows of tenants and stores, as plain objects: the `--json`
 * output, and the source of the human tables. Entities are never printed
 * as they are (a store's owner is a user row; staff need its phone).
 */
export interface TenantView {
  id: string;
  slug: string;
  name: string;
  isActive: boolean;
  storeCount?: number;
  createdAt: string;
}

export interface StoreView {
  id: string;
  slug: string;
  name: string;
  description: string;
  status: string;
  theme: string;
  layout: string;
  tenant: { id: string; slug: string; name: string } | null;
  ownerPhone: string | null;
  host: string;
  customDomain: string | null;
  customDomainVerified: boolean;
  createdAt: string;
}

export function presentTenant(tenant: Tenant & { storeCount?: number }): TenantView {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    isActive: tenant.isActive,
    ...(tenant.storeCount === undefined ? {} : { storeCount: tenant.storeCount }),
    createdAt: tenant.createdAt.toISOString(),
  };
}

/** A store with its tenant and owner loaded (as getStore and listStores return it). */
export function presentStore(store: Store, platformDomain: string): StoreView {
  return {
    id: store.id,
    slug: store.slug,
    name: store.name,
    description: store.description,
    status: store.status,
    theme: store.theme,
    layout: store.layout,
    tenant: store.tenant ? { id: store.tenant.id, slug: store.tenant.slug, name: store.tenant.name } : null,
    ownerPhone: store.owner?.phone ?? null,
    host: `${store.slug}.${platformDomain}`,
    customDomain: store.customDomain,
    customDomainVerified: store.customDomainVerified,
    createdAt: store.createdAt.toISOString(),
  };
}

/** `key: value` lines for one store. */
export function storeLines(store: StoreView): string {
  return keyValueLines([
    ["slug", store.slug],
    ["name", store.name],
    ["status", store.status],
    ["tenant", store.tenant ? `${store.tenant.slug} (${store.tenant.name})` : "-"],
    ["owner phone", store.ownerPhone ?? "-"],
    ["host", store.host],
    ["custom domain", store.customDomain ? `${store.customDomain}${store.customDomainVerified ? "" : " (not verified)"}` : "-"],
    ["theme", store.theme],
    ["layout", store.layout],
    ["description", store.description || "-"],
    ["id", store.id],
    ["created", store.createdAt],
  ]);
}

export function tenantLines(tenant: TenantView): string {
  return keyValueLines([
    ["slug", tenant.slug],
    ["name", tenant.name],
    ["active", tenant.isActive ? "yes" : "no"],
    ["id", tenant.id],
    ["created", tenant.createdAt],
  ]);
}

export function keyValueLines(pairs: Array<[string, string]>): string {
  const width = Math.max(...pairs.map(([key]) => key.length)) + 1;
  return pairs.map(([key, value]) => `${`${key}:`.padEnd(width)} ${value}`).join("\n");
}

/**
 * A plain-text table with a header row. Widths count what a terminal
 * draws: Persian combining marks and ZWNJ take no column.
 */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(displayWidth(header), ...rows.map((row) => displayWidth(row[column] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + " ".repeat(widths[column]! - displayWidth(cell))))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

export function displayWidth(text: string): number {
  return [...text.replace(/[\p{M}\p{Cf}]/gu, "")].length;
}

export interface StoreRequestView {
  id: string;
  status: string;
  storeName: string;
  slug: string;
  description: string;
  ownerPhone: string;
  reason: string | null;
  /** The store an approval made: its slug and host. */
  store: { id: string; slug: string; host: string } | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

/** A store request with its store loaded, when it has one (as listStoreRequests returns it). */
export function presentStoreRequest(request: StoreRequest, platformDomain: string): StoreRequestView {
  return {
    id: request.id,
    status: request.status,
    storeName: request.storeName,
    slug: request.slug,
    description: request.description,
    ownerPhone: request.ownerPhone,
    reason: request.reason,
    store: request.store ? { id: request.store.id, slug: request.store.slug, host: `${request.store.slug}.${platformDomain}` } : null,
    createdAt: request.createdAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
    decidedBy: request.decidedBy,
  };
}
