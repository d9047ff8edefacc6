import { In, IsNull, Not } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity.js";
import { isUniqueViolation } from "../db/errors.js";
import { UUID_PATTERN } from "../core/ids.js";
import { ValidationError } from "../core/errors.js";
import { requirePlatform } from "../identity/authorization.js";
import { requirePhone } from "../identity/phone.js";
import { User } from "../identity/user.entity.js";
import { recordAudit } from "../audit/audit.service.js";
import { recordEvent } from "../jobs/events.js";
import type { ServiceContext } from "../core/context.js";
import { STORE_ROLES, StoreMember, type StoreRole } from "./store-member.entity.js";
import { THEME_ACCENTS } from "./store-settings.js";
import { StoreRequest } from "./store-request.entity.js";
import { Store, type StoreStatus } from "./store.entity.js";
import { Tenant } from "./tenant.entity.js";
import {
  MemberNotFoundError,
  OwnerRemovalError,
  SlugTakenError,
  StoreIsDeletedError,
  StoreNotFoundError,
  TenantNotFoundError,
} from "./tenancy.errors.js";
import {
  createStoreSchema,
  createTenantSchema,
  listStoresSchema,
  updateStoreSettingsSchema,
  type CreateStoreInput,
  type CreateTenantInput,
  type ListStoresInput,
  type StoreRef,
  type UpdateStoreSettingsInput,
} from "./tenancy.schemas.js";

/**
 * Tenants, stores and their members. The only place their rules live:
 * slugs are unique platform-wide (they are subdomains), every store has an
 * owner member, and every change to a store records `store.changed`.
 */
export async function createTenant(ctx: ServiceContext, input: CreateTenantInput): Promise<Tenant> {
  const data = createTenantSchema.parse(input);
  const tenants = ctx.manager.getRepository(Tenant);
  if (await tenants.existsBy({ slug: data.slug })) throw new SlugTakenError();
  try {
    return await tenants.save(tenants.create({ name: data.name, slug: data.slug }));
  } catch (error) {
    if (isUniqueViolation(error)) throw new SlugTakenError();
    throw error;
  }
}

export async function listTenants(ctx: ServiceContext): Promise<Array<Tenant & { storeCount: number }>> {
  const tenants = await ctx.manager.getRepository(Tenant).find({ order: { createdAt: "ASC" } });
  const counts = await ctx.manager
    .getRepository(Store)
    .createQueryBuilder("store")
    .select("store.tenant_id", "tenantId")
    .addSelect("count(*)::int", "count")
    .groupBy("store.tenant_id")
    .getRawMany<{ tenantId: string; count: number }>();
  const storeCounts = new Map(counts.map(({ tenantId, count }) => [tenantId, count]));
  return tenants.map((tenant) => Object.assign(tenant, { storeCount: storeCounts.get(tenant.id) ?? 0 }));
}

/** A tenant by id or slug. */
export async function getTenant(ctx: ServiceContext, idOrSlug: string, field = "tenant"): Promise<Tenant> {
  const where = UUID_PATTERN.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug.toLowerCase() };
  const tenant = await ctx.manager.getRepository(Tenant).findOneBy(where);
  if (!tenant) throw new TenantNotFoundError(field);
  return tenant;
}

/** Finds the user with this phone number, creating them on first sight. */
export async function findOrCreateUser(ctx: ServiceContext, phoneInput: string, field = "phone"): Promise<User> {
  const phone = requirePhone(phoneInput, field);
  const users = ctx.manager.getRepository(User);
  await users.createQueryBuilder().insert().values({ phone }).orIgnore().execute();
  return users.findOneByOrFail({ phone });
}

/** Creates a store with its owner as the first member. */
export async function createStore(ctx: ServiceContext, input: CreateStoreInput): Promise<Store> {
  const data = createStoreSchema.parse(input);
  const tenant = await getTenant(ctx, data.tenant);
  const owner = await findOrCreateUser(ctx, data.ownerPhone, "ownerPhone");
  const stores = ctx.manager.getRepository(Store);
  if (await stores.existsBy({ slug: data.slug })) throw new SlugTakenError();
  let store: Store;
  try {
    store = await stores.save(
      stores.create({
        tenantId: tenant.id,
        ownerId: owner.id,
        name: data.name,
        slug: data.slug,
        description: data.description,
        theme: data.theme,
        layout: data.layout,
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new SlugTakenError();
    throw error;
  }
  await ctx.manager.getRepository(StoreMember).insert({ storeId: store.id, userId: owner.id, role: "owner" });
  await recordStoreChanged(ctx, store, { change: "created" });
  return store;
}

export async function listStores(ctx: ServiceContext, filter: ListStoresInput = {}): Promise<Store[]> {
  const data = listStoresSchema.parse(filter);
  const query = ctx.manager
    .getRepository(Store)
    .createQueryBuilder("store")
    .leftJoinAndSelect("store.tenant", "tenant")
    .leftJoinAndSelect("store.owner", "owner");
  if (data.tenant) {
    const tenant = await getTenant(ctx, data.tenant);
    query.andWhere("store.tenant_id = :tenantId", { tenantId: tenant.id });
  }
  if (data.status) query.andWhere("store.status = :status", { status: data.status });
  return query.orderBy("store.created_at", "ASC").getMany();
}

/** The installation's totals for platform staff's home page (tenants, stores, suspended stores, users). */
export async function platformCounts(ctx: ServiceContext): Promise<{
  tenants: number;
  stores: number;
  suspended: number;
  users: number;
  pendingRequests: number;
  domains: number;
  domainsWaiting: number;
}> {
  requirePlatform(ctx);
  return {
    tenants: await ctx.manager.count(Tenant),
    stores: await ctx.manager.count(Store),
    suspended: await ctx.manager.countBy(Store, { status: "suspended" }),
    users: await ctx.manager.count(User),
    pendingRequests: await ctx.manager.countBy(StoreRequest, { status: "pending" }),
    domains: await ctx.manager.countBy(Store, { customDomain: Not(IsNull()) }),
    // Own domains the worker has not yet brought to a verified domain (its records, or a check that found something wrong).
    domainsWaiting: await ctx.manager.countBy(Store, { customDomain: Not(IsNull()), customDomainVerified: false }),
  };
}

/**
 * Stores by id, oldest first, for a picker of the stores a person may act in
 * ("all" for platform staff): `limit` of them at most (staff see a few, not thousands).
 */
export async function storesAmong(ctx: ServiceContext, storeIds: readonly string[] | "all", limit: number): Promise<Store[]> {
  if (storeIds !== "all" && storeIds.length === 0) return [];
  return ctx.manager.find(Store, { where: storeIds === "all" ? {} : { id: In([...storeIds]) }, order: { createdAt: "ASC" }, take: limit });
}

/** A store by id or slug, with its tenant and owner; a missing store is a StoreNotFoundError. */
export async function getStore(ctx: ServiceContext, idOrSlug: string, field = "store"): Promise<Store> {
  const where = UUID_PATTERN.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug.trim().toLowerCase() };
  const store = await ctx.manager.getRepository(Store).findOne({ where, relations: { tenant: true, owner: true } });
  if (!store) throw new StoreNotFoundError(field);
  return store;
}

/** Every store a user is a member of, with the role there. */
export async function membershipsOfUser(ctx: ServiceContext, userId: string): Promise<StoreMember[]> {
  return ctx.manager.getRepository(StoreMember).find({ where: { userId } });
}

/** A store's members with their users, owners first; a missing store is a StoreNotFoundError. */
export async function listStoreMembers(ctx: ServiceContext, storeId: string): Promise<StoreMember[]> {
  if (!UUID_PATTERN.test(storeId) || !(await ctx.manager.getRepository(Store).existsBy({ id: storeId }))) throw new StoreNotFoundError();
  const members = await ctx.manager
    .getRepository(StoreMember)
    .find({ where: { storeId }, relations: { user: true }, order: { createdAt: "ASC" } });
  return members.sort((a, b) => STORE_ROLES.indexOf(a.role) - STORE_ROLES.indexOf(b.role));
}

/**
 * Changes a store's settings (the back office's store settings and the
 * API's): name, description, theme, layout, accent, contact details,
 * banners, announcement, header and footer links, eNamad. A change records
 * `store.changed`, so the Host cache is refreshed and the whole site rebuilt,
 * and an audit entry with the fields before and after; a save that changes
 * nothing records nothing.
 */
export async function updateStoreSettings(ctx: ServiceContext, storeId: string, input: UpdateStoreSettingsInput): Promise<Store> {
  const data = updateStoreSettingsSchema.parse(input);
  const store = await getStore(ctx, storeId);
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const changes = Object.fromEntries(
    Object.entries(data).filter(([key, value]) => value !== undefined && !same(value, store[key as keyof typeof data])),
  ) as Partial<Store>;
  if (Object.keys(changes).length === 0) return store;
  const theme = changes.theme ?? store.theme;
  const accent = changes.accent !== undefined ? changes.accent : store.accent;
  if (accent && !THEME_ACCENTS[theme].includes(accent)) {
    // A theme change drops an accent the new theme does not offer; an accent it does not offer is refused.
    if (changes.accent !== undefined)
      throw new ValidationError("accent", "این رنگ در رنگ‌های پوستهٔ انتخاب‌شده نیست.", "accent_not_in_theme");
    changes.accent = null;
  }
  if (changes.banners?.length) {
    const ids = changes.banners.map((banner) => banner.mediaId);
    const ready: Array<{ id: string }> = await ctx.manager.query(
      `SELECT id FROM media WHERE store_id = $1 AND id = ANY($2::uuid[]) AND kind = 'image' AND status = 'ready'`,
      [store.id, ids],
    );
    const missing = changes.banners.findIndex((banner) => !ready.some((row) => row.id === banner.mediaId));
    if (missing >= 0)
      throw new ValidationError(`banners.${missing}.mediaId`, "تصویر این بنر پیدا نشد یا هنوز آماده نیست.", "banner_image_missing");
  }
  const before = Object.fromEntries(Object.keys(changes).map((key) => [key, store[key as keyof Store] ?? null]));
  await ctx.manager.getRepository(Store).update({ id: store.id }, changes as QueryDeepPartialEntity<Store>);
  Object.assign(store, changes);
  await recordStoreChanged(ctx, store, { change: "settings", fields: Object.keys(changes) });
  await recordAudit(ctx, {
    storeId: store.id,
    action: "store.settings_changed",
    entityType: "store",
    entityId: store.id,
    before,
    after: changes,
  });
  return store;
}

/** A deleted store stays deleted: resuming or suspending it would silently bring back a store its owner was told is gone. */
export function assertStatusChange(store: Pick<Store, "status">, status: StoreStatus): void {
  if (store.status === "deleted" && status !== "deleted") throw new StoreIsDeletedError();
}

/** Suspends or resumes a store; its data is kept either way. A deleted store is refused (StoreIsDeletedError). */
export async function setStoreStatus(ctx: ServiceContext, idOrSlug: string, status: StoreStatus): Promise<Store> {
  // Suspending, resuming and deleting are platform staff's decisions, whichever surface asks (back office, CLI, a job).
  requirePlatform(ctx);
  const store = await getStore(ctx, idOrSlug);
  if (store.status === status) return store;
  assertStatusChange(store, status);
  await ctx.manager.getRepository(Store).update({ id: store.id }, { status });
  await recordAudit(ctx, {
    storeId: store.id,
    action: "store.status_changed",
    entityType: "store",
    entityId: store.id,
    before: { status: store.status },
    after: { status },
  });
  store.status = status;
  await recordStoreChanged(ctx, store, { change: "status", status });
  return store;
}

/** Soft-deletes a store: its site and API answer 410 and it leaves the landing page, but every row is kept. */
export async function deleteStore(ctx: ServiceContext, idOrSlug: string): Promise<Store> {
  return setStoreStatus(ctx, idOrSlug, "deleted");
}

/**
 * Makes the user with this phone a member of the store (created on first
 * sight), or changes their role. The store's owner stays its owner.
 */
export async function addStoreMember(
  ctx: ServiceContext,
  idOrSlug: string,
  phone: string,
  role: StoreRole = "manager",
): Promise<{ store: Store; member: StoreMember; changed: boolean }> {
  if (!STORE_ROLES.includes(role))
    throw new ValidationError("role", "نقش باید یکی از مالک، مدیر، کارمند سفارش‌ها یا کارمند کاتالوگ باشد.", "invalid_role");
  const store = await getStore(ctx, idOrSlug);
  const user = await findOrCreateUser(ctx, phone);
  const members = ctx.manager.getRepository(StoreMember);
  const existing = await members.findOne({ where: { storeId: store.id, userId: user.id }, relations: { user: true } });
  if (user.id === store.ownerId && role !== "owner") throw new OwnerRemovalError();
  if (existing) {
    if (existing.role === role) return { store, member: existing, changed: false };
    await members.update({ id: existing.id }, { role });
    await recordAudit(ctx, {
      storeId: store.id,
      action: "member.role_changed",
      entityType: "member",
      entityId: existing.id,
      before: { phone: user.phone, role: existing.role },
      after: { phone: user.phone, role },
    });
    existing.role = role;
    return { store, member: existing, changed: true };
  }
  await members.insert({ storeId: store.id, userId: user.id, role });
  const member = await members.findOneOrFail({ where: { storeId: store.id, userId: user.id }, relations: { user: true } });
  await recordAudit(ctx, {
    storeId: store.id,
    action: "member.added",
    entityType: "member",
    entityId: member.id,
    before: null,
    after: { phone: user.phone, role },
  });
  return { store, member, changed: true };
}

/** A member of the store by their user id, with the user; MemberNotFoundError otherwise. */
export async function memberByUserId(ctx: ServiceContext, storeId: string, userId: string): Promise<StoreMember> {
  const member = UUID_PATTERN.test(userId)
    ? await ctx.manager.getRepository(StoreMember).findOne({ where: { storeId, userId }, relations: { user: true } })
    : null;
  if (!member) throw new MemberNotFoundError("userId");
  return member;
}

/** Removes a member from the store; the store's owner can't be removed. */
export async function removeStoreMember(
  ctx: ServiceContext,
  idOrSlug: string,
  phone: string,
): Promise<{ store: Store; member: StoreMember }> {
  const store = await getStore(ctx, idOrSlug);
  const normalized = requirePhone(phone, "phone");
  const member = await ctx.manager
    .getRepository(StoreMember)
    .findOne({ where: { storeId: store.id, user: { phone: normalized } }, relations: { user: true } });
  if (!member) throw new MemberNotFoundError();
  if (member.userId === store.ownerId) throw new OwnerRemovalError();
  await ctx.manager.getRepository(StoreMember).delete({ id: member.id });
  await recordAudit(ctx, {
    storeId: store.id,
    action: "member.removed",
    entityType: "member",
    entityId: member.id,
    before: { phone: normalized, role: member.role },
    after: null,
  });
  return { store, member };
}

export async function recordStoreChanged(ctx: ServiceContext, store: Store, payload: Record<string, unknown>): Promise<void> {
  await recordEvent(ctx.manager, {
    storeId: store.id,
    type: "store.changed",
    entityId: store.id,
    payload: { ...payload, slug: store.slug, customDomain: store.customDomain },
  });
}

/** The part of a store a request needs; what the Host cache holds. */
export function toStoreRef(store: Store): StoreRef {
  return {
    id: store.id,
    slug: store.slug,
    name: store.name,
    status: store.status,
    theme: store.theme,
    layout: store.layout,
    customDomain: store.customDomain,
  };
}
