import { AppError } from "@mall/server/http/errors.js";
import { authorize, type SignedInActor } from "@mall/server/identity/authorization.js";
import { User } from "@mall/server/identity/user.entity.js";
import type { ServiceContext } from "@mall/server/platform/context.js";
import { StoreMember } from "@mall/server/tenancy/store-member.entity.js";
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
}

/**
 * What one request may reach: every store (platform staff) or the stores the
 * person may manage. Decided by the identity authorisation helper (`authorize`
 * with `store.manage` for each store they are a member of), so the back office
 * follows the same rule as the API.
 */
export interface Access {
  actor: SignedInActor;
  staff: boolean;
  /** "all" for staff; otherwise the stores this person manages (possibly none). */
  storeIds: readonly string[] | "all";
}

/** Reads the person's access from the database; null when they no longer exist. */
export async function resolveAccess(manager: EntityManager, admin: Pick<AdminUser, "id"> | undefined | null): Promise<Access | null> {
  if (!admin?.id) return null;
  const user = await manager.getRepository(User).findOne({ where: { id: admin.id }, select: { id: true, isStaff: true } });
  if (!user) return null;
  const actor: SignedInActor = { kind: "user", userId: user.id, isStaff: user.isStaff };
  if (user.isStaff) return { actor, staff: true, storeIds: "all" };
  const ctx: ServiceContext = { manager, actor };
  const memberships = await manager.getRepository(StoreMember).find({ where: { userId: user.id }, select: { storeId: true } });
  const storeIds: string[] = [];
  for (const { storeId } of memberships) {
    try {
      await authorize(ctx, "store.manage", { storeId });
      storeIds.push(storeId);
    } catch (error) {
      // A role that does not allow managing the store (403) or no role (404): not in scope.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return { actor, staff: false, storeIds };
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
