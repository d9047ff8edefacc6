import type { Registry } from "prom-client";
import { platformMetrics } from "../platform/platform-metrics.js";
import { SmsProviderError, type SmsProvider } from "./sms-provider.js";

/** A provider whose every send is counted: mall_sms_sends_total{provider, kind, outcome: sent | retryable | failed}. */
export function instrumentSmsProvider(provider: SmsProvider, registry: Registry): SmsProvider {
  const metrics = platformMetrics(registry);
  const count = async <T>(kind: "otp" | "text", send: () => Promise<T>): Promise<T> => {
    try {
      const receipt = await send();
      metrics.smsSends.inc({ provider: provider.name, kind, outcome: "sent" });
      return receipt;
    } catch (error) {
      metrics.smsSends.inc({
        provider: provider.name,
        kind,
        outcome: error instanceof SmsProviderError && error.retryable ? "retryable" : "failed",
      });
      throw error;
    }
  };
  return {
    name: provider.name,
    sendOtp: (message) => count("otp", () => provider.sendOtp(message)),
    send: (message) => count("text", () => provider.send(message)),
  };
}
