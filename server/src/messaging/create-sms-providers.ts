import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import { ConfigError, type Config, type SmsProviderName } from "../config/config.js";
import type { Logger } from "../platform/logger.js";
import { ConsoleSmsProvider } from "./console-sms.js";
import { KavenegarSmsProvider } from "./kavenegar-sms.js";
import { instrumentSmsProvider } from "./sms-metrics.js";
import type { SmsProvider, SmsProviders } from "./sms-provider.js";
import { SmsIrSmsProvider } from "./smsir-sms.js";

type SmsConfig = Pick<
  Config,
  | "KAVENEGAR_API_KEY"
  | "KAVENEGAR_BASE_URL"
  | "KAVENEGAR_OTP_TEMPLATE"
  | "KAVENEGAR_SENDER"
  | "SMSIR_API_KEY"
  | "SMSIR_BASE_URL"
  | "SMSIR_OTP_TEMPLATE_ID"
  | "SMSIR_LINE_NUMBER"
>;

/**
 * The drivers, built on first use. Credentials are platform-wide; a store
 * that names a provider whose key is not configured gets a ConfigError
 * naming the key (the message is then recorded as failed, not retried).
 */
export function createSmsProviders(config: SmsConfig, deps: { redis: Redis; logger: Logger; metrics?: Registry }): SmsProviders {
  const built = new Map<SmsProviderName, SmsProvider>();
  const build = (name: SmsProviderName): SmsProvider => {
    switch (name) {
      case "console":
        return new ConsoleSmsProvider(deps.redis, deps.logger);
      case "kavenegar":
        if (!config.KAVENEGAR_API_KEY) throw new ConfigError("KAVENEGAR_API_KEY", "is required to send SMS through kavenegar");
        return new KavenegarSmsProvider({
          apiKey: config.KAVENEGAR_API_KEY,
          baseUrl: config.KAVENEGAR_BASE_URL,
          otpTemplate: config.KAVENEGAR_OTP_TEMPLATE,
          sender: config.KAVENEGAR_SENDER,
        });
      case "smsir":
        if (!config.SMSIR_API_KEY) throw new ConfigError("SMSIR_API_KEY", "is required to send SMS through smsir");
        return new SmsIrSmsProvider({
          apiKey: config.SMSIR_API_KEY,
          baseUrl: config.SMSIR_BASE_URL,
          otpTemplateId: config.SMSIR_OTP_TEMPLATE_ID,
          lineNumber: config.SMSIR_LINE_NUMBER,
        });
    }
  };
  return {
    get(name) {
      let provider = built.get(name);
      if (!provider) {
        provider = build(name);
        // Every send counted (mall_sms_sends_total) where the process has a metrics registry.
        if (deps.metrics) provider = instrumentSmsProvider(provider, deps.metrics);
        built.set(name, provider);
      }
      return provider;
    },
  };
}
