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
 * Behpardakht Mellat over SOAP (PROTOCOLS.md §2), through the `soap`
 * package and the bank's WSDL: bpPayRequest ("0,{RefId}") → the shopper's
 * browser POSTs RefId to startpay.mellat → the bank POSTs back ResCode,
 * SaleOrderId, SaleReferenceId, CardHolderPan → bpVerifyRequest →
 * bpSettleRequest (without settlement the money never reaches the
 * merchant). 43 (verified before) counts as verified and 45 (settled
 * before) as settled, so a replay that reaches the bank changes nothing;
 * 48 on a reversal means it was reversed already. bpInquiryRequest answers
 * 0 for a sale that went through, for reconciliation.
 *
 * Mellat's orderId is our payment's gateway_order_id (a unique long per
 * terminal); saleOrderId is the same number. Amounts in Rials.
 */
const WSDL_PATH = "/pgwchannel/services/pgw";

/** ResCodes that mean the shopper or the card declined: the sale will never go through. */
const DECLINED = new Set(["11", "12", "13", "14", "15", "16", "17", "18", "19", "111", "112", "113", "114", "42", "44", "47", "55"]);

/** Tehran's date and time as Mellat wants them (yyyyMMdd, HHmmss). */
function tehranStamp(now = new Date()): { localDate: string; localTime: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Tehran",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { localDate: `${parts.year}${parts.month}${parts.day}`, localTime: `${parts.hour}${parts.minute}${parts.second}` };
}

export class MellatGateway implements PaymentGateway {
  readonly name = "mellat" as const;
  private client: Promise<Client> | null = null;
  private readonly base: string;

  constructor(private readonly options: { baseUrl: string; timeoutMs: number }) {
    this.base = options.baseUrl.replace(/\/$/, "");
  }

  /** The SOAP client, built once from the bank's WSDL (a failed load is tried again on the next call). */
  private soapClient(): Promise<Client> {
    if (!this.client) {
      // The SOAP stack (soap, xml-crypto, xmldom) is loaded on the first call, not in every process that imports the gateways.
      this.client = import("soap")
        .then(({ createClientAsync }) =>
          createClientAsync(`${this.base}${WSDL_PATH}?wsdl`, {
            endpoint: `${this.base}${WSDL_PATH}`,
            wsdl_options: { timeout: this.options.timeoutMs },
          }),
        )
        .catch((error: unknown) => {
          this.client = null;
          throw error;
        });
    }
    return this.client;
  }

  /** One operation; its `<return>` string, trimmed. GatewayUnavailableError without one (timeout, fault, not SOAP). */
  private async call(operation: string, args: Record<string, unknown>, log: ExchangeLog): Promise<string> {
    const started = Date.now();
    try {
      const client = await this.soapClient();
      const method = (client as unknown as Record<string, (args: unknown, options: unknown) => Promise<[{ return?: unknown } | null]>>)[
        `${operation}Async`
      ];
      if (!method) throw new Error(`the WSDL has no ${operation}`);
      const [result] = await method.call(client, args, { timeout: this.options.timeoutMs });
      const value = result?.return;
      if (value === undefined || value === null) throw new Error("no <return> in the answer");
      const text = String(value).trim();
      log({
        operation,
        request: maskSecrets(args),
        response: { return: maskCardNumbers(text) },
        error: null,
        durationMs: Date.now() - started,
      });
      return text;
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log({ operation, request: maskSecrets(args), response: null, error: detail.slice(0, 2000), durationMs: Date.now() - started });
      throw new GatewayUnavailableError("mellat", `${operation}: ${detail}`);
    }
  }

  private credentials(payment: GatewayPayment): Record<string, unknown> {
    const { terminalId, userName, userPassword } = payment.credentials;
    return { terminalId, userName, userPassword };
  }

  /** verify, settle, inquiry and reversal name the sale the same way. */
  private sale(payment: GatewayPayment, reference: string | null): Record<string, unknown> {
    return {
      ...this.credentials(payment),
      orderId: payment.gatewayOrderId,
      saleOrderId: payment.gatewayOrderId,
      saleReferenceId: reference ?? payment.reference,
    };
  }

  async start(payment: GatewayPayment, input: StartInput, log: ExchangeLog): Promise<StartOutcome> {
    const answer = await this.call(
      "bpPayRequest",
      {
        ...this.credentials(payment),
        orderId: payment.gatewayOrderId,
        amount: payment.amount,
        ...tehranStamp(),
        additionalData: input.description,
        callBackUrl: input.callbackUrl,
        payerId: 0,
      },
      log,
    );
    const [code, refId] = answer.split(",").map((part) => part.trim());
    if (code !== "0" || !refId) return { ok: false, code: code ?? answer, message: `bpPayRequest ${answer}` };
    const fields: Record<string, string> = { RefId: refId };
    if (input.mobile && /^\+989\d{9}$/.test(input.mobile)) fields.MobileNo = `98${input.mobile.slice(3)}`;
    return { ok: true, authority: refId, redirect: { url: `${this.base}/pgwchannel/startpay.mellat`, method: "POST", fields } };
  }

  readCallback(payment: GatewayPayment, fields: Record<string, string>): CallbackReading {
    const code = fields.ResCode?.trim() ?? null;
    const paid = code === "0";
    // SaleOrderId must be this payment's own sale: anything else is someone else's callback.
    const ours = fields.SaleOrderId === undefined || fields.SaleOrderId.trim() === payment.gatewayOrderId;
    const finalAmount = fields.FinalAmount && /^\d+$/.test(fields.FinalAmount.trim()) ? Number(fields.FinalAmount.trim()) : null;
    return {
      authority: ours ? (fields.RefId?.trim() ?? null) : null,
      paid,
      cancelled: !paid,
      code,
      reference: paid && /^\d+$/.test(fields.SaleReferenceId?.trim() ?? "") ? fields.SaleReferenceId!.trim() : null,
      amount: finalAmount,
      cardPan: fields.CardHolderPan ? maskCardNumbers(fields.CardHolderPan.trim()) : null,
    };
  }

  async verify(payment: GatewayPayment, callback: CallbackReading, log: ExchangeLog): Promise<VerifyOutcome> {
    const reference = callback.reference ?? payment.reference;
    if (!reference) return { status: "failed", code: "no_reference", message: "the callback carried no SaleReferenceId" };
    const code = await this.call("bpVerifyRequest", this.sale(payment, reference), log);
    // 43: verified before (a replay, or a verify whose answer was lost).
    if (code === "0" || code === "43")
      return { status: "paid", amount: callback.amount ?? payment.amount, reference, cardPan: callback.cardPan ?? null, code };
    // Anything but a declined card or "reversed already" may have left the money taken: the service reverses it (PROTOCOLS.md §2.4).
    return {
      status: "failed",
      code,
      message: `bpVerifyRequest ${code}`,
      ...(DECLINED.has(code) || code === "48" ? {} : { reverse: true }),
    };
  }

  async settle(payment: GatewayPayment, log: ExchangeLog): Promise<ActionOutcome> {
    const code = await this.call("bpSettleRequest", this.sale(payment, null), log);
    return code === "0" || code === "45" ? { ok: true, code } : { ok: false, code, message: `bpSettleRequest ${code}` };
  }

  async reverse(payment: GatewayPayment, log: ExchangeLog): Promise<ActionOutcome> {
    const code = await this.call("bpReversalRequest", this.sale(payment, null), log);
    return code === "0" || code === "48" ? { ok: true, code } : { ok: false, code, message: `bpReversalRequest ${code}` };
  }

  async inquire(payment: GatewayPayment, log: ExchangeLog): Promise<InquiryOutcome> {
    if (!payment.reference) return { status: "failed", code: "no_reference" };
    const code = await this.call("bpInquiryRequest", this.sale(payment, null), log);
    if (code === "0" || code === "43") return { status: "paid", code };
    if (code === "48") return { status: "reversed", code };
    if (DECLINED.has(code)) return { status: "failed", code };
    return { status: "pending", code };
  }
}
