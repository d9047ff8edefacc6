import { randomBytes, randomInt } from "node:crypto";
import type { Redis } from "ioredis";
import type {
  ActionOutcome,
  CallbackReading,
  ExchangeLog,
  GatewayPayment,
  InquiryOutcome,
  PaymentGateway,
  StartInput,
  StartOutcome,
  VerifyOutcome,
} from "./gateway.js";

/**
 * Our own local "bank" for development, demos and tests: a Persian payment
 * page at /api/v1/sandbox-gateway/{authority} with pay, fail and cancel
 * buttons. It behaves like ZarinPal (Authority and Status=OK|NOK on the
 * callback; verify answers the same reference again; reverse once), and
 * keeps its sessions in Redis for a day.
 */
export type SandboxStatus = "pending" | "paid" | "failed" | "cancelled" | "verified" | "reversed";

export interface SandboxSession {
  amount: number;
  callbackUrl: string;
  description: string;
  status: SandboxStatus;
  reference: string | null;
  cardPan: string | null;
}

const TTL_SECONDS = 24 * 3600;
const key = (authority: string) => `sandbox-gateway:${authority}`;
export const SANDBOX_PATH = "/api/v1/sandbox-gateway";

export async function readSandboxSession(redis: Redis, authority: string): Promise<SandboxSession | null> {
  if (!/^S[0-9A-Za-z]{35}$/.test(authority)) return null;
  const raw = await redis.get(key(authority));
  return raw ? (JSON.parse(raw) as SandboxSession) : null;
}

async function write(redis: Redis, authority: string, session: SandboxSession): Promise<void> {
  await redis.set(key(authority), JSON.stringify(session), "EX", TTL_SECONDS);
}

/**
 * The shopper's choice on the sandbox page: the session moves from pending
 * once (a second press changes nothing) and the browser goes back to the
 * shop's callback with Authority and Status.
 */
export async function decideSandboxPayment(redis: Redis, authority: string, action: "pay" | "fail" | "cancel"): Promise<string | null> {
  const session = await readSandboxSession(redis, authority);
  if (!session) return null;
  if (session.status === "pending") {
    session.status = action === "pay" ? "paid" : action === "fail" ? "failed" : "cancelled";
    if (action === "pay") {
      session.reference = String(randomInt(100_000_000, 999_999_999));
      session.cardPan = "603799******1234";
    }
    await write(redis, authority, session);
  }
  const url = new URL(session.callbackUrl);
  url.searchParams.set("Authority", authority);
  url.searchParams.set("Status", session.status === "paid" || session.status === "verified" ? "OK" : "NOK");
  return url.toString();
}

export class SandboxGateway implements PaymentGateway {
  readonly name = "sandbox" as const;

  constructor(private readonly redis: Redis) {}

  async start(payment: GatewayPayment, input: StartInput, log: ExchangeLog): Promise<StartOutcome> {
    const authority = `S${randomBytes(27)
      .toString("base64url")
      .replace(/[^0-9A-Za-z]/g, "0")
      .slice(0, 35)
      .padEnd(35, "0")}`;
    await write(this.redis, authority, {
      amount: payment.amount,
      callbackUrl: input.callbackUrl,
      description: input.description,
      status: "pending",
      reference: null,
      cardPan: null,
    });
    log({
      operation: "request",
      request: { amount: payment.amount, callbackUrl: input.callbackUrl },
      response: { authority },
      error: null,
      durationMs: 0,
    });
    return { ok: true, authority, redirect: { url: `${input.origin}${SANDBOX_PATH}/${authority}`, method: "GET", fields: {} } };
  }

  readCallback(_payment: GatewayPayment, fields: Record<string, string>): CallbackReading {
    const status = fields.Status ?? null;
    return { authority: fields.Authority ?? null, paid: status === "OK", cancelled: status !== "OK", code: status, reference: null };
  }

  async verify(payment: GatewayPayment, _callback: CallbackReading, log: ExchangeLog): Promise<VerifyOutcome> {
    const session = payment.authority ? await readSandboxSession(this.redis, payment.authority) : null;
    let outcome: VerifyOutcome;
    if (!session) outcome = { status: "failed", code: "-54", message: "unknown authority" };
    else if (session.status === "paid" || session.status === "verified") {
      if (session.status === "paid") await write(this.redis, payment.authority!, { ...session, status: "verified" });
      outcome = {
        status: "paid",
        amount: session.amount,
        reference: session.reference!,
        cardPan: session.cardPan,
        code: session.status === "paid" ? "100" : "101",
      };
    } else outcome = { status: "failed", code: "-51", message: `session ${session.status}` };
    log({
      operation: "verify",
      request: { authority: payment.authority, amount: payment.amount },
      response: outcome,
      error: null,
      durationMs: 0,
    });
    return outcome;
  }

  async settle(): Promise<ActionOutcome> {
    return { ok: true, code: "100" };
  }

  async reverse(payment: GatewayPayment, log: ExchangeLog): Promise<ActionOutcome> {
    const session = payment.authority ? await readSandboxSession(this.redis, payment.authority) : null;
    let outcome: ActionOutcome;
    if (session && (session.status === "verified" || session.status === "paid")) {
      await write(this.redis, payment.authority!, { ...session, status: "reversed" });
      outcome = { ok: true, code: "100" };
    } else
      outcome = session?.status === "reversed" ? { ok: true, code: "101" } : { ok: false, code: "-61", message: "not in a success state" };
    log({ operation: "reverse", request: { authority: payment.authority }, response: outcome, error: null, durationMs: 0 });
    return outcome;
  }

  async inquire(payment: GatewayPayment, log: ExchangeLog): Promise<InquiryOutcome> {
    const session = payment.authority ? await readSandboxSession(this.redis, payment.authority) : null;
    const status = !session
      ? "failed"
      : session.status === "paid" || session.status === "verified"
        ? "paid"
        : session.status === "reversed"
          ? "reversed"
          : session.status === "pending"
            ? "pending"
            : "failed";
    log({
      operation: "inquire",
      request: { authority: payment.authority },
      response: { status: session?.status ?? null },
      error: null,
      durationMs: 0,
    });
    return { status, code: session?.status ?? "-54" };
  }
}
