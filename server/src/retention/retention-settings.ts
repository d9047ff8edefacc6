import { recordAudit } from "../audit/audit.service.js";
import type { ServiceContext } from "../core/context.js";
import { ValidationError } from "../core/errors.js";
import { authorize } from "../identity/authorization.js";
import { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import { formatNumber } from "@mall/locale";
import { smsBudgetToday } from "./sms-budget.js";
import type { Config } from "../config/config.js";
import { hint } from "../payments/payment-secrets.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { EMALLS_PATH, TOROB_PATH } from "./comparison-webservice.js";
import { emallsToken } from "./emalls.service.js";

/** What the settings need of the platform: how long stock is held, and the store's address and the token secret for the webservices. */
export interface RetentionOptions {
  reservationMinutes: number;
  config: Pick<Config, "PUBLIC_URL" | "PLATFORM_DOMAIN" | "EMALLS_TOKEN_SECRET">;
}

/** The most a store may spend on reminder and back-in-stock SMS a day. */
export const MAX_SMS_DAILY_BUDGET = 10_000;

export interface RetentionSettings {
  /** Minutes after placement for the unpaid-order reminder; null: off. */
  unpaidReminderMinutes: number | null;
  smsDailyBudget: number;
  /** Reminder and back-in-stock SMS queued or sent today (Tehran). */
  smsUsedToday: number;
  /** … and those the budget held back today: the reason a shopper was not texted. */
  smsWithheldToday: number;
  /** Torob reads the store's products through its v3 webservice on the store's host. */
  torobEnabled: boolean;
  /** The address to give Torob (Torob signs its own calls: no token of ours). */
  torobUrl: string;
  /** Emalls reads the store's products through its webservice on the store's host. */
  emallsEnabled: boolean;
  /** The address to give Emalls. */
  emallsUrl: string;
  /** The token to give Emalls with it; null while the webservice is off. */
  emallsToken: string | null;
  /** How long an order's stock is held (the platform's ORDER_RESERVATION_MINUTES): the reminder comes before it ends. */
  reservationMinutes: number;
}

export interface RetentionSettingsInput {
  unpaidReminderMinutes?: number | null;
  smsDailyBudget?: number;
  torobEnabled?: boolean;
  emallsEnabled?: boolean;
}

/** What the merchant gives Torob and Emalls: each webservice's address on the store's host, and Emalls' token while it is on. */
export function priceComparisonAccess(
  config: RetentionOptions["config"],
  store: Pick<Store, "id" | "slug" | "customDomain" | "customDomainVerified" | "emallsEnabled" | "emallsTokenGeneration">,
): { torobUrl: string; emallsUrl: string; emallsToken: string | null } {
  const origin = storeOrigin(config, store);
  return {
    torobUrl: `${origin}${TOROB_PATH}`,
    emallsUrl: `${origin}${EMALLS_PATH}`,
    emallsToken: store.emallsEnabled ? emallsToken(config.EMALLS_TOKEN_SECRET, store) : null,
  };
}

async function smsToday(ctx: ServiceContext, storeId: string): Promise<{ smsUsedToday: number; smsWithheldToday: number }> {
  const today = (await smsBudgetToday(ctx.manager, [storeId])).get(storeId);
  return { smsUsedToday: today?.used ?? 0, smsWithheldToday: today?.withheld ?? 0 };
}

async function loadStore(ctx: ServiceContext, storeId: string): Promise<Store> {
  const store = await ctx.manager.findOne(Store, { where: { id: storeId } });
  if (!store) throw new StoreNotFoundError();
  return store;
}

export async function getRetentionSettings(ctx: ServiceContext, storeId: string, options: RetentionOptions): Promise<RetentionSettings> {
  await authorize(ctx, "settings:write", { storeId });
  const store = await loadStore(ctx, storeId);
  return {
    unpaidReminderMinutes: store.unpaidReminderMinutes,
    smsDailyBudget: store.smsDailyBudget,
    ...(await smsToday(ctx, storeId)),
    torobEnabled: store.torobEnabled,
    emallsEnabled: store.emallsEnabled,
    ...priceComparisonAccess(options.config, store),
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
  options: RetentionOptions,
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
    emallsEnabled: store.emallsEnabled,
  };
  const after = {
    unpaidReminderMinutes: minutes === undefined ? store.unpaidReminderMinutes : minutes,
    smsDailyBudget: budget ?? store.smsDailyBudget,
    torobEnabled: input.torobEnabled ?? store.torobEnabled,
    emallsEnabled: input.emallsEnabled ?? store.emallsEnabled,
  };
  await ctx.manager.update(Store, { id: storeId }, after);
  await recordAudit(ctx, { storeId, action: "store.settings_changed", entityType: "store", entityId: storeId, before, after });
  return getRetentionSettings(ctx, storeId, options);
}

/**
 * Renews the store's Emalls token (owners and managers): the one given
 * before stops working at once. Audited with the tokens' last four
 * characters only.
 */
export async function renewEmallsToken(ctx: ServiceContext, storeId: string, options: RetentionOptions): Promise<RetentionSettings> {
  await authorize(ctx, "settings:write", { storeId });
  const store = await ctx.manager.findOne(Store, { where: { id: storeId }, lock: { mode: "pessimistic_write" } });
  if (!store) throw new StoreNotFoundError();
  const before = { emallsToken: hint(emallsToken(options.config.EMALLS_TOKEN_SECRET, store)) };
  const generation = store.emallsTokenGeneration + 1;
  await ctx.manager.update(Store, { id: storeId }, { emallsTokenGeneration: generation });
  const after = { emallsToken: hint(emallsToken(options.config.EMALLS_TOKEN_SECRET, { id: storeId, emallsTokenGeneration: generation })) };
  await recordAudit(ctx, { storeId, action: "store.settings_changed", entityType: "store", entityId: storeId, before, after });
  return getRetentionSettings(ctx, storeId, options);
}
