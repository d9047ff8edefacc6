import type { Config } from "../config/config.js";
import { requirePhone } from "../identity/phone.js";
import { recordSms, type SmsJobData } from "../messaging/sms.service.js";
import type { ServiceContext } from "../core/context.js";
import type { StoreMember, StoreRole } from "./store-member.entity.js";
import type { Store } from "./store.entity.js";
import { addStoreMember } from "./tenancy.service.js";

/** Roles as the invitation names them. */
export const STORE_ROLE_LABELS: Readonly<Record<StoreRole, string>> = {
  owner: "مالک",
  manager: "مدیر",
  order_staff: "کارمند سفارش‌ها",
  catalog_staff: "کارمند کاتالوگ",
};

/**
 * An owner's invitation by mobile number: the person becomes a member with
 * the role (created on first sight), and a newcomer gets an SMS saying where
 * to sign in (the back office, by SMS code, with this number). Returns the
 * SMS to enqueue after the commit (enqueueSms), or null when they already
 * were a member (only their role changed, if at all).
 */
export async function inviteStoreMember(
  ctx: ServiceContext,
  config: Pick<Config, "SMS_PROVIDER" | "PUBLIC_URL">,
  storeId: string,
  phone: string,
  role: StoreRole,
): Promise<{ store: Store; member: StoreMember; sms: SmsJobData | null }> {
  const normalized = requirePhone(phone, "phone");
  const existed = (await ctx.manager.query(
    `SELECT 1 FROM store_members m JOIN users u ON u.id = m.user_id WHERE m.store_id = $1 AND u.phone = $2`,
    [storeId, normalized],
  )) as unknown[];
  const { store, member } = await addStoreMember(ctx, storeId, phone, role);
  if (existed.length > 0 || !member.user) return { store, member, sms: null };
  const text = `شما به پیشخوان فروشگاه «${store.name}» با نقش ${STORE_ROLE_LABELS[member.role]} اضافه شدید. با همین شماره وارد شوید: ${config.PUBLIC_URL}/admin`;
  const sms = await recordSms(ctx, { kind: "notice", to: member.user.phone, text, storeId: store.id }, config);
  return { store, member, sms };
}
