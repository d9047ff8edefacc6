import type { Client } from "soap";
import {
  GatewayUnavailableError,
  maskCardNumbers,
  maskSecrets,
  type ActionOutcome,
  type CallbackReading,
  type ExchangeLog,
  type GatewayPayment,
  type InquiryOutcome,
  type PaymentGateway,
  type StartInput,
  type StartOutcome,
  type VerifyOutcome,
} from "./gateway.js";

/**
 * Parsian PEC "NewIPG" over SOAP (PROTOCOLS.md §4), through the `soap`
 * package and the bank's three ASMX services (Sale, Confirm, Reversal — the
 * reversal's folder is `Reverse`): SalePaymentRequest {LoginAccount, Amount,
 * OrderId, CallBackUrl} → Token (Status 0 and a Token, else the Status) →
 * the browser GETs /NewIPG/?Token= → the bank POSTs back Token, status (0 =
 * paid, -138 = cancelled), OrderId, RRN, Amount… → ConfirmPayment {Token}
 * (Status 0 and RRN > 0; -1533 = confirmed before) → no settlement step.
 * ReversalRequest {Token} is the undo (0, or -1551 reversed before).
 *
 * ConfirmPayment answers no amount, so the callback's Amount is checked
 * before confirming (as Parbad does): another amount is never confirmed, it
 * is given back with ReversalRequest and the payment fails. An edited Amount
 * can thus only fail a payment, never pay one.
 *
 * PEC has no inquiry call: an unconfirmed sale is returned to the payer by
 * the bank, and ConfirmPayment is idempotent (-1533 when repeated), so
 * reconciliation asks ConfirmPayment again: 0 or -1533 paid (the RRN is the
 * one the callback carried), "cannot confirm a failed payment" and the token
 * errors end the attempt, anything else waits for the next sweep.
 *
 * OrderId is our payment's gateway_order_id (a unique long); LoginAccount
 * is the store's PIN and never reaches the audit rows.
 */
const SERVICES = {
  SalePaymentRequest: { path: "/NewIPGServices/Sale/SaleService.asmx", result: "SalePaymentRequestResult" },
  ConfirmPayment: { path: "/NewIPGServices/Confirm/ConfirmService.asmx", result: "ConfirmPaymentResult" },
  ReversalRequest: { path: "/NewIPGServices/Reverse/ReversalService.asmx", result: "ReversalRequestResult" },
} as const;
type Operation = keyof typeof SERVICES;

/** Status values after which the sale will never be confirmed (PROTOCOLS.md §4.5). */
const ENDED = new Set(["-130", "-131", "-138", "-1527", "-1528", "-1531", "-1540"]);

/** Reads a form field the way Parbad does: the bank's casing varies (status, Token, OrderId…). */
function field(fields: Record<string, string>, name: string): string | null {
  const key = Object.keys(fields).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : (fields[key] ?? "").trim();
}

export class ParsianGateway implements PaymentGateway {
  readonly name = "parsian" as const;
  private readonly clients = new Map<Operation, Promise<Client>>();
  private readonly base: string;

  constructor(private readonly options: { baseUrl: string; timeoutMs: number }) {
    this.base = options.baseUrl.replace(/\/$/, "");
  }

  /** One SOAP client per service, built once from its WSDL (a failed load is tried again next time). */
  private soapClient(operation: Operation): Promise<Client> {
    let client = this.clients.get(operation);
    if (!client) {
      const url = `${this.base}${SERVICES[operation].path}`;
      // The SOAP stack is loaded on the first call (see mellat-gateway.ts).
      client = import("soap")
        .then(({ createClientAsync }) =>
          createClientAsync(`${url}?wsdl`, { endpoint: url, wsdl_options: { timeout: this.options.timeoutMs } }),
        )
        .catch((error: unknown) => {
          this.clients.delete(operation);
          throw error;
        });
      this.clients.set(operation, client);
    }
    return client;
  }

  /** One operation with its requestData; the `…Result` fields as strings. GatewayUnavailableError without one. */
  private async call(operation: Operation, requestData: Record<string, unknown>, log: ExchangeLog): Promise<Record<string, string>> {
    const started = Date.now();
    const audited = maskSecrets({ ...requestData, LoginAccount: `***${String(requestData.LoginAccount ?? "").slice(-4)}` });
    try {
      const client = await this.soapClient(operation);
      const method = (client as unknown as Record<string, (args: unknown, options: unknown) => Promise<[Record<string, unknown> | null]>>)[
        `${operation}Async`
      ];
      if (!method) throw new Error(`the WSDL has no ${operation}`);
      const [answer] = await method.call(client, { requestData }, { timeout: this.options.timeoutMs });
      const result = answer?.[SERVICES[operation].result];
      if (!result || typeof result !== "object") throw new Error(`no ${SERVICES[operation].result} in the answer`);
      const values = Object.fromEntries(
        Object.entries(result as Record<string, unknown>).map(([k, v]) => [k, v === null || v === undefined ? "" : String(v).trim()]),
      );
      if (values.Status === undefined || values.Status === "") throw new Error("no Status in the answer");
      log({ operation, request: audited, response: maskCardNumbers(values), error: null, durationMs: Date.now() - started });
      return values;
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log({ operation, request: audited, response: null, error: detail.slice(0, 2000), durationMs: Date.now() - started });
      throw new GatewayUnavailableError("parsian", `${operation}: ${detail}`);
    }
  }

  private withToken(payment: GatewayPayment): Record<string, unknown> {
    return { LoginAccount: payment.credentials.loginAccount, Token: payment.authority };
  }

  async start(payment: GatewayPayment, input: StartInput, log: ExchangeLog): Promise<StartOutcome> {
    const answer = await this.call(
      "SalePaymentRequest",
      {
        LoginAccount: payment.credentials.loginAccount,
        Amount: payment.amount,
        OrderId: payment.gatewayOrderId,
        CallBackUrl: input.callbackUrl,
        // The bank prefers English here (multipay's note): the order number only.
        AdditionalData: `order ${input.orderNumber}`,
        Originator: input.mobile && /^\+989\d{9}$/.test(input.mobile) ? `0${input.mobile.slice(3)}` : "",
      },
      log,
    );
    const token = answer.Token ?? "";
    if (answer.Status !== "0" || !/^[1-9]\d*$/.test(token))
      return { ok: false, code: answer.Status ?? "unknown", message: answer.Message ?? "" };
    return { ok: true, authority: token, redirect: { url: `${this.base}/NewIPG/?Token=${token}`, method: "GET", fields: {} } };
  }

  readCallback(payment: GatewayPayment, fields: Record<string, string>): CallbackReading {
    const status = field(fields, "status");
    const orderId = field(fields, "OrderId");
    // The sale must be ours: our OrderId (when the bank repeats it) beside our token.
    const ours = orderId === null || orderId === payment.gatewayOrderId;
    const paid = status === "0";
    const rrn = field(fields, "RRN") ?? "";
    const amount = field(fields, "Amount") ?? "";
    return {
      authority: ours ? field(fields, "Token") : null,
      paid,
      cancelled: !paid,
      code: status,
      reference: paid && /^[1-9]\d{0,19}$/.test(rrn) ? rrn : null,
      amount: /^\d+$/.test(amount) ? Number(amount) : null,
    };
  }

  async verify(payment: GatewayPayment, callback: CallbackReading, log: ExchangeLog): Promise<VerifyOutcome> {
    if (callback.amount !== undefined && callback.amount !== null && callback.amount !== payment.amount) {
      // Never confirm another amount; give it back now rather than when the bank's timer runs out.
      const reversal = await this.reverse(payment, log).catch(() => null);
      return {
        status: "failed",
        code: reversal?.code ?? "amount",
        message: `the bank took ${callback.amount}, not ${payment.amount}`,
        reason: "amount_mismatch",
      };
    }
    const answer = await this.call("ConfirmPayment", this.withToken(payment), log);
    const status = answer.Status ?? "unknown";
    const known = callback.reference ?? payment.reference;
    const cardPan = answer.CardNumberMasked ? maskCardNumbers(answer.CardNumberMasked) : null;
    if (status === "0" && /^[1-9]\d*$/.test(answer.RRN ?? ""))
      return { status: "paid", amount: payment.amount, reference: answer.RRN!, cardPan, code: status };
    // Confirmed before (a replay, or a confirm whose answer was lost): the RRN the callback gave us stands
    // (without one, the token is the only reference left; the money is confirmed either way).
    if (status === "-1533")
      return { status: "paid", amount: payment.amount, reference: known ?? payment.authority ?? "", cardPan, code: status };
    return { status: "failed", code: status, message: answer.Message ?? `ConfirmPayment ${status}` };
  }

  async settle(): Promise<ActionOutcome> {
    return { ok: true, code: "0" };
  }

  async reverse(payment: GatewayPayment, log: ExchangeLog): Promise<ActionOutcome> {
    const answer = await this.call("ReversalRequest", this.withToken(payment), log);
    const status = answer.Status ?? "unknown";
    return status === "0" || status === "-1551"
      ? { ok: true, code: status }
      : { ok: false, code: status, message: answer.Message ?? `ReversalRequest ${status}` };
  }

  async inquire(payment: GatewayPayment, log: ExchangeLog): Promise<InquiryOutcome> {
    const answer = await this.call("ConfirmPayment", this.withToken(payment), log);
    const status = answer.Status ?? "unknown";
    if (status === "0" || status === "-1533") return { status: "paid", code: status };
    if (status === "-1551") return { status: "reversed", code: status };
    if (ENDED.has(status)) return { status: "failed", code: status };
    return { status: "pending", code: status };
  }
}
