import { ValidationError } from "../core/errors.js";
import { authorize } from "../identity/authorization.js";
import type { ServiceContext } from "../core/context.js";
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

async function allowed(ctx: ServiceContext, storeId: string): Promise<void> {
  await authorize(ctx, "store.manage", { storeId });
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
  await allowed(ctx, storeId);
  const rows = await ctx.manager.find(StorePaymentGateway, { where: { storeId } });
  return CONFIGURABLE_GATEWAYS.map((gateway) =>
    present(
      deps,
      gateway,
      rows.find((row) => row.gateway === gateway),
    ),
  );
}

export async function getGatewaySetting(ctx: ServiceContext, deps: PaymentDeps, storeId: string, gateway: ConfigurableGateway): Promise<GatewaySetting> {
  await allowed(ctx, storeId);
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
  deps: PaymentDeps,
  storeId: string,
  gateway: ConfigurableGateway,
  input: Record<string, unknown>,
  options: SaveCredentialsOptions = {},
): Promise<GatewaySetting> {
  await allowed(ctx, storeId);
  const existing = await ctx.manager.findOne(StorePaymentGateway, { where: { storeId, gateway }, lock: { mode: "pessimistic_write" } });
  let typed: Record<string, unknown> = input;
  if (options.keepBlank && existing) {
    const stored = decryptCredentials(deps.config.PAYMENT_SECRET_KEY, contextOf(storeId, gateway), existing.credentialsEncrypted);
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
    if (issue.code === "unrecognized_keys") throw new ValidationError(`credentials.${issue.keys[0] ?? ""}`, `${GATEWAY_LABELS[gateway]} چنین فیلدی ندارد.`);
    throw new ValidationError(issue.path.length > 0 ? `credentials.${issue.path.map(String).join(".")}` : "credentials", issue.message);
  }
  const credentialsEncrypted = encryptCredentials(deps.config.PAYMENT_SECRET_KEY, contextOf(storeId, gateway), checked.credentials);
  if (existing) {
    await ctx.manager.update(StorePaymentGateway, { storeId, id: existing.id }, { credentialsEncrypted, ...(options.enabled === undefined ? {} : { enabled: options.enabled }) });
  } else {
    await ctx.manager.insert(StorePaymentGateway, { storeId, gateway, credentialsEncrypted, enabled: options.enabled ?? true });
  }
  return present(deps, gateway, await ctx.manager.findOneByOrFail(StorePaymentGateway, { storeId, gateway }));
}

/** A store's stored gateway row (sealed credentials and all: for the back office's list, which shows only the hints getGatewaySetting gives). */
export async function storeGatewayRow(ctx: ServiceContext, storeId: string, gateway: ConfigurableGateway): Promise<StorePaymentGateway> {
  await allowed(ctx, storeId);
  const row = await ctx.manager.findOneBy(StorePaymentGateway, { storeId, gateway });
  if (!row) throw new GatewayNotConfiguredError();
  return row;
}

/** Offers a configured gateway at checkout, or stops offering it (credentials kept). */
export async function setGatewayEnabled(ctx: ServiceContext, deps: PaymentDeps, storeId: string, gateway: ConfigurableGateway, enabled: boolean): Promise<GatewaySetting> {
  await allowed(ctx, storeId);
  const [, affected] = (await ctx.manager.query(`UPDATE store_payment_gateways SET enabled = $3, updated_at = now() WHERE store_id = $1 AND gateway = $2`, [storeId, gateway, enabled])) as [
    unknown,
    number,
  ];
  if (!affected) throw new GatewayNotConfiguredError();
  return present(deps, gateway, await ctx.manager.findOneByOrFail(StorePaymentGateway, { storeId, gateway }));
}

/**
 * Forgets a gateway's credentials; checkout stops offering it. Payments
 * already made through it keep their records; a callback still on its way
 * for one of them can no longer be verified and is left to reconciliation.
 */
export async function deleteGatewaySetting(ctx: ServiceContext, storeId: string, gateway: ConfigurableGateway): Promise<void> {
  await allowed(ctx, storeId);
  const result = await ctx.manager.delete(StorePaymentGateway, { storeId, gateway });
  if (!result.affected) throw new GatewayNotConfiguredError();
}
