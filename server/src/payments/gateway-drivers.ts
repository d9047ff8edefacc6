import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import type { Config } from "../config/config.js";
import type { GatewayDrivers } from "./gateway.js";
import { instrumentGateways } from "./gateway-metrics.js";
import { MellatGateway } from "./mellat-gateway.js";
import { ParsianGateway } from "./parsian-gateway.js";
import { SamanGateway } from "./saman-gateway.js";
import { SandboxGateway } from "./sandbox-gateway.js";
import { ZarinpalGateway } from "./zarinpal-gateway.js";

/**
 * What the payment services take besides the context: the drivers this
 * process runs and the key the stores' gateway credentials are sealed with.
 */
export interface PaymentDeps {
  config: Pick<Config, "PAYMENT_SECRET_KEY">;
  gateways: GatewayDrivers;
}

/**
 * Every driver this installation can speak, built once per process; with the
 * platform's metrics registry, each call is counted. The factory lives apart
 * from the driver interface (gateway.ts) and the metrics wrapper, which both
 * only need the GatewayDrivers type: no import cycle.
 */
export function createGateways(deps: { config: Config; redis: Redis; metrics?: Registry }): GatewayDrivers {
  const drivers: GatewayDrivers = {};
  if (deps.config.PAYMENT_SANDBOX) drivers.sandbox = new SandboxGateway(deps.redis);
  drivers.zarinpal = new ZarinpalGateway({ baseUrl: deps.config.ZARINPAL_BASE_URL, timeoutMs: deps.config.PAYMENT_GATEWAY_TIMEOUT_MS });
  drivers.mellat = new MellatGateway({ baseUrl: deps.config.MELLAT_BASE_URL, timeoutMs: deps.config.PAYMENT_GATEWAY_TIMEOUT_MS });
  drivers.saman = new SamanGateway({ baseUrl: deps.config.SAMAN_BASE_URL, timeoutMs: deps.config.PAYMENT_GATEWAY_TIMEOUT_MS });
  drivers.parsian = new ParsianGateway({ baseUrl: deps.config.PARSIAN_BASE_URL, timeoutMs: deps.config.PAYMENT_GATEWAY_TIMEOUT_MS });
  return deps.metrics ? instrumentGateways(drivers, deps.metrics) : drivers;
}
