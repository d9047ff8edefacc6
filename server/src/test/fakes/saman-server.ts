import { randomBytes, randomInt } from "node:crypto";
import { FakeHttpServer, type FakeAnswer, type RecordedRequest } from "./http-fake.js";
import { escapeHtml } from "@mall/locale";

/**
 * A local Saman Electronic Payment (SEP) speaking the token protocol
 * (PROTOCOLS.md §3): POST /onlinepg/onlinepg with JSON {action: "token"}
 * answers {status: 1, token} or {status: -1, errorCode, errorDesc}; the
 * payment page is a form POST of Token to /OnlinePG/OnlinePG (or GET
 * /OnlinePG/SendToken?token=); the result goes back to RedirectUrl as a form
 * POST (GetMethod=true: a GET with a query) with MID, TerminalId, State,
 * Status, RefNum, ResNum, TraceNo, Amount, Wage, SecurePan, HashedCardNumber,
 * Rrn and Token; VerifyTransaction and ReverseTransaction take {RefNum,
 * TerminalNumber} and answer {TransactionDetail, ResultCode, ResultDescription,
 * Success}: 0, 2 for a repeat, -2 not found, -6 after 30 minutes (or already
 * reversed), -105 for a terminal that is not the sale's.
 *
 * The "shopper" acts through pay()/cancel() (the callback fields), or in a
 * browser on the payment page; failNext({status}) answers the next call with
 * that code (errorCode for a token request, ResultCode for verify/reverse),
 * delayNext() holds answers past the client's timeout, age() moves a sale's
 * payment time back.
 */
export type SamanSaleStatus = "pending" | "paid" | "cancelled" | "verified" | "reversed";

export interface SamanSale {
  terminalId: string;
  amount: number;
  paidAmount: number;
  resNum: string;
  redirectUrl: string;
  getMethod: boolean;
  status: SamanSaleStatus;
  refNum: string | null;
  rrn: string | null;
  traceNo: string | null;
  paidAt: number;
}

export const SAMAN_CREDENTIALS = { terminalId: "12345678" };
const SECURE_PAN = "621986******7391";
const THIRTY_MINUTES = 30 * 60_000;

function page(status: number, body: string): FakeAnswer {
  return {
    status,
    html: `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>پرداخت الکترونیک سامان (آزمایشی)</title></head><body>${body}</body></html>`,
  };
}

export class SamanServer extends FakeHttpServer {
  /** Sales by token. */
  readonly sales = new Map<string, SamanSale>();
  /** Whether a repeated verify (ResultCode 2) carries the TransactionDetail: PROTOCOLS.md §3.4 leaves it open, so tests try both. */
  detailOnRepeat = true;

  /** Verify and reverse calls received, with their JSON bodies. */
  callsOf(operation: "token" | "VerifyTransaction" | "ReverseTransaction"): Array<Record<string, unknown>> {
    const path = operation === "token" ? "/onlinepg/onlinepg" : `/verifytxnrandomsessionkey/ipg/${operation.toLowerCase()}`;
    return this.requests
      .filter((r) => r.method === "POST" && r.path.toLowerCase() === path && r.headers["content-type"]?.startsWith("application/json"))
      .map((r) => (r.body ?? {}) as Record<string, unknown>);
  }

  override reset(): void {
    super.reset();
    this.detailOnRepeat = true;
  }

  /** The shopper pays on the payment page (optionally another amount): the fields SEP sends to RedirectUrl. */
  pay(token: string, options: { amount?: number } = {}): Record<string, string> {
    const sale = this.sales.get(token)!;
    sale.status = "paid";
    sale.paidAmount = options.amount ?? sale.amount;
    sale.refNum = randomBytes(24).toString("base64url");
    sale.rrn = String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));
    sale.traceNo = String(randomInt(100_000, 999_999));
    sale.paidAt = Date.now();
    return this.callbackFields(token, "OK", "2");
  }

  /** The shopper cancels (Status 1, CanceledByUser) or the payment fails with another Status/State. */
  cancel(token: string, status: { Status: string; State: string } = { Status: "1", State: "CanceledByUser" }): Record<string, string> {
    this.sales.get(token)!.status = "cancelled";
    return this.callbackFields(token, status.State, status.Status);
  }

  /** Moves a sale's payment time back (the 30-minute verify/reverse window). */
  age(token: string, ms: number): void {
    this.sales.get(token)!.paidAt -= ms;
  }

  private callbackFields(token: string, state: string, status: string): Record<string, string> {
    const sale = this.sales.get(token)!;
    const paid = status === "2";
    return {
      MID: sale.terminalId,
      TerminalId: sale.terminalId,
      State: state,
      Status: status,
      RefNum: paid ? sale.refNum! : "",
      ResNum: sale.resNum,
      TraceNo: paid ? sale.traceNo! : "",
      Amount: String(paid ? sale.paidAmount : sale.amount),
      Wage: "0",
      SecurePan: paid ? SECURE_PAN : "",
      HashedCardNumber: paid ? "a".repeat(64) : "",
      Rrn: paid ? sale.rrn! : "",
      Token: token,
    };
  }

  /** Where the browser goes with the result: an auto-submitted form POST, or a GET with a query when GetMethod was true. */
  private sendBack(token: string, fields: Record<string, string>): FakeAnswer {
    const sale = this.sales.get(token)!;
    if (sale.getMethod) {
      const url = new URL(sale.redirectUrl);
      for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, v);
      return { status: 302, html: "", headers: { Location: url.toString() } };
    }
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join("");
    return page(
      200,
      `<form id="back" method="post" action="${escapeHtml(sale.redirectUrl)}">${inputs}<noscript><button>بازگشت به فروشگاه</button></noscript></form><script>document.getElementById("back").submit()</script>`,
    );
  }

  /** The payment page and its buttons (for a real browser). */
  private browser(request: RecordedRequest, path: string): FakeAnswer | null {
    const form = (request.body ?? {}) as Record<string, string>;
    const query = new URL(request.path, "http://fake").searchParams;
    if (
      (path === "/onlinepg/onlinepg" && request.method === "POST" && !request.headers["content-type"]?.startsWith("application/json")) ||
      (path === "/onlinepg/sendtoken" && request.method === "GET")
    ) {
      const token = form.Token ?? form.token ?? query.get("token") ?? "";
      const sale = this.sales.get(token);
      if (!sale) return page(404, "<h1>تراکنش یافت نشد (TokenNotFound)</h1>");
      sale.getMethod = String(form.GetMethod ?? "").toLowerCase() === "true";
      const button = (choice: string, label: string) =>
        `<form method="post" action="/OnlinePG/Choose"><input type="hidden" name="Token" value="${escapeHtml(token)}"><input type="hidden" name="choice" value="${choice}"><button data-testid="saman-${choice}">${label}</button></form>`;
      return page(
        200,
        `<h1>پرداخت الکترونیک سامان</h1><p data-testid="saman-amount">${sale.amount}</p>${button("pay", "پرداخت")}${button("cancel", "انصراف")}`,
      );
    }
    if (path === "/onlinepg/choose" && request.method === "POST") {
      const sale = this.sales.get(form.Token ?? "");
      if (!sale) return page(404, "<h1>تراکنش یافت نشد</h1>");
      if (sale.status !== "pending")
        return this.sendBack(
          form.Token!,
          this.callbackFields(form.Token!, sale.status === "cancelled" ? "CanceledByUser" : "OK", sale.status === "cancelled" ? "1" : "2"),
        );
      return this.sendBack(form.Token!, form.choice === "pay" ? this.pay(form.Token!) : this.cancel(form.Token!));
    }
    return null;
  }

  protected handle(request: RecordedRequest, failure: { status: number; message?: string } | undefined): FakeAnswer {
    const path = request.path.split("?")[0]!.toLowerCase();
    const browser = this.browser(request, path);
    if (browser) return browser;
    const body = (request.body ?? {}) as Record<string, unknown>;

    if (path === "/onlinepg/onlinepg" && request.method === "POST") {
      const error = (errorCode: string, errorDesc: string) => ({ status: 200, body: { status: -1, errorCode, errorDesc } });
      if (failure) return error(String(failure.status), failure.message ?? "staged failure");
      if (String(body.action ?? "").toLowerCase() !== "token") return error("5", "Invalid parameters: action");
      if (String(body.TerminalId ?? "") !== SAMAN_CREDENTIALS.terminalId) return error("12", "TerminalNotFound");
      const amount = body.Amount;
      if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 1000) return error("5", "Invalid parameters: Amount");
      if (typeof body.ResNum !== "string" || body.ResNum === "" || body.ResNum.length > 50) return error("5", "Invalid parameters: ResNum");
      if (typeof body.RedirectUrl !== "string" || !/^https?:\/\//.test(body.RedirectUrl))
        return error("5", "Invalid parameters: RedirectUrl");
      if (body.CellNumber !== undefined && !/^9\d{9}$/.test(String(body.CellNumber))) return error("5", "Invalid parameters: CellNumber");
      const token = randomBytes(16).toString("hex");
      this.sales.set(token, {
        terminalId: SAMAN_CREDENTIALS.terminalId,
        amount,
        paidAmount: 0,
        resNum: body.ResNum,
        redirectUrl: body.RedirectUrl,
        getMethod: false,
        status: "pending",
        refNum: null,
        rrn: null,
        traceNo: null,
        paidAt: 0,
      });
      return { status: 200, body: { status: 1, token } };
    }

    const match = /^\/verifytxnrandomsessionkey\/ipg\/(verifytransaction|reversetransaction)$/.exec(path);
    if (request.method !== "POST" || !match) return page(404, "<h1>404</h1>");
    const answer = (code: number, sale: SamanSale | null, description: string) => ({
      status: 200,
      body: {
        TransactionDetail:
          sale && (code === 0 || (code === 2 && this.detailOnRepeat))
            ? {
                RRN: sale.rrn,
                RefNum: sale.refNum,
                MaskedPan: SECURE_PAN,
                HashedPan: "a".repeat(64),
                TerminalNumber: Number(sale.terminalId),
                OrginalAmount: sale.paidAmount,
                AffectiveAmount: sale.paidAmount,
                StraceDate: new Date(sale.paidAt).toISOString(),
                StraceNo: sale.traceNo,
              }
            : null,
        ResultCode: code,
        ResultDescription: description,
        Success: code === 0,
      },
    });
    if (failure) return answer(failure.status, null, failure.message ?? "staged failure");
    if (String(body.TerminalNumber ?? "") !== SAMAN_CREDENTIALS.terminalId) return answer(-105, null, "Merchant is not valid");
    const sale = [...this.sales.values()].find((s) => s.refNum !== null && s.refNum === body.RefNum) ?? null;
    if (!sale) return answer(-2, null, "Transaction not found");
    const expired = Date.now() - sale.paidAt > THIRTY_MINUTES;
    if (match[1] === "verifytransaction") {
      if (sale.status === "reversed" || (sale.status === "paid" && expired))
        return answer(-6, null, "Transaction is reversed or more than 30 minutes passed");
      if (sale.status === "verified") return answer(2, sale, "Duplicate request");
      sale.status = "verified";
      return answer(0, sale, "Success");
    }
    if (sale.status === "reversed") return answer(2, sale, "Duplicate request");
    if (expired) return answer(-6, null, "More than 30 minutes passed");
    sale.status = "reversed";
    return answer(0, sale, "Success");
  }
}
