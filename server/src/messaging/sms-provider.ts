import type { SmsProviderName } from "../config/config.js";

/** A sign-in code: `text` is the full message; a provider with a template sends `code` through it instead. */
export interface OtpSms {
  to: string;
  code: string;
  text: string;
  storeId: string | null;
}

export interface TextSms {
  to: string;
  text: string;
}

export interface SmsReceipt {
  /** The provider's id for the message, for support and delivery reports. */
  providerMessageId: string | null;
}

/** One SMS provider (DESIGN.md: Kavenegar and SMS.ir behind one interface, `console` locally). */
export interface SmsProvider {
  readonly name: SmsProviderName;
  sendOtp(message: OtpSms): Promise<SmsReceipt>;
  send(message: TextSms): Promise<SmsReceipt>;
}

/**
 * A provider refused or could not be reached. `retryable` says whether the
 * same request can succeed later (a 5xx, a timeout, "busy") or never will
 * (a bad key, no credit, a bad number, a missing template).
 */
export class SmsProviderError extends Error {
  constructor(
    readonly provider: SmsProviderName,
    /** The provider's own status code, or `network` / `http_<status>`. */
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(`${provider} ${code}: ${message}`);
    this.name = "SmsProviderError";
  }
}

/** `+989121234567` → `09121234567`, the form both Iranian providers document. */
export function nationalMobile(phone: string): string {
  return phone.startsWith("+98") ? `0${phone.slice(3)}` : phone;
}

/** `+989121234567` → `+98912***4567`, for logs. */
export function maskPhone(phone: string): string {
  return phone.length > 8 ? `${phone.slice(0, 6)}***${phone.slice(-4)}` : "***";
}

/** Sends with a timeout; network failures and timeouts become retryable provider errors. */
export async function fetchProvider(
  provider: SmsProviderName,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    // Never echo the URL: Kavenegar's carries the API key.
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : "could not connect";
    throw new SmsProviderError(provider, "network", reason, true);
  }
}

export interface SmsProviders {
  get(name: SmsProviderName): SmsProvider;
}
