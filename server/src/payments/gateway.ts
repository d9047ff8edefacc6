import type { FailureCode, GatewayName } from "./payment-state.js";

/**
 * The ONE interface every gateway driver implements (DESIGN.md: start →
 * redirect, callback → verify → settle, or reverse). Drivers speak their
 * gateway's protocol and nothing else: the rules (amount must match, a
 * repeated callback changes nothing, compensation) live in payment.service.ts.
 *
 * A driver never throws for an answer the gateway gave; it returns it as an
 * outcome. It throws GatewayUnavailableError when there was no usable answer
 * (timeout, refused connection, a proxy's HTML page): then nobody knows what
 * happened at the bank, and the caller leaves the payment for reconciliation.
 */
export interface PaymentGateway {
  readonly name: GatewayName;
  /**
   * inquire() can tell, by the token alone, whether a shopper who never came
   * back paid (ZarinPal's inquiry by authority). Reconciliation then asks
   * about attempts still `redirected`, and verifies the paid ones while the
   * gateway still lets them be reversed. Others need the callback's
   * reference, or would take the money by asking (Parsian's confirm).
   */
  readonly inquiresWithoutCallback?: boolean;
  /** Registers the attempt at the gateway; where to send the shopper. */
  start(payment: GatewayPayment, input: StartInput, log: ExchangeLog): Promise<StartOutcome>;
  /** Reads the shopper's return (query and form fields), without calling anyone. */
  readCallback(payment: GatewayPayment, fields: Record<string, string>): CallbackReading;
  /** Asks the gateway whether the money was taken, and how much; idempotent at every gateway we speak. */
  verify(payment: GatewayPayment, callback: CallbackReading, log: ExchangeLog): Promise<VerifyOutcome>;
  /** Completes a verified sale where the gateway needs it (Mellat); the others answer done. */
  settle(payment: GatewayPayment, log: ExchangeLog): Promise<ActionOutcome>;
  /** Gives the money back (the compensation of a verified payment). */
  reverse(payment: GatewayPayment, log: ExchangeLog): Promise<ActionOutcome>;
  /** The attempt's status at the gateway, for reconciliation when a verify went unanswered. */
  inquire(payment: GatewayPayment, log: ExchangeLog): Promise<InquiryOutcome>;
}

/** The drivers one process runs, by gateway (built once per process by createGateways in gateway-drivers.ts). */
export type GatewayDrivers = Partial<Record<GatewayName, PaymentGateway>>;

/** What a driver knows of the attempt. */
export interface GatewayPayment {
  id: string;
  gatewayOrderId: string;
  amount: number;
  authority: string | null;
  reference: string | null;
  credentials: Record<string, string>;
}

export interface StartInput {
  callbackUrl: string;
  description: string;
  /** `+989…`; drivers pass it on where the gateway pre-fills saved cards. */
  mobile: string | null;
  orderNumber: number;
  /** The shop's origin the shopper is on (the sandbox's page lives there). */
  origin: string;
}

/** Where the browser goes next: a plain GET, or an auto-submitted form POST (Mellat's RefId). */
export interface RedirectInstructions {
  url: string;
  method: "GET" | "POST";
  fields: Record<string, string>;
}

export type StartOutcome = { ok: true; authority: string; redirect: RedirectInstructions } | { ok: false; code: string; message: string };

export interface CallbackReading {
  /** The token the callback names; must equal the attempt's, else the callback is someone else's. */
  authority: string | null;
  /** The gateway says the shopper paid (a hint only: verify decides). */
  paid: boolean;
  /** The shopper cancelled (or the bank declined) before paying: nothing to verify. */
  cancelled: boolean;
  code: string | null;
  /** A reference the callback already carries and verify needs (Mellat's SaleReferenceId). */
  reference: string | null;
  /** The amount the callback says was taken (Mellat's FinalAmount), where verify does not answer one; it can only fail a payment, never pay one. */
  amount?: number | null;
  /** The masked card the callback names (Mellat's CardHolderPan). */
  cardPan?: string | null;
}

export type VerifyOutcome =
  | { status: "paid"; amount: number; reference: string; cardPan: string | null; code: string }
  | {
      status: "failed";
      code: string;
      message: string;
      reason?: FailureCode;
      /** The verify failed in a way that may have left the money taken (Mellat's system errors): the service reverses it. */
      reverse?: boolean;
    };

export type ActionOutcome = { ok: true; code: string } | { ok: false; code: string; message: string };

export type InquiryOutcome = { status: "paid" | "failed" | "reversed" | "pending"; code: string };

/** One raw call, for payment_exchanges. */
export interface Exchange {
  operation: string;
  request: unknown;
  response: unknown;
  error: string | null;
  durationMs: number;
}

export type ExchangeLog = (exchange: Exchange) => void;

/** No usable answer from the gateway: the outcome at the bank is unknown. */
export class GatewayUnavailableError extends Error {
  constructor(
    readonly gateway: GatewayName,
    detail: string,
  ) {
    super(`${gateway}: ${detail}`);
    this.name = "GatewayUnavailableError";
  }
}

/** A gateway call's answer, or null when the gateway did not answer (any other error is thrown on). */
export async function answerOrNull<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof GatewayUnavailableError)) throw error;
    return null;
  }
}

/** Masks every run of 16–19 digits (card numbers) to its first 6 and last 4: for audit rows and logs. */
export function maskCardNumbers<T>(value: T): T {
  if (typeof value === "string") return value.replace(/\b(\d{6})\d{6,9}(\d{4})\b/g, (_m, a: string, b: string) => `${a}******${b}`) as T;
  if (Array.isArray(value)) return value.map((item) => maskCardNumbers(item)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskCardNumbers(v)])) as T;
  return value;
}

/**
 * A JSON call with a deadline, recorded; GatewayUnavailableError when there
 * is no JSON answer in time. Bodies are parsed whatever the HTTP status
 * (ZarinPal answers errors with a JSON body).
 */
export async function postJson(
  gateway: GatewayName,
  operation: string,
  url: string,
  body: unknown,
  timeoutMs: number,
  log: ExchangeLog,
): Promise<unknown> {
  const started = Date.now();
  let text = "";
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
    const parsed: unknown = JSON.parse(text);
    log({ operation, request: maskSecrets(body), response: maskCardNumbers(parsed), error: null, durationMs: Date.now() - started });
    return parsed;
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log({
      operation,
      request: maskSecrets(body),
      response: text ? { raw: maskCardNumbers(text.slice(0, 2000)) } : null,
      error: detail,
      durationMs: Date.now() - started,
    });
    throw new GatewayUnavailableError(gateway, `${operation}: ${detail}`);
  }
}

const SECRET_KEYS = /password|secret|merchant_?id|terminal_?key|pin|username/i;

/** Credentials never reach the audit rows. */
export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) && typeof v === "string" ? `***${v.slice(-4)}` : maskSecrets(v)]),
    ) as T;
  }
  return maskCardNumbers(value);
}
