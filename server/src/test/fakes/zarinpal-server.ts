import { randomBytes, randomInt } from "node:crypto";
import { FakeHttpServer, type FakeAnswer, type RecordedRequest } from "./http-fake.js";

/**
 * A local ZarinPal Payment Gateway v4 (PROTOCOLS.md §1): the same paths
 * under /pg/v4/payment/, JSON bodies, `{data, errors}` envelopes with the
 * PHP-style empty array, authorities of 36 characters starting with A, and
 * the codes that matter: 100/101, -9 (validation), -10 (merchant), -50
 * (amount), -51 (not paid), -53 (another merchant's authority), -54 (unknown
 * authority), -61 (not reversible). Every call is checked against the
 * merchant: with `merchants` given (the terminals ZarinPal knows), any other
 * merchant_id is -10 on every path; verify, inquiry and reverse of an
 * authority that another merchant_id created are -53 (PROTOCOLS.md §1.6).
 * The "shopper" acts through pay()/cancel(), or in a browser on the
 * StartPay page (/pg/StartPay/{authority}, links that pay or cancel and
 * send the browser back to the callback with Authority and Status=OK|NOK);
 * failNext() and delayNext() stage error codes, HTTP failures and timeouts.
 */
type ZarinpalStatus = "IN_BANK" | "PAID" | "FAILED" | "VERIFIED" | "REVERSED";

export interface ZarinpalSession {
  merchantId: string;
  amount: number;
  paidAmount: number;
  callbackUrl: string;
  status: ZarinpalStatus;
  refId: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class ZarinpalServer extends FakeHttpServer {
  readonly sessions = new Map<string, ZarinpalSession>();

  /** `merchants`: the merchant_ids with a terminal; without it any well-formed UUID is one (as in ZarinPal's sandbox). */
  constructor(private readonly options: { merchants?: string[] } = {}) {
    super();
  }

  /** The shopper pays on StartPay (optionally another amount than requested); answers the callback URL the browser is sent to. */
  pay(authority: string, options: { amount?: number } = {}): string {
    const session = this.sessions.get(authority)!;
    session.status = "PAID";
    session.paidAmount = options.amount ?? session.amount;
    return this.callbackFor(authority, "OK");
  }

  cancel(authority: string): string {
    this.sessions.get(authority)!.status = "FAILED";
    return this.callbackFor(authority, "NOK");
  }

  private callbackFor(authority: string, status: "OK" | "NOK"): string {
    const url = new URL(this.sessions.get(authority)!.callbackUrl);
    url.searchParams.set("Authority", authority);
    url.searchParams.set("Status", status);
    return url.toString();
  }

  /** StartPay for a browser: the page with pay/cancel links, and the links themselves (a redirect to the shop's callback). */
  private startPay(request: RecordedRequest): FakeAnswer | null {
    const match = /^\/pg\/StartPay\/([0-9A-Za-z]+)(?:\/(OK|NOK))?$/.exec(request.path.split("?")[0]!);
    if (request.method !== "GET" || !match) return null;
    const authority = match[1]!;
    const session = this.sessions.get(authority);
    const page = (status: number, body: string) => ({
      status,
      html: `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>زرین‌پال (آزمایشی)</title></head><body>${body}</body></html>`,
    });
    if (!session) return page(404, "<h1>تراکنش یافت نشد</h1>");
    if (match[2]) {
      // A second press changes nothing: the browser goes back with what happened first.
      if (session.status === "IN_BANK")
        return { status: 302, html: "", headers: { Location: match[2] === "OK" ? this.pay(authority) : this.cancel(authority) } };
      return { status: 302, html: "", headers: { Location: this.callbackFor(authority, session.status === "FAILED" ? "NOK" : "OK") } };
    }
    return page(
      200,
      `<h1>درگاه زرین‌پال</h1><p data-testid="zarinpal-amount">${session.amount}</p>` +
        `<a data-testid="zarinpal-pay" href="/pg/StartPay/${authority}/OK">پرداخت</a> <a data-testid="zarinpal-cancel" href="/pg/StartPay/${authority}/NOK">انصراف</a>`,
    );
  }

  protected handle(request: RecordedRequest, failure: { status: number; message?: string } | undefined): FakeAnswer {
    const browser = this.startPay(request);
    if (browser) return browser;
    const error = (code: number, message: string) => ({
      status: code === -9 ? 422 : 400,
      body: { data: [], errors: { code, message, validations: [] } },
    });
    const ok = (data: Record<string, unknown>) => ({ status: 200, body: { data: { code: 100, message: "Success", ...data }, errors: [] } });
    if (failure) return error(failure.status, failure.message ?? "staged failure");
    const match = /^\/pg\/v4\/payment\/(request|verify|unVerified|inquiry|reverse)\.json$/.exec(request.path);
    if (request.method !== "POST" || !match) return { status: 404, body: { data: [], errors: { code: -404, message: "not found" } } };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const merchantId = typeof body.merchant_id === "string" ? body.merchant_id : "";
    if (!UUID.test(merchantId)) return error(-9, "The input params invalid, validation error.");
    if (this.options.merchants && !this.options.merchants.includes(merchantId))
      return error(-10, "Terminal is not valid, please check merchant_id or ip address.");
    const session = typeof body.authority === "string" ? this.sessions.get(body.authority) : undefined;
    const foreign = () => error(-53, "Session is not this merchant_id session");

    switch (match[1]) {
      case "request": {
        const amount = body.amount;
        const description = body.description;
        if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 10_000)
          return error(-9, "The input params invalid, validation error.");
        if (typeof description !== "string" || description.length === 0 || description.length > 500)
          return error(-9, "The input params invalid, validation error.");
        if (typeof body.callback_url !== "string" || !/^https?:\/\//.test(body.callback_url))
          return error(-9, "The input params invalid, validation error.");
        const authority = `A${randomBytes(27).toString("hex").slice(0, 35)}`;
        this.sessions.set(authority, {
          merchantId,
          amount,
          paidAmount: 0,
          callbackUrl: body.callback_url,
          status: "IN_BANK",
          refId: randomInt(10_000_000, 99_999_999),
        });
        return ok({ authority, fee_type: "Merchant", fee: 100 });
      }
      case "verify": {
        if (!session) return error(-54, "Invalid authority.");
        if (session.merchantId !== merchantId) return foreign();
        if (session.status === "VERIFIED")
          return {
            status: 200,
            body: {
              data: {
                code: 101,
                message: "Verified",
                ref_id: session.refId,
                card_pan: "502229******5995",
                card_hash: "0".repeat(64),
                fee_type: "Merchant",
                fee: 100,
              },
              errors: [],
            },
          };
        if (session.status !== "PAID") return error(-51, "Session is not valid, session is not active paid try.");
        if (body.amount !== session.amount || session.paidAmount !== session.amount)
          return error(-50, "Session is not valid, amounts values is not the same.");
        session.status = "VERIFIED";
        return ok({
          message: "Verified",
          ref_id: session.refId,
          card_pan: "502229******5995",
          card_hash: "0".repeat(64),
          fee_type: "Merchant",
          fee: 100,
        });
      }
      case "inquiry":
        if (!session) return error(-54, "Invalid authority.");
        if (session.merchantId !== merchantId) return foreign();
        return ok({ status: session.status });
      case "reverse":
        if (!session) return error(-54, "Invalid authority.");
        if (session.merchantId !== merchantId) return foreign();
        if (session.status !== "VERIFIED") return error(-61, "Session is not in success status.");
        session.status = "REVERSED";
        return ok({ message: "Reversed" });
      default: {
        const authorities = [...this.sessions]
          .filter(([, s]) => s.merchantId === merchantId && s.status === "PAID")
          .map(([authority, s]) => ({
            authority,
            amount: s.amount,
            callback_url: s.callbackUrl,
            referer: "",
            date: "2025-01-01 10:00:00",
          }));
        return { status: 200, body: { data: { code: "100", message: "Success", authorities }, errors: [] } };
      }
    }
  }
}
