import {
  maskCardNumbers,
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
 * Saman Electronic Payment (SEP), the token REST protocol (PROTOCOLS.md §3):
 * POST /onlinepg/onlinepg {action: "token"} → the browser POSTs Token to
 * /OnlinePG/OnlinePG → SEP sends it back to RedirectUrl with State, Status
 * (2 = OK), RefNum (the digital receipt verify and reverse name), ResNum
 * (our echo), TraceNo, SecurePan, Amount… → VerifyTransaction (ResultCode 0;
 * 2 = a repeat of an earlier verify) → no settlement step. ReverseTransaction
 * is the undo, within 30 minutes of the payment.
 *
 * SEP has no inquiry call: VerifyTransaction is idempotent (a repeat
 * answers 2), so reconciliation asks it again; -2 (not found) and -6 (over
 * 30 minutes, an unverified sale is given back by the bank) end the attempt.
 *
 * ResNum is our payment's gateway_order_id; the payment's `reference` is
 * RefNum, the receipt SEP prints and the key of verify and reverse. The
 * callback's Amount is never trusted: the amount is VerifyTransaction's
 * AffectiveAmount. Amounts in Rials; TerminalId is the store's MID.
 */
interface SamanVerifyBody {
  ResultCode?: number | string;
  ResultDescription?: string;
  Success?: boolean;
  TransactionDetail?: {
    RRN?: string;
    RefNum?: string;
    MaskedPan?: string;
    TerminalNumber?: number | string;
    OrginalAmount?: number | string;
    AffectiveAmount?: number | string;
  } | null;
}

/** Callback Status values (PROTOCOLS.md §3.3); 2 = OK is the only one that may have taken money. */
const STATUS_OK = "2";

/** `+989…` → `9…`, the form SEP's CellNumber takes (without the leading zero). */
function cellNumber(phone: string | null): string | undefined {
  return phone && /^\+989\d{9}$/.test(phone) ? phone.slice(3) : undefined;
}

export class SamanGateway implements PaymentGateway {
  readonly name = "saman" as const;
  private readonly base: string;

  constructor(private readonly options: { baseUrl: string; timeoutMs: number }) {
    this.base = options.baseUrl.replace(/\/$/, "");
  }

  private terminal(payment: GatewayPayment): string {
    return payment.credentials.terminalId ?? "";
  }

  async start(payment: GatewayPayment, input: StartInput, log: ExchangeLog): Promise<StartOutcome> {
    const cell = cellNumber(input.mobile);
    const body = {
      action: "token",
      TerminalId: this.terminal(payment),
      Amount: payment.amount,
      ResNum: payment.gatewayOrderId,
      RedirectUrl: input.callbackUrl,
      ...(cell ? { CellNumber: cell } : {}),
    };
    const answer = (await postJson("saman", "token", `${this.base}/onlinepg/onlinepg`, body, this.options.timeoutMs, log)) as {
      status?: number | string;
      token?: string;
      errorCode?: number | string;
      errorDesc?: string;
    } | null;
    if (String(answer?.status) !== "1" || typeof answer?.token !== "string" || answer.token === "") {
      return { ok: false, code: String(answer?.errorCode ?? answer?.status ?? "unknown"), message: String(answer?.errorDesc ?? "") };
    }
    // GetMethod=false: SEP posts the result back as a form (the callback route reads both).
    return {
      ok: true,
      authority: answer.token,
      redirect: { url: `${this.base}/OnlinePG/OnlinePG`, method: "POST", fields: { Token: answer.token, GetMethod: "false" } },
    };
  }

  readCallback(payment: GatewayPayment, fields: Record<string, string>): CallbackReading {
    const status = fields.Status?.trim() ?? null;
    // The sale must be ours: our ResNum, our terminal, and the token we were given. SEP always posts
    // Token back (PROTOCOLS.md §3.3); a callback without it is refused, never filled in with our own
    // stored token (which would make the check prove itself).
    const token = fields.Token?.trim() ?? "";
    const ours =
      token !== "" &&
      fields.ResNum?.trim() === payment.gatewayOrderId &&
      (fields.TerminalId === undefined || fields.TerminalId.trim() === this.terminal(payment)) &&
      (fields.MID === undefined || fields.MID.trim() === this.terminal(payment));
    const paid = status === STATUS_OK;
    const refNum = fields.RefNum?.trim() ?? "";
    return {
      authority: ours ? token : null,
      paid,
      cancelled: !paid,
      code: status,
      reference: paid && refNum !== "" && refNum.length <= 100 ? refNum : null,
      cardPan: fields.SecurePan ? maskCardNumbers(fields.SecurePan.trim()) : null,
    };
  }

  private async verifyCall(payment: GatewayPayment, refNum: string, log: ExchangeLog): Promise<SamanVerifyBody> {
    const body = { RefNum: refNum, TerminalNumber: Number(this.terminal(payment)) };
    return ((await postJson(
      "saman",
      "VerifyTransaction",
      `${this.base}/verifyTxnRandomSessionkey/ipg/VerifyTransaction`,
      body,
      this.options.timeoutMs,
      log,
    )) ?? {}) as SamanVerifyBody;
  }

  async verify(payment: GatewayPayment, callback: CallbackReading, log: ExchangeLog): Promise<VerifyOutcome> {
    const refNum = callback.reference ?? payment.reference;
    if (!refNum) return { status: "failed", code: "no_reference", message: "the callback carried no RefNum" };
    const answer = await this.verifyCall(payment, refNum, log);
    const code = String(answer.ResultCode ?? "unknown");
    const detail = answer.TransactionDetail ?? null;
    // 2: verified before (a replay, or a verify whose answer was lost); SEP repeats the detail then.
    if ((code === "0" || code === "2") && (code === "2" || answer.Success !== false)) {
      if (
        detail &&
        (String(detail.TerminalNumber) !== this.terminal(payment) || (detail.RefNum !== undefined && detail.RefNum !== refNum))
      ) {
        return { status: "failed", code, message: "VerifyTransaction answered for another terminal or receipt" };
      }
      const amount = detail?.AffectiveAmount ?? detail?.OrginalAmount;
      return {
        status: "paid",
        // Without a detail (not seen, but SEP's docs do not promise it on 2) the amount we asked for is all there is.
        amount: amount !== undefined && /^\d+$/.test(String(amount)) ? Number(amount) : payment.amount,
        reference: refNum,
        cardPan: detail?.MaskedPan ? maskCardNumbers(detail.MaskedPan) : (callback.cardPan ?? null),
        code,
      };
    }
    return { status: "failed", code, message: answer.ResultDescription ?? `VerifyTransaction ${code}` };
  }

  async settle(): Promise<ActionOutcome> {
    return { ok: true, code: "0" };
  }

  async reverse(payment: GatewayPayment, log: ExchangeLog): Promise<ActionOutcome> {
    if (!payment.reference) return { ok: false, code: "no_reference", message: "no RefNum to reverse" };
    const body = { RefNum: payment.reference, TerminalNumber: Number(this.terminal(payment)) };
    const answer = ((await postJson(
      "saman",
      "ReverseTransaction",
      `${this.base}/verifyTxnRandomSessionkey/ipg/ReverseTransaction`,
      body,
      this.options.timeoutMs,
      log,
    )) ?? {}) as SamanVerifyBody;
    const code = String(answer.ResultCode ?? "unknown");
    // 2: the same reversal made before (its answer was lost).
    return code === "0" || code === "2"
      ? { ok: true, code }
      : { ok: false, code, message: answer.ResultDescription ?? `ReverseTransaction ${code}` };
  }

  async inquire(payment: GatewayPayment, log: ExchangeLog): Promise<InquiryOutcome> {
    if (!payment.reference) return { status: "failed", code: "no_reference" };
    const answer = await this.verifyCall(payment, payment.reference, log);
    const code = String(answer.ResultCode ?? "unknown");
    if (code === "0" || code === "2") return { status: "paid", code };
    // Not found, or past the 30 minutes in which an unverified sale is returned to the payer.
    if (code === "-2" || code === "-6") return { status: "failed", code };
    return { status: "pending", code };
  }
}
