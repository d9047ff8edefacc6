import type { StoreMember } from "@mall/server/tenancy/store-member.entity.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";

export interface MemberView {
  store: string;
  storeId: string;
  phone: string;
  role: string;
}

export function presentMember(store: Store, member: StoreMember): MemberView {
  return { store: store.slug, storeId: store.id, phone: member.user?.phone ?? "", role: member.role };
}
