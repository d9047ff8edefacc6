import { Counter, Histogram, type Registry } from "prom-client";

/**
 * The platform's own Prometheus metrics (HTTP's are in http/metrics.ts),
 * made once per registry so every part of a process that holds the
 * registry counts into the same series. Labels are closed sets (queue,
 * gateway, provider, method, outcome), never store ids: the number of
 * series must not grow with the number of stores.
 */
export interface PlatformMetrics {
  jobDuration: Histogram<"queue" | "outcome">;
  jobFailures: Counter<"queue">;
  siteBuildDuration: Histogram<"kind" | "outcome">;
  siteBuilds: Counter<"kind" | "outcome">;
  paymentCalls: Counter<"gateway" | "operation" | "outcome">;
  paymentCallDuration: Histogram<"gateway" | "operation">;
  smsSends: Counter<"provider" | "kind" | "outcome">;
  telegramCalls: Counter<"method" | "outcome">;
}

const made = new WeakMap<Registry, PlatformMetrics>();

export function platformMetrics(registry: Registry): PlatformMetrics {
  let metrics = made.get(registry);
  if (metrics) return metrics;
  const registers = [registry];
  metrics = {
    jobDuration: new Histogram({
      name: "mall_job_duration_seconds",
      help: "Time a BullMQ job took, by queue and outcome (completed, failed)",
      labelNames: ["queue", "outcome"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    jobFailures: new Counter({
      name: "mall_job_failures_total",
      help: "Job attempts that threw, by queue",
      labelNames: ["queue"],
      registers,
    }),
    siteBuildDuration: new Histogram({
      name: "mall_site_build_duration_seconds",
      help: "Store and landing site builds, by kind and outcome",
      labelNames: ["kind", "outcome"],
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 180, 600],
      registers,
    }),
    siteBuilds: new Counter({
      name: "mall_site_builds_total",
      help: "Site builds by kind (store, landing) and outcome (succeeded, failed, error)",
      labelNames: ["kind", "outcome"],
      registers,
    }),
    paymentCalls: new Counter({
      name: "mall_payment_gateway_calls_total",
      help: "Calls to payment gateways by gateway, operation (start, verify, settle, reverse, inquire) and outcome",
      labelNames: ["gateway", "operation", "outcome"],
      registers,
    }),
    paymentCallDuration: new Histogram({
      name: "mall_payment_gateway_call_duration_seconds",
      help: "Time a payment gateway took to answer, by gateway and operation",
      labelNames: ["gateway", "operation"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    smsSends: new Counter({
      name: "mall_sms_sends_total",
      help: "SMS handed to a provider, by provider, kind (otp, text) and outcome (sent, failed, retryable)",
      labelNames: ["provider", "kind", "outcome"],
      registers,
    }),
    telegramCalls: new Counter({
      name: "mall_telegram_calls_total",
      help: "Telegram Bot API calls for channel posts, by method and outcome",
      labelNames: ["method", "outcome"],
      registers,
    }),
  };
  made.set(registry, metrics);
  return metrics;
}
