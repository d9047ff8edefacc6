import {
  postJson,
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
 * ZarinPal Payment Gateway REST v4 (PROTOCOLS.md §1): request.json →
 * StartPay/{authority} → callback ?Authority&Status → verify.json (100, or
 * 101 when verified before); inquiry.json for reconciliation; reverse.json
 * within 30 minutes. Amounts in Rials (`currency: "IRR"`). Bodies are read
 * whatever the HTTP status: errors come as `{ data: [], errors: { code } }`.
 */
interface ZarinpalBody {
  data?:
    | { code?: number | string; authority?: string; ref_id?: number | string; card_pan?: string; status?: string; message?: string }
    | unknown[];
  errors?: { code?: number | string; message?: string } | unknown[];
}

function codeOf(body: unknown): { code: string; data: Exclude<ZarinpalBody["data"], unknown[] | undefined> | null; message: string } {
  const parsed = (body ?? {}) as ZarinpalBody;
  const data = parsed.data && !Array.isArray(parsed.data) ? parsed.data : null;
  const errors = parsed.errors && !Array.isArray(parsed.errors) ? parsed.errors : null;
  const code = data?.code ?? errors?.code ?? "unknown";
  return { code: String(code), data, message: String(errors?.message ?? data?.message ?? "") };
}

/** `+989…` → `09…`, the form ZarinPal's metadata.mobile takes. */
function localMobile(phone: string | null): string | undefined {
  return phone && /^\+989\d{9}$/.test(phone) ? `0${phone.slice(3)}` : undefined;
}

export class ZarinpalGateway implements PaymentGateway {
  readonly name = "zarinpal" as const;
  /** inquiry.json answers by authority: IN_BANK, PAID (not verified), VERIFIED, FAILED, REVERSED. */
  readonly inquiresWithoutCallback = true;

  constructor(private readonly options: { baseUrl: string; timeoutMs: number }) {}

  private call(operation: string, body: Record<string, unknown>, log: ExchangeLog): Promise<unknown> {
    return postJson(
      "zarinpal",
      operation,
      `${this.options.baseUrl.replace(/\/$/, "")}/pg/v4/payment/${operation}.json`,
      body,
      this.options.timeoutMs,
      log,
    );
  }

  async start(payment: GatewayPayment, input: StartInput, log: ExchangeLog): Promise<StartOutcome> {
    const mobile = localMobile(input.mobile);
    const body = {
      merchant_id: payment.credentials.merchantId,
      amount: payment.amount,
      currency: "IRR",
      description: input.description,
      callback_url: input.callbackUrl,
      metadata: { order_id: String(input.orderNumber), ...(mobile ? { mobile } : {}) },
    };
    const { code, data, message } = codeOf(await this.call("request", body, log));
    if (code !== "100" || !data?.authority) return { ok: false, code, message };
    return {
      ok: true,
      authority: data.authority,
      redirect: { url: `${this.options.baseUrl.replace(/\/$/, "")}/pg/StartPay/${data.authority}`, method: "GET", fields: {} },
    };
  }

  readCallback(_payment: GatewayPayment, fields: Record<string, string>): CallbackReading {
    const status = fields.Status ?? null;
    return { authority: fields.Authority ?? null, paid: status === "OK", cancelled: status !== "OK", code: status, reference: null };
  }

  async verify(payment: GatewayPayment, _callback: CallbackReading, log: ExchangeLog): Promise<VerifyOutcome> {
    const { code, data, message } = codeOf(
      await this.call("verify", { merchant_id: payment.credentials.merchantId, authority: payment.authority, amount: payment.amount }, log),
    );
    // 101: verified before (a replay reaching the bank); ZarinPal may or may not repeat ref_id then.
    if ((code === "100" || code === "101") && (data?.ref_id !== undefined || payment.reference)) {
      return {
        status: "paid",
        amount: payment.amount,
        reference: String(data?.ref_id ?? payment.reference),
        cardPan: data?.card_pan ?? null,
        code,
      };
    }
    return { status: "failed", code, message, ...(code === "-50" ? { reason: "amount_mismatch" as const } : {}) };
  }

  async settle(): Promise<ActionOutcome> {
    return { ok: true, code: "100" };
  }

  async reverse(payment: GatewayPayment, log: ExchangeLog): Promise<ActionOutcome> {
    const { code, message } = codeOf(
      await this.call("reverse", { merchant_id: payment.credentials.merchantId, authority: payment.authority }, log),
    );
    return code === "100" ? { ok: true, code } : { ok: false, code, message };
  }

  async inquire(payment: GatewayPayment, log: ExchangeLog): Promise<InquiryOutcome> {
    const { code, data } = codeOf(
      await this.call("inquiry", { merchant_id: payment.credentials.merchantId, authority: payment.authority }, log),
    );
    const status = code === "100" ? data?.status : undefined;
    if (status === "VERIFIED" || status === "PAID") return { status: "paid", code: status };
    if (status === "REVERSED") return { status: "reversed", code: status };
    if (status === "IN_BANK") return { status: "pending", code: status };
    return { status: "failed", code: status ?? code };
  }
}
