import type { Config } from "../config/config.js";

type SentryModule = typeof import("@sentry/node");
let sentry: SentryModule | null = null;

/**
 * Error reporting to Sentry, only when SENTRY_DSN is set: without it the SDK
 * is not even loaded (it instruments modules as it loads, which a process
 * that reports nowhere should not pay for). Called once per process.
 */
export async function initSentry(config: Pick<Config, "SENTRY_DSN" | "NODE_ENV">, role: string): Promise<boolean> {
  if (!config.SENTRY_DSN || sentry) return sentry !== null;
  const module = await import("@sentry/node");
  module.init({ dsn: config.SENTRY_DSN, environment: config.NODE_ENV, serverName: role, tracesSampleRate: 0 });
  sentry = module;
  return true;
}

/** Sends an unexpected error with its context (request id, queue…); nothing happens when Sentry is not set up. */
export function reportError(error: unknown, context: Record<string, unknown> = {}): void {
  sentry?.captureException(error, { extra: context });
}
