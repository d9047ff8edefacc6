import { ForbiddenError, NotFoundError, UnauthorizedError } from "../core/errors.js";
import type { Actor, ServiceContext } from "../core/context.js";
import { STORE_ROLES, type StoreRole } from "../tenancy/store-member.entity.js";
import { StoreDeletedError, StoreNotFoundError, StoreReadOnlyError } from "../tenancy/tenancy.errors.js";

/**
 * The one place that decides who may do what (DESIGN.md, Identity). Every
 * route, and later the back office, the CLI and the bot, asks here.
 *
 * - Platform staff, and the platform itself (CLI, jobs), may do everything.
 * - Store members may act on their own stores, as far as their role allows.
 * - Anyone signed in may act on their own user (customers: their own data);
 *   another user is "not found", as another store is.
 *
 * Another store's data: a signed-in user with no role in a store gets the
 * same 404 as for a store that does not exist, so store ids reveal nothing
 * (STYLE.md: a row from another store answers exactly as a missing one). A
 * member whose role is too small gets 403: they already know the store.
 */
const ALL_ROLES = STORE_ROLES;

/**
 * The permission table (issue 16, staff roles): which store roles hold each
 * permission. Owners hold every one; managers all but changing members;
 * order staff see the store and move orders; catalog staff see the store and
 * change the catalog (products, instances: prices and stock, categories,
 * attributes, media).
 */
export const STORE_PERMISSIONS = {
  "store:read": ALL_ROLES,
  "catalog:write": ["owner", "manager", "catalog_staff"],
  "orders:read": ["owner", "manager", "order_staff"],
  "orders:write": ["owner", "manager", "order_staff"],
  "settings:read": ["owner", "manager"],
  "settings:write": ["owner", "manager"],
  "analytics:read": ["owner", "manager"],
  "members:read": ["owner", "manager"],
  "members:write": ["owner"],
  "audit:read": ["owner", "manager"],
} as const satisfies Record<string, readonly StoreRole[]>;

export type StorePermission = keyof typeof STORE_PERMISSIONS;

/**
 * Names from before the permission table, kept as aliases so nothing that
 * asks with them changes meaning: managing the store is `settings:write`.
 */
const STORE_ACTIONS = {
  ...STORE_PERMISSIONS,
  "store.members.read": STORE_PERMISSIONS["members:read"],
  "store.members.manage": STORE_PERMISSIONS["members:write"],
  "store.manage": STORE_PERMISSIONS["settings:write"],
} as const satisfies Record<string, readonly StoreRole[]>;

/** The permissions a role holds, in the table's order. */
export function permissionsOf(role: StoreRole): StorePermission[] {
  return (Object.keys(STORE_PERMISSIONS) as StorePermission[]).filter((permission) =>
    (STORE_PERMISSIONS[permission] as readonly StoreRole[]).includes(role),
  );
}

export type StoreAction = keyof typeof STORE_ACTIONS;

/**
 * The actions that only read (issue 24 #8): all a member of a suspended store
 * may still do. Every other action changes something and is refused there.
 */
const READ_ACTIONS: ReadonlySet<StoreAction> = new Set([
  "store:read",
  "orders:read",
  "settings:read",
  "analytics:read",
  "members:read",
  "audit:read",
  "store.members.read",
]);
export type UserAction = "user.read" | "user.update";

export type SignedInActor = Extract<Actor, { kind: "user" }>;

/** The signed-in user acting, or 401. */
export function requireUser(ctx: ServiceContext): SignedInActor {
  if (ctx.actor.kind !== "user") throw new UnauthorizedError();
  return ctx.actor;
}

/** Platform staff or the platform itself (a job, the CLI). */
export function isPlatform(actor: Actor): boolean {
  return actor.kind === "system" || (actor.kind === "user" && actor.isStaff);
}

/** Platform staff or the platform itself, or 403: the rule for staff-only decisions lives in the service, whatever surface calls it. */
export function requirePlatform(ctx: ServiceContext): void {
  if (!isPlatform(ctx.actor)) throw new ForbiddenError();
}

/**
 * Passes when the actor holds one of the roles in the store (staff and the
 * platform always pass); otherwise 401, 404 (no role there) or 403 (a role,
 * not enough). Returns the member's role, or null for staff and the platform.
 *
 * The store's status is part of the answer for its members (issue 24 #8): a
 * deleted store lets them do nothing (410); a suspended one lets them read
 * (orders, exports, reports) but refuses every change (409 `store_suspended`),
 * on every surface, since each asks here. Staff and the platform, who suspend
 * and restore stores, still pass.
 */
export async function requireStoreRole(
  ctx: ServiceContext,
  storeId: string,
  roles: readonly StoreRole[],
  intent: "read" | "change" = "change",
): Promise<StoreRole | null> {
  if (ctx.actor.kind === "anonymous") throw new UnauthorizedError();
  if (isPlatform(ctx.actor)) return null;
  const user = requireUser(ctx);
  const [member] = (await ctx.manager.query(
    `SELECT m.role, s.status FROM store_members m JOIN stores s ON s.id = m.store_id WHERE m.store_id = $1 AND m.user_id = $2`,
    [storeId, user.userId],
  )) as Array<{
    role: StoreRole;
    status: string;
  }>;
  if (!member) throw new StoreNotFoundError();
  if (member.status === "deleted") throw new StoreDeletedError();
  if (!roles.includes(member.role)) throw new ForbiddenError();
  if (member.status !== "active" && intent === "change") throw new StoreReadOnlyError();
  return member.role;
}

/** Passes or throws: 401 when nobody is signed in, 404 / 403 as described above. */
export async function authorize(ctx: ServiceContext, action: StoreAction, resource: { storeId: string }): Promise<void>;
export async function authorize(ctx: ServiceContext, action: UserAction, resource: { userId: string }): Promise<void>;
export async function authorize(
  ctx: ServiceContext,
  action: StoreAction | UserAction,
  resource: { storeId: string } | { userId: string },
): Promise<void> {
  if (action in STORE_ACTIONS) {
    await requireStoreRole(
      ctx,
      (resource as { storeId: string }).storeId,
      STORE_ACTIONS[action as StoreAction],
      READ_ACTIONS.has(action as StoreAction) ? "read" : "change",
    );
    return;
  }
  if (isPlatform(ctx.actor)) return;
  const user = requireUser(ctx);
  // Another person's data, like another store's: as if it did not exist.
  if (user.userId !== (resource as { userId: string }).userId) throw new NotFoundError("کاربری با این شناسه پیدا نشد.", "user_not_found");
}
