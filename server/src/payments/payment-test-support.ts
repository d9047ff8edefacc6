import type { PaymentGateway } from "./gateway.js";

/**
 * A driver whose process "dies" right after one step reached the gateway:
 * the gateway did the work and answered, then the caller never got to record
 * it (the step's exchanges are lost too, as with a killed process). Tests use
 * it for "killed between verify and settle": the database keeps whatever was
 * committed before the step, and reconciliation must finish from there.
 */
export function killedAfter(driver: PaymentGateway, step: "verify" | "settle"): PaymentGateway {
  return new Proxy(driver, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property !== step || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        throw new Error(`process killed after ${step}`);
      };
    },
  });
}
