import { NotFoundError } from "../core/errors.js";
import type { ServiceContext } from "../core/context.js";
import { findOrCreateUser } from "../tenancy/tenancy.service.js";
import { requirePhone } from "./phone.js";
import { User } from "./user.entity.js";

export class UserNotFoundError extends NotFoundError {
  constructor() {
    super("کاربری با این شمارهٔ موبایل پیدا نشد.", "user_not_found", "phone");
  }
}

/**
 * Gives or takes the platform staff role (every tenant and store; checked by
 * `authorize`, and re-read from the database on every request, so a removal
 * takes effect at the user's next request). Granting creates the user on
 * first sight; taking it from an unknown number is an error.
 */
export async function setPlatformStaff(ctx: ServiceContext, phoneInput: string, staff: boolean): Promise<{ user: User; changed: boolean }> {
  const users = ctx.manager.getRepository(User);
  const user = staff ? await findOrCreateUser(ctx, phoneInput) : await users.findOneBy({ phone: requirePhone(phoneInput, "phone") });
  if (!user) throw new UserNotFoundError();
  if (user.isStaff === staff) return { user, changed: false };
  await users.update({ id: user.id }, { isStaff: staff });
  user.isStaff = staff;
  return { user, changed: true };
}
