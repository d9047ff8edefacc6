import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import type { PaymentDeps } from "./gateway-drivers.js";
import {
  type GatewaySettingsDeps,
  deleteGatewaySetting,
  getGatewaySetting,
  listGatewaySettings,
  saveGatewayCredentials,
  setGatewayEnabled,
} from "./gateway-settings.service.js";
import { CONFIGURABLE_GATEWAYS } from "./payment-state.js";
import { presentGatewaySetting } from "./payments.presenters.js";
import { gatewayCredentialsInputSchema, gatewayEnabledSchema, gatewaySettingListSchema, gatewaySettingSchema } from "./payments.schemas.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });
const gatewayParams = storeParams.extend({ gateway: z.enum(CONFIGURABLE_GATEWAYS, "این درگاه را نمی‌شناسیم.") });
const deletedSchema = z.object({ deleted: z.literal(true) });

/**
 * The merchant's gateway settings under `/stores/:storeId/payment-gateways`
 * (owner or manager; another store answers 404 as a missing one). Secrets go
 * in, hints come out.
 */
export function gatewaySettingsRoutes(platform: Platform, payments: PaymentDeps): AnyRouteSpec[] {
  const { dataSource } = platform;
  const deps: GatewaySettingsDeps = { ...payments, config: platform.config };
  const common = { tags: ["payments (merchant)"], auth: true as const };
  return [
    defineRoute({
      ...common,
      method: "get",
      path: "/stores/:storeId/payment-gateways",
      summary: "The store's gateways: enabled or not, and hints of the credentials entered (never the values)",
      params: storeParams,
      response: gatewaySettingListSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => ({
        items: (await listGatewaySettings(readContext(req, dataSource), deps, params.storeId)).map(presentGatewaySetting),
      }),
    }),
    defineRoute({
      ...common,
      method: "get",
      path: "/stores/:storeId/payment-gateways/:gateway",
      summary: "One gateway's setting (hints only)",
      params: gatewayParams,
      response: gatewaySettingSchema,
      errors: [403, 404],
      handler: async ({ params }, req) =>
        presentGatewaySetting(await getGatewaySetting(readContext(req, dataSource), deps, params.storeId, params.gateway)),
    }),
    defineRoute({
      ...common,
      method: "put",
      path: "/stores/:storeId/payment-gateways/:gateway",
      summary: "Enters or replaces a gateway's credentials (validated per gateway, encrypted with AES-256-GCM); answers hints only",
      params: gatewayParams,
      body: gatewayCredentialsInputSchema,
      response: gatewaySettingSchema,
      errors: [400, 403, 404],
      handler: async ({ params, body }, req) =>
        presentGatewaySetting(
          await inTransaction(req, dataSource, (ctx) =>
            saveGatewayCredentials(ctx, deps, params.storeId, params.gateway, body.credentials, { enabled: body.enabled }),
          ),
        ),
    }),
    defineRoute({
      ...common,
      method: "patch",
      path: "/stores/:storeId/payment-gateways/:gateway",
      summary: "Offers a configured gateway at checkout, or stops offering it (its credentials are kept)",
      params: gatewayParams,
      body: gatewayEnabledSchema,
      response: gatewaySettingSchema,
      errors: [400, 403, 404],
      handler: async ({ params, body }, req) =>
        presentGatewaySetting(
          await inTransaction(req, dataSource, (ctx) => setGatewayEnabled(ctx, deps, params.storeId, params.gateway, body.enabled)),
        ),
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
        await inTransaction(req, dataSource, (ctx) => deleteGatewaySetting(ctx, deps, params.storeId, params.gateway));
        return { deleted: true as const };
      },
    }),
  ];
}
