import { DomainError } from "@mall/server/core/errors.js";
import { authorize, STORE_PERMISSIONS, type SignedInActor, type StorePermission } from "@mall/server/identity/authorization.js";
import { findUserById } from "@mall/server/identity/user.service.js";
import type { ServiceContext } from "@mall/server/core/context.js";
import type { StoreRole } from "@mall/server/tenancy/store-member.entity.js";
import { membershipsOfUser } from "@mall/server/tenancy/tenancy.service.js";
import type { CurrentAdmin } from "adminjs";
import type { EntityManager } from "typeorm";

/**
 * The signed-in person as the session keeps them (AdminJS's `currentAdmin`).
 * It is a snapshot for the page (name, whether to show the staff menus);
 * what they may see and change is decided afresh on every request (Access).
 */
export interface AdminUser extends CurrentAdmin {
  id: string;
  /** AdminJS shows `email` in the top bar; ours is the mobile number, as the person reads it. */
  email: string;
  title: string;
  isStaff: boolean;
  /** What the person may do in at least one of their stores (every permission for staff): which menus and buttons show. */
  permissions?: StorePermission[];
}

/**
 * What one request may reach: every store (platform staff) or the stores the
 * person is a member of, with their role in each. Decided by the identity
 * authorisation helper (`authorize` with `store:read` for each membership)
 * and its permission table, so the back office follows the same rules as
 * the API; each write is checked again by the services.
 */
export interface Access {
  actor: SignedInActor;
  staff: boolean;
  /** "all" for staff; otherwise the stores this person is a member of (possibly none). */
  storeIds: readonly string[] | "all";
  /** The person's role in each of their stores (empty for staff, who hold every permission). */
  roles: ReadonlyMap<string, StoreRole>;
}

/** Reads the person's access from the database; null when they no longer exist. */
export async function resolveAccess(manager: EntityManager, admin: Pick<AdminUser, "id"> | undefined | null): Promise<Access | null> {
  if (!admin?.id) return null;
  const user = await findUserById({ manager, actor: { kind: "system", name: "admin" } }, admin.id);
  if (!user) return null;
  const actor: SignedInActor = { kind: "user", userId: user.id, isStaff: user.isStaff };
  if (user.isStaff) return { actor, staff: true, storeIds: "all", roles: new Map() };
  const ctx: ServiceContext = { manager, actor };
  const memberships = await membershipsOfUser(ctx, user.id);
  const storeIds: string[] = [];
  const roles = new Map<string, StoreRole>();
  for (const { storeId, role } of memberships) {
    try {
      await authorize(ctx, "store:read", { storeId });
      storeIds.push(storeId);
      roles.set(storeId, role);
    } catch (error) {
      // No role the table knows (403) or no role (404): not in scope.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return { actor, staff: false, storeIds, roles };
}

/** The stores where the access holds `permission`: "all" for staff. */
export function storesWith(access: Access, permission: StorePermission): readonly string[] | "all" {
  if (access.storeIds === "all") return "all";
  const roles = STORE_PERMISSIONS[permission] as readonly StoreRole[];
  return access.storeIds.filter((storeId) => roles.includes(access.roles.get(storeId)!));
}

/** Every permission the person holds in at least one of their stores, for the session's snapshot. */
export function permissionsOfAccess(access: Access): StorePermission[] {
  return (Object.keys(STORE_PERMISSIONS) as StorePermission[]).filter((permission) => {
    const stores = storesWith(access, permission);
    return stores === "all" || stores.length > 0;
  });
}

/** For AdminJS's isAccessible/isVisible: shows an action only to people who hold the permission somewhere (services check the store). */
export function allowedTo(permission: StorePermission) {
  const allowed = ({ currentAdmin }: { currentAdmin?: unknown }) => {
    const admin = currentAdmin as AdminUser | undefined;
    return Boolean(admin?.isStaff || admin?.permissions?.includes(permission));
  };
  return { isAccessible: allowed, isVisible: allowed };
}

/** True when the access reaches this store. */
export function reachesStore(access: Access, storeId: string): boolean {
  return access.storeIds === "all" || access.storeIds.includes(storeId);
}

/**
 * One access per request: AdminJS passes the same `currentAdmin` object to
 * every resource call of a request (the session is read afresh for the next
 * request), so it keys the cache and nothing outlives the request.
 */
export class AccessCache {
  private readonly cache = new WeakMap<object, Promise<Access | null>>();

  constructor(private readonly manager: () => EntityManager) {}

  of(admin: CurrentAdmin | undefined | null): Promise<Access | null> {
    if (!admin) return Promise.resolve(null);
    let found = this.cache.get(admin);
    if (!found) {
      found = resolveAccess(this.manager(), admin as AdminUser);
      this.cache.set(admin, found);
    }
    return found;
  }
}
