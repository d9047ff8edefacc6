import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import type { GatewayDrivers } from "./gateways.js";
import {
  CONFIGURABLE_GATEWAYS,
  deleteGatewaySetting,
  getGatewaySetting,
  listGatewaySettings,
  saveGatewayCredentials,
  setGatewayEnabled,
  type GatewaySetting,
  type SettingsDeps,
} from "./gateway-settings.service.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });
const gatewayParams = storeParams.extend({ gateway: z.enum(CONFIGURABLE_GATEWAYS, "این درگاه را نمی‌شناسیم.") });

const settingSchema = z
  .object({
    gateway: z.enum(CONFIGURABLE_GATEWAYS),
    label: z.string(),
    enabled: z.boolean().openapi({ description: "Offered at checkout (when also `available`)" }),
    configured: z.boolean().openapi({ description: "Credentials have been entered" }),
    available: z.boolean().openapi({ description: "This installation runs the gateway's driver" }),
    fields: z.array(
      z.object({
        name: z.string(),
        label: z.string().openapi({ description: "Persian, for the form" }),
        secret: z.boolean(),
        hint: z.string().nullable().openapi({ description: "The stored value's last 4 characters («****05be»); never the value", example: "****05be" }),
      }),
    ),
    updatedAt: z.string().nullable(),
  })
  .openapi("StorePaymentGateway");
const settingListSchema = z.object({ items: z.array(settingSchema) });
const credentialsSchema = z
  .object({
    credentials: z.record(z.string(), z.unknown()).openapi({
      description: "The gateway's fields: zarinpal {merchantId}; mellat {terminalId, userName, userPassword}; saman {terminalId}; parsian {loginAccount}",
      example: { merchantId: "1344b5d4-0048-11e8-94db-005056a205be" },
    }),
    enabled: z.boolean().optional().openapi({ description: "Default: true for a new gateway, unchanged for an existing one" }),
  })
  .openapi("StorePaymentGatewayCredentials");
const enabledSchema = z.object({ enabled: z.boolean("فعال یا غیرفعال بودن درگاه را مشخص کنید.") });
const deletedSchema = z.object({ deleted: z.literal(true) });

const presentSetting = (setting: GatewaySetting) => ({ ...setting, updatedAt: setting.updatedAt?.toISOString() ?? null });

/**
 * The merchant's gateway settings under `/stores/:storeId/payment-gateways`
 * (owner or manager; another store answers 404 as a missing one). Secrets go
 * in, hints come out.
 */
export function gatewaySettingsRoutes(platform: Platform, gateways: GatewayDrivers): AnyRouteSpec[] {
  const { dataSource } = platform;
  const deps: SettingsDeps = { config: platform.config, gateways };
  const common = { tags: ["payments (merchant)"], auth: true as const };
  return [
    defineRoute({
      ...common,
      method: "get",
      path: "/stores/:storeId/payment-gateways",
      summary: "The store's gateways: enabled or not, and hints of the credentials entered (never the values)",
      params: storeParams,
      response: settingListSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => ({ items: (await listGatewaySettings(readContext(req, dataSource), deps, params.storeId)).map(presentSetting) }),
    }),
    defineRoute({
      ...common,
      method: "get",
      path: "/stores/:storeId/payment-gateways/:gateway",
      summary: "One gateway's setting (hints only)",
      params: gatewayParams,
      response: settingSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => presentSetting(await getGatewaySetting(readContext(req, dataSource), deps, params.storeId, params.gateway)),
    }),
    defineRoute({
      ...common,
      method: "put",
      path: "/stores/:storeId/payment-gateways/:gateway",
      summary: "Enters or replaces a gateway's credentials (validated per gateway, encrypted with AES-256-GCM); answers hints only",
      params: gatewayParams,
      body: credentialsSchema,
      response: settingSchema,
      errors: [400, 403, 404],
      handler: async ({ params, body }, req) =>
        presentSetting(await inTransaction(req, dataSource, (ctx) => saveGatewayCredentials(ctx, deps, params.storeId, params.gateway, body.credentials, { enabled: body.enabled }))),
    }),
    defineRoute({
      ...common,
      method: "patch",
      path: "/stores/:storeId/payment-gateways/:gateway",
      summary: "Offers a configured gateway at checkout, or stops offering it (its credentials are kept)",
      params: gatewayParams,
      body: enabledSchema,
      response: settingSchema,
      errors: [400, 403, 404],
      handler: async ({ params, body }, req) => presentSetting(await inTransaction(req, dataSource, (ctx) => setGatewayEnabled(ctx, deps, params.storeId, params.gateway, body.enabled))),
    }),
    defineRoute({
      ...common,
      method: "delete",
      path: "/stores/:storeId/payment-gateways/:gateway",
      summary: "Forgets a gateway's credentials; checkout stops offering it",
      params: gatewayParams,
      response: deletedSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        await inTransaction(req, dataSource, (ctx) => deleteGatewaySetting(ctx, params.storeId, params.gateway));
        return { deleted: true as const };
      },
    }),
  ];
}
