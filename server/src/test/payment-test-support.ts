import type { PaymentGateway } from "../payments/gateway.js";

/**
 * A driver whose process "dies" right after one step reached the gateway:
 * the gateway did the work and answered, then the caller never got to record
 * it (the step's exchanges are lost too, as with a killed process). Tests use
 * it for "killed between verify and settle": the database keeps whatever was
 * committed before the step, and reconciliation must finish from there.
 * (payment-killed.faults.test.ts does the same with a real SIGKILL.)
 */
export function killedAfter(driver: PaymentGateway, step: "verify" | "settle"): PaymentGateway {
  // A new object over the driver (which may itself be wrapped, e.g. counted for metrics): everything else is inherited.
  const dying = Object.create(driver) as PaymentGateway;
  const real = driver[step].bind(driver) as (...args: unknown[]) => Promise<unknown>;
  Object.defineProperty(dying, step, {
    value: async (...args: unknown[]) => {
      await real(...args);
      throw new Error(`process killed after ${step}`);
    },
  });
  return dying;
}
