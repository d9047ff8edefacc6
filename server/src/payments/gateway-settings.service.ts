import { recordAudit } from "../audit/audit.service.js";
import type { Config } from "../config/config.js";
import { ValidationError } from "../core/errors.js";
import { authorize } from "../identity/authorization.js";
import type { ServiceContext } from "../core/context.js";
import { recordEvent } from "../jobs/events.js";
import { recordSms } from "../messaging/sms.service.js";
import { User } from "../identity/user.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import { Store } from "../tenancy/store.entity.js";
import { GATEWAY_CREDENTIAL_FIELDS, parseGatewayCredentials } from "./gateway-credentials.js";
import type { PaymentDeps } from "./gateway-drivers.js";
import { decryptCredentials, encryptCredentials, hint } from "./payment-secrets.js";
import { CONFIGURABLE_GATEWAYS, GATEWAY_LABELS, type ConfigurableGateway, type GatewayName } from "./payment-state.js";
import { StorePaymentGateway } from "./payment.entity.js";
import { GatewayNotConfiguredError } from "./payments.errors.js";

/**
 * A store's own gateways: which it offers and the credentials it takes
 * payments with. For the store's owner and managers (`store.manage`; another
 * store is 404). Credentials are validated per gateway (gateway-credentials.ts),
 * sealed with AES-256-GCM under PAYMENT_SECRET_KEY with `{storeId}:{gateway}`
 * as associated data (the context credentialsOf() decrypts with), and only
 * ever come back as hints («****05be»). `deps.gateways` are the drivers this
 * installation runs: a gateway without one is listed but not offered at
 * checkout.
 *
 * The sandbox is not here: it is on or off for the whole installation
 * (PAYMENT_SANDBOX), with nothing to enter (CONFIGURABLE_GATEWAYS).
 */
export interface GatewaySetting {
  gateway: ConfigurableGateway;
  label: string;
  /** Offered at checkout (when also `available`). */
  enabled: boolean;
  /** Credentials have been entered. */
  configured: boolean;
  /** This installation has the gateway's driver. */
  available: boolean;
  fields: Array<{ name: string; label: string; secret: boolean; hint: string | null }>;
  updatedAt: Date | null;
}

const contextOf = (storeId: string, gateway: GatewayName) => `${storeId}:${gateway}`;

/** What a change needs beyond reading: the SMS provider the owner's notice goes through. */
export interface GatewaySettingsDeps extends PaymentDeps {
  config: Pick<Config, "PAYMENT_SECRET_KEY" | "SMS_PROVIDER">;
}

/** What the audit log keeps of a credential field: that it was there and that it changed, never its value (nor its hint). */
const STORED = "مقدار قبلی";
const CHANGED = "مقدار تازه";

/**
 * The audit entry of a change to a gateway's row (issue 24 #6): who and when
 * come from recordAudit; the entry names the gateway and the fields that
 * changed, each only as «مقدار قبلی ← مقدار تازه».
 */
async function auditGateway(
  ctx: ServiceContext,
  storeId: string,
  rowId: string,
  action: "gateway.saved" | "gateway.enabled_changed" | "gateway.deleted",
  gateway: ConfigurableGateway,
  change: { changedFields?: readonly string[]; stored?: Record<string, string>; enabled?: [boolean | null, boolean | null] },
): Promise<void> {
  // The gateway's name only on the `after` side, so the entry always names it.
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = { gateway };
  for (const name of change.changedFields ?? []) {
    before[name] = change.stored?.[name] ? STORED : null;
    after[name] = action === "gateway.deleted" ? null : CHANGED;
  }
  if (change.enabled) [before.enabled, after.enabled] = change.enabled;
  await recordAudit(ctx, { storeId, action, entityType: "gateway", entityId: rowId, before, after });
}

/**
 * Texts the store's owner that a gateway's credentials changed (issue 24 #6),
 * whoever changed them: a manager pointing the store's payments at another
 * merchant account cannot do it unseen. The SMS is recorded in the change's
 * transaction and a `gateway.changed` event hands it to the queue once the
 * change has committed (gateway-notify.job.ts).
 */
async function textOwner(
  ctx: ServiceContext,
  deps: GatewaySettingsDeps,
  storeId: string,
  rowId: string,
  gateway: ConfigurableGateway,
  deleted: boolean,
): Promise<void> {
  const store = await ctx.manager.findOneOrFail(Store, { where: { id: storeId }, select: { id: true, name: true, ownerId: true } });
  const owner = await ctx.manager.findOne(User, { where: { id: store.ownerId }, select: { id: true, phone: true } });
  if (!owner) return;
  const what = deleted ? "حذف شد" : "تغییر کرد";
  const text = `اطلاعات درگاه ${GATEWAY_LABELS[gateway]} فروشگاه «${store.name}» ${what}. اگر این کار شما یا همکارانتان نبوده، لطفاً در پیشخوان «تاریخچهٔ تغییرات» را ببینید.`;
  const sms = await recordSms(ctx, { kind: "notice", to: owner.phone, text, storeId }, deps.config);
  await recordEvent(ctx.manager, { storeId, type: "gateway.changed", entityId: rowId, payload: { gateway, smsMessageId: sms.messageId } });
}

/** Owners and managers (`settings:read` to see, `store.manage` to change: a suspended store's gateways can be seen, not changed). */
async function allowed(ctx: ServiceContext, storeId: string, intent: "read" | "change" = "change"): Promise<void> {
  await authorize(ctx, intent === "read" ? "settings:read" : "store.manage", { storeId });
  if (!(await ctx.manager.existsBy(Store, { id: storeId }))) throw new StoreNotFoundError();
}

function present(deps: PaymentDeps, gateway: ConfigurableGateway, row: StorePaymentGateway | undefined): GatewaySetting {
  const stored = row ? decryptCredentials(deps.config.PAYMENT_SECRET_KEY, contextOf(row.storeId, gateway), row.credentialsEncrypted) : {};
  return {
    gateway,
    label: GATEWAY_LABELS[gateway],
    enabled: row?.enabled ?? false,
    configured: Boolean(row),
    available: Boolean(deps.gateways[gateway]),
    fields: GATEWAY_CREDENTIAL_FIELDS[gateway].map((field) => {
      const value = stored[field.name];
      return { ...field, hint: value ? hint(value) : null };
    }),
    updatedAt: row?.updatedAt ?? null,
  };
}

/** Every gateway the store could offer, with what has been entered (as hints). */
export async function listGatewaySettings(ctx: ServiceContext, deps: PaymentDeps, storeId: string): Promise<GatewaySetting[]> {
  await allowed(ctx, storeId, "read");
  const rows = await ctx.manager.find(StorePaymentGateway, { where: { storeId } });
  return CONFIGURABLE_GATEWAYS.map((gateway) =>
    present(
      deps,
      gateway,
      rows.find((row) => row.gateway === gateway),
    ),
  );
}

export async function getGatewaySetting(
  ctx: ServiceContext,
  deps: PaymentDeps,
  storeId: string,
  gateway: ConfigurableGateway,
): Promise<GatewaySetting> {
  await allowed(ctx, storeId, "read");
  return present(deps, gateway, (await ctx.manager.findOneBy(StorePaymentGateway, { storeId, gateway })) ?? undefined);
}

export interface SaveCredentialsOptions {
  /** Whether checkout offers it; a new gateway is enabled unless told otherwise, an existing one keeps its flag. */
  enabled?: boolean | undefined;
  /**
   * Fields left blank keep the stored value (the back office's form, where
   * the merchant sees only hints and retypes just what changed). The API's
   * PUT replaces the whole set.
   */
  keepBlank?: boolean;
}

/**
 * Enters (or replaces) a gateway's credentials. A field that does not pass
 * the gateway's schema is refused naming it (`credentials.merchantId`) and
 * nothing changes.
 */
export async function saveGatewayCredentials(
  ctx: ServiceContext,
  deps: GatewaySettingsDeps,
  storeId: string,
  gateway: ConfigurableGateway,
  input: Record<string, unknown>,
  options: SaveCredentialsOptions = {},
): Promise<GatewaySetting> {
  await allowed(ctx, storeId);
  const existing = await ctx.manager.findOne(StorePaymentGateway, { where: { storeId, gateway }, lock: { mode: "pessimistic_write" } });
  const stored = existing
    ? decryptCredentials(deps.config.PAYMENT_SECRET_KEY, contextOf(storeId, gateway), existing.credentialsEncrypted)
    : {};
  let typed: Record<string, unknown> = input;
  if (options.keepBlank && existing) {
    typed = Object.fromEntries(
      GATEWAY_CREDENTIAL_FIELDS[gateway].map(({ name }) => {
        const value = input[name];
        return [name, typeof value === "string" && value.trim() !== "" ? value : stored[name]];
      }),
    );
  }
  const checked = parseGatewayCredentials(gateway, typed);
  if (!checked.ok) {
    const issue = checked.error.issues[0]!;
    if (issue.code === "unrecognized_keys")
      throw new ValidationError(`credentials.${issue.keys[0] ?? ""}`, `${GATEWAY_LABELS[gateway]} چنین فیلدی ندارد.`);
    throw new ValidationError(issue.path.length > 0 ? `credentials.${issue.path.map(String).join(".")}` : "credentials", issue.message);
  }
  const changedFields = GATEWAY_CREDENTIAL_FIELDS[gateway]
    .map(({ name }) => name)
    .filter((name) => stored[name] !== checked.credentials[name]);
  if (existing && changedFields.length === 0 && (options.enabled === undefined || options.enabled === existing.enabled))
    return present(deps, gateway, existing);
  const credentialsEncrypted = encryptCredentials(deps.config.PAYMENT_SECRET_KEY, contextOf(storeId, gateway), checked.credentials);
  if (existing) {
    await ctx.manager.update(
      StorePaymentGateway,
      { storeId, id: existing.id },
      { credentialsEncrypted, ...(options.enabled === undefined ? {} : { enabled: options.enabled }) },
    );
  } else {
    await ctx.manager.insert(StorePaymentGateway, { storeId, gateway, credentialsEncrypted, enabled: options.enabled ?? true });
  }
  const row = await ctx.manager.findOneByOrFail(StorePaymentGateway, { storeId, gateway });
  await auditGateway(ctx, storeId, row.id, "gateway.saved", gateway, {
    changedFields,
    stored,
    enabled: [existing ? existing.enabled : null, row.enabled],
  });
  if (changedFields.length > 0) await textOwner(ctx, deps, storeId, row.id, gateway, false);
  return present(deps, gateway, row);
}

/** A store's stored gateway row (sealed credentials and all: for the back office's list, which shows only the hints getGatewaySetting gives). */
export async function storeGatewayRow(ctx: ServiceContext, storeId: string, gateway: ConfigurableGateway): Promise<StorePaymentGateway> {
  await allowed(ctx, storeId, "read");
  const row = await ctx.manager.findOneBy(StorePaymentGateway, { storeId, gateway });
  if (!row) throw new GatewayNotConfiguredError();
  return row;
}

/** Offers a configured gateway at checkout, or stops offering it (credentials kept). */
export async function setGatewayEnabled(
  ctx: ServiceContext,
  deps: PaymentDeps,
  storeId: string,
  gateway: ConfigurableGateway,
  enabled: boolean,
): Promise<GatewaySetting> {
  await allowed(ctx, storeId);
  const existing = await ctx.manager.findOne(StorePaymentGateway, { where: { storeId, gateway }, lock: { mode: "pessimistic_write" } });
  if (!existing) throw new GatewayNotConfiguredError();
  if (existing.enabled === enabled) return present(deps, gateway, existing);
  await ctx.manager.query(`UPDATE store_payment_gateways SET enabled = $3, updated_at = now() WHERE store_id = $1 AND id = $2`, [
    storeId,
    existing.id,
    enabled,
  ]);
  await auditGateway(ctx, storeId, existing.id, "gateway.enabled_changed", gateway, { enabled: [existing.enabled, enabled] });
  return present(deps, gateway, await ctx.manager.findOneByOrFail(StorePaymentGateway, { storeId, id: existing.id }));
}

/**
 * Forgets a gateway's credentials; checkout stops offering it. Payments
 * already made through it keep their records; a callback still on its way
 * for one of them can no longer be verified and is left to reconciliation.
 */
export async function deleteGatewaySetting(
  ctx: ServiceContext,
  deps: GatewaySettingsDeps,
  storeId: string,
  gateway: ConfigurableGateway,
): Promise<void> {
  await allowed(ctx, storeId);
  const existing = await ctx.manager.findOne(StorePaymentGateway, { where: { storeId, gateway }, lock: { mode: "pessimistic_write" } });
  if (!existing) throw new GatewayNotConfiguredError();
  const stored = decryptCredentials(deps.config.PAYMENT_SECRET_KEY, contextOf(storeId, gateway), existing.credentialsEncrypted);
  await ctx.manager.delete(StorePaymentGateway, { storeId, id: existing.id });
  const changedFields = GATEWAY_CREDENTIAL_FIELDS[gateway].map(({ name }) => name).filter((name) => stored[name] !== undefined);
  await auditGateway(ctx, storeId, existing.id, "gateway.deleted", gateway, { changedFields, stored, enabled: [existing.enabled, null] });
  await textOwner(ctx, deps, storeId, existing.id, gateway, true);
}
