import { In } from "typeorm";
import type { ServiceContext } from "../core/context.js";
import { UUID_PATTERN } from "../core/ids.js";
import { User } from "./user.entity.js";

/**
 * Reading people by id or mobile number, for the surfaces that sign them in
 * or name them (the back office's sign-in and session, an order's history).
 * Who may do what is authorization.ts's; creating people is the sign-in's.
 */

/** A user by normalised mobile number (`+989…`), or null. */
export async function findUserByPhone(ctx: ServiceContext, phone: string): Promise<User | null> {
  return ctx.manager.getRepository(User).findOneBy({ phone });
}

/** A user by id, or null (a deleted user's session ends). */
export async function findUserById(ctx: ServiceContext, id: string): Promise<User | null> {
  if (!UUID_PATTERN.test(id)) return null;
  return ctx.manager.getRepository(User).findOneBy({ id });
}

/** Users by id; ids that name nobody are left out. */
export async function usersByIds(ctx: ServiceContext, ids: readonly string[]): Promise<User[]> {
  const valid = [...new Set(ids)].filter((id) => UUID_PATTERN.test(id));
  if (valid.length === 0) return [];
  return ctx.manager.getRepository(User).findBy({ id: In(valid) });
}
