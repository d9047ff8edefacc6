import { GATEWAY_CREDENTIAL_FIELDS } from "@mall/server/payments/gateway-credentials.js";
import { createGateways } from "@mall/server/payments/gateway-drivers.js";
import {
  deleteGatewaySetting,
  getGatewaySetting,
  saveGatewayCredentials,
  storeGatewayRow,
  type GatewaySetting,
  type GatewaySettingsDeps,
} from "@mall/server/payments/gateway-settings.service.js";
import { CONFIGURABLE_GATEWAYS, type ConfigurableGateway } from "@mall/server/payments/payment-state.js";
import { StorePaymentGateway } from "@mall/server/payments/payment.entity.js";
import type { ParamsType, RecordActionResponse, ResourceWithOptions } from "adminjs";
import { allowedTo, type Access } from "../access.js";
import { Components } from "../components.js";
import { fieldError } from "../errors.js";
import { hidden, storeChoice, timestamps } from "../features/properties.js";
import { boolean, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";
import { storeForNewRow } from "./store-choice.js";

/**
 * A store's payment gateways in the back office: which ones checkout offers
 * and the credentials each takes payments with. Read within the person's
 * stores like every resource; written only through the gateway settings
 * service (validated per gateway, sealed with AES-GCM, `store.manage`).
 * The sealed text never leaves the server: a row shows hints («****05be»),
 * and the form's password inputs start empty (left empty, a field keeps its
 * stored value).
 */
export class PaymentGatewayResource extends ServiceResource<StorePaymentGateway> {
  protected readonly resourceId = "paymentGateways";
  protected readonly entity = StorePaymentGateway;
  protected readonly alias = "gateway";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };
  /** The API's rule (owners and managers: `settings:write`, the gateway settings service's `store.manage`), not every member's (issue 24 #7). */
  protected override readonly readPermission = "settings:read" as const;
  protected override defaultSort = { column: "createdAt", direction: "ASC" as const };
  private settingsDeps?: GatewaySettingsDeps;

  private settings(): GatewaySettingsDeps {
    this.settingsDeps ??= { config: this.deps.platform.config, gateways: createGateways(this.deps.platform) };
    return this.settingsDeps;
  }

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "gateway", column: "gateway", availableValues: CONFIGURABLE_GATEWAYS },
      { path: "enabled", type: "boolean", column: "enabled" },
      { path: "credentials", type: "mixed", isSortable: false },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  /** Hints only: the row's sealed credentials are opened here to cut them down, and never sent. */
  protected override async present(rows: StorePaymentGateway[], access: Access): Promise<ParamsType[]> {
    // As the person, through the service's own permission check: the rows were already cut to the stores where they hold it.
    const ctx = { manager: this.deps.platform.dataSource.manager, actor: access.actor, surface: "admin" as const };
    return Promise.all(
      rows.map(async (row) => {
        const setting = row.gateway === "sandbox" ? null : await getGatewaySetting(ctx, this.settings(), row.storeId, row.gateway);
        return this.paramsOf(row, setting);
      }),
    );
  }

  private paramsOf(row: StorePaymentGateway, setting: GatewaySetting | null): ParamsType {
    return {
      id: row.id,
      storeId: row.storeId,
      gateway: row.gateway,
      enabled: row.enabled,
      // What the list and show pages print, and what the form shows as placeholders.
      hints: Object.fromEntries((setting?.fields ?? []).map((field) => [field.name, field.hint ?? ""])),
      available: setting?.available ?? false,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  protected override toParams(row: StorePaymentGateway): ParamsType {
    return this.paramsOf(row, null);
  }

  private gatewayOf(params: Params, current?: ConfigurableGateway): ConfigurableGateway {
    const named = text(params, "gateway") || current;
    if (!named || !(CONFIGURABLE_GATEWAYS as readonly string[]).includes(named)) throw fieldError("gateway", "درگاه را انتخاب کنید.");
    if (current && named !== current) throw fieldError("gateway", "درگاه یک ردیف عوض نمی‌شود؛ برای درگاه دیگر ردیف تازه بسازید.");
    return named as ConfigurableGateway;
  }

  /** The typed fields of this gateway only (`credentials.merchantId` …); the form posts them flattened. */
  private typed(params: Params, gateway: ConfigurableGateway): Record<string, string> {
    return Object.fromEntries(GATEWAY_CREDENTIAL_FIELDS[gateway].map(({ name }) => [name, text(params, `credentials.${name}`) ?? ""]));
  }

  protected override async createRow(scope: WriteScope, params: Params): Promise<StorePaymentGateway> {
    const storeId = await storeForNewRow(scope, text(params, "storeId"), "storeId", "settings:write");
    const gateway = this.gatewayOf(params);
    await saveGatewayCredentials(scope.ctx, this.settings(), storeId, gateway, this.typed(params, gateway), {
      enabled: boolean(params, "enabled") ?? true,
      keepBlank: true,
    });
    return storeGatewayRow(scope.ctx, storeId, gateway);
  }

  protected override async updateRow(scope: WriteScope, row: StorePaymentGateway, params: Params): Promise<StorePaymentGateway> {
    const gateway = this.gatewayOf(params, row.gateway as ConfigurableGateway);
    await saveGatewayCredentials(scope.ctx, this.settings(), row.storeId, gateway, this.typed(params, gateway), {
      enabled: boolean(params, "enabled"),
      keepBlank: true,
    });
    return storeGatewayRow(scope.ctx, row.storeId, gateway);
  }

  protected override async deleteRow({ ctx }: WriteScope, row: StorePaymentGateway): Promise<void> {
    await deleteGatewaySetting(ctx, this.settings(), row.storeId, row.gateway as ConfigurableGateway);
  }
}

/**
 * AdminJS merges the posted form into the record it answers with; the typed
 * credentials are taken out, so they are never sent back, not even to the
 * person who typed them.
 */
async function withoutTypedCredentials(response: RecordActionResponse): Promise<RecordActionResponse> {
  const params = response.record?.params as Record<string, unknown> | undefined;
  for (const key of Object.keys(params ?? {})) if (key === "credentials" || key.startsWith("credentials.")) delete params![key];
  return response;
}

export function paymentGatewayResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new PaymentGatewayResource(deps),
    options: {
      navigation: { name: "sales", icon: "CreditCard" },
      titleProperty: "gateway",
      listProperties: ["gateway", "enabled", "credentials", "storeId", "updatedAt"],
      showProperties: ["gateway", "enabled", "credentials", "storeId", "createdAt", "updatedAt"],
      editProperties: ["storeId", "gateway", "enabled", "credentials"],
      filterProperties: ["gateway", "enabled", "storeId"],
      properties: {
        id: hidden,
        storeId: { ...storeChoice, isVisible: { list: true, show: true, edit: true, filter: true } },
        gateway: { isTitle: true, isRequired: true, components: { list: Components.GatewayName, show: Components.GatewayName } },
        enabled: { components: { edit: Components.ActiveCheckbox }, description: "gatewayEnabledHelp" },
        credentials: {
          type: "mixed",
          components: { list: Components.GatewayCredentials, show: Components.GatewayCredentials, edit: Components.GatewayCredentials },
        },
        ...timestamps(),
      },
      actions: {
        list: allowedTo("settings:read"),
        show: allowedTo("settings:read"),
        search: { ...allowedTo("settings:read"), isVisible: false },
        new: { ...allowedTo("settings:write"), after: withoutTypedCredentials },
        edit: { ...allowedTo("settings:write"), after: withoutTypedCredentials },
        delete: allowedTo("settings:write"),
        bulkDelete: allowedTo("settings:write"),
      },
    },
  };
}
