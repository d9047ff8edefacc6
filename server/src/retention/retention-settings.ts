import { recordAudit } from "../audit/audit.service.js";
import type { ServiceContext } from "../core/context.js";
import { ValidationError } from "../core/errors.js";
import { authorize } from "../identity/authorization.js";
import { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import { formatNumber } from "@mall/locale";
import { budgetedSmsToday } from "./sms-budget.js";

/** The most a store may spend on reminder and back-in-stock SMS a day. */
export const MAX_SMS_DAILY_BUDGET = 10_000;

export interface RetentionSettings {
  /** Minutes after placement for the unpaid-order reminder; null: off. */
  unpaidReminderMinutes: number | null;
  smsDailyBudget: number;
  /** Reminder and back-in-stock SMS queued or sent today (Tehran). */
  smsUsedToday: number;
  /** Torob reads the store's products through its v3 webservice on the store's host. */
  torobEnabled: boolean;
  /** How long an order's stock is held (the platform's ORDER_RESERVATION_MINUTES): the reminder comes before it ends. */
  reservationMinutes: number;
}

export interface RetentionSettingsInput {
  unpaidReminderMinutes?: number | null;
  smsDailyBudget?: number;
  torobEnabled?: boolean;
}

async function loadStore(ctx: ServiceContext, storeId: string): Promise<Store> {
  const store = await ctx.manager.findOne(Store, { where: { id: storeId } });
  if (!store) throw new StoreNotFoundError();
  return store;
}

export async function getRetentionSettings(
  ctx: ServiceContext,
  storeId: string,
  options: { reservationMinutes: number },
): Promise<RetentionSettings> {
  await authorize(ctx, "settings:write", { storeId });
  const store = await loadStore(ctx, storeId);
  return {
    unpaidReminderMinutes: store.unpaidReminderMinutes,
    smsDailyBudget: store.smsDailyBudget,
    smsUsedToday: await budgetedSmsToday(ctx.manager, storeId),
    torobEnabled: store.torobEnabled,
    reservationMinutes: options.reservationMinutes,
  };
}

/**
 * Changes when unpaid orders are reminded, the daily SMS budget and whether
 * Torob may read the products (owners and managers), audited as a settings change. The reminder must come while
 * the stock is still held: 1 minute up to one minute before the reservation ends.
 */
export async function updateRetentionSettings(
  ctx: ServiceContext,
  storeId: string,
  input: RetentionSettingsInput,
  options: { reservationMinutes: number },
): Promise<RetentionSettings> {
  await authorize(ctx, "settings:write", { storeId });
  const minutes = input.unpaidReminderMinutes;
  if (minutes !== undefined && minutes !== null) {
    const most = options.reservationMinutes - 1;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > most) {
      throw new ValidationError(
        "unpaidReminderMinutes",
        most < 1
          ? "نگه‌داری سفارش کوتاه‌تر از آن است که یادآوری بفرستیم؛ یادآوری را خاموش کنید."
          : `یادآوری باید بین ${formatNumber(1)} و ${formatNumber(most)} دقیقه پس از ثبت سفارش باشد (کالاها ${formatNumber(options.reservationMinutes)} دقیقه نگه داشته می‌شوند).`,
      );
    }
  }
  const budget = input.smsDailyBudget;
  if (budget !== undefined && (!Number.isInteger(budget) || budget < 0 || budget > MAX_SMS_DAILY_BUDGET)) {
    throw new ValidationError(
      "smsDailyBudget",
      `سقف پیامک روزانه باید عددی بین ${formatNumber(0)} و ${formatNumber(MAX_SMS_DAILY_BUDGET)} باشد.`,
    );
  }
  const store = await ctx.manager.findOne(Store, { where: { id: storeId }, lock: { mode: "pessimistic_write" } });
  if (!store) throw new StoreNotFoundError();
  const before = {
    unpaidReminderMinutes: store.unpaidReminderMinutes,
    smsDailyBudget: store.smsDailyBudget,
    torobEnabled: store.torobEnabled,
  };
  const after = {
    unpaidReminderMinutes: minutes === undefined ? store.unpaidReminderMinutes : minutes,
    smsDailyBudget: budget ?? store.smsDailyBudget,
    torobEnabled: input.torobEnabled ?? store.torobEnabled,
  };
  await ctx.manager.update(Store, { id: storeId }, after);
  await recordAudit(ctx, { storeId, action: "store.settings_changed", entityType: "store", entityId: storeId, before, after });
  return getRetentionSettings(ctx, storeId, options);
}
