import type { z } from "../platform/zod.js";
import type { StoreMember } from "./store-member.entity.js";
import type { storeMemberSchema } from "./tenancy.schemas.js";

export function presentStoreMember(member: StoreMember): z.input<typeof storeMemberSchema> {
  return {
    userId: member.userId,
    phone: member.user!.phone,
    name: member.user!.name,
    role: member.role,
    since: member.createdAt.toISOString(),
  };
}
