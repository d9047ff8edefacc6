import type { EntityManager } from "typeorm";

/** Who is acting: nobody signed in, a signed-in user, or the platform itself (CLI, jobs, seeds). */
export type Actor = { kind: "anonymous" } | { kind: "system"; name: string } | { kind: "user"; userId: string; isStaff: boolean };

/**
 * What every service method takes first (STYLE.md: the context comes first).
 * Services reach the database only through `ctx.manager`, so the caller
 * decides where the transaction begins and ends.
 */
export interface ServiceContext {
  manager: EntityManager;
  actor: Actor;
  requestId?: string;
  /** Where a signed-in person acted: the API (the default) or the back office. The audit log records it. */
  surface?: "api" | "admin";
}

export function systemContext(manager: EntityManager, name: string): ServiceContext {
  return { manager, actor: { kind: "system", name } };
}
