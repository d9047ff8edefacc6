import type { Registry } from "prom-client";
import { platformMetrics } from "../platform/platform-metrics.js";
import { GatewayUnavailableError, type GatewayDrivers, type PaymentGateway } from "./gateway.js";

type Operation = "start" | "verify" | "settle" | "reverse" | "inquire";
const OPERATIONS: readonly Operation[] = ["start", "verify", "settle", "reverse", "inquire"];

/** The outcome label of a driver's answer: what the bank said, in a closed set. */
function outcomeOf(operation: Operation, result: unknown): string {
  const answer = result as { ok?: boolean; status?: string; reason?: string };
  if (operation === "verify") return answer.status === "paid" ? "paid" : answer.reason === "cancelled" ? "cancelled" : "failed";
  if (operation === "inquire") return answer.status ?? "unknown";
  return answer.ok ? "ok" : "refused";
}

/**
 * Every driver, counted and timed per call (mall_payment_gateway_calls_total
 * {gateway, operation, outcome}: paid / failed / ok / refused / unavailable /
 * error), without touching the drivers: the service calls them through this.
 */
export function instrumentGateways(drivers: GatewayDrivers, registry: Registry): GatewayDrivers {
  const metrics = platformMetrics(registry);
  const instrumented: GatewayDrivers = {};
  for (const [name, driver] of Object.entries(drivers) as Array<[keyof GatewayDrivers, PaymentGateway]>) {
    const wrapped: PaymentGateway = Object.create(driver) as PaymentGateway;
    for (const operation of OPERATIONS) {
      if (typeof driver[operation] !== "function") continue;
      const call = driver[operation].bind(driver) as (...args: unknown[]) => Promise<unknown>;
      Object.defineProperty(wrapped, operation, {
        value: async (...args: unknown[]) => {
          const end = metrics.paymentCallDuration.startTimer({ gateway: name, operation });
          try {
            const result = await call(...args);
            metrics.paymentCalls.inc({ gateway: name, operation, outcome: outcomeOf(operation, result) });
            return result;
          } catch (error) {
            metrics.paymentCalls.inc({
              gateway: name,
              operation,
              outcome: error instanceof GatewayUnavailableError ? "unavailable" : "error",
            });
            throw error;
          } finally {
            end();
          }
        },
      });
    }
    instrumented[name] = wrapped;
  }
  return instrumented;
}
