import { FakeHttpServer, MOBILE, type RecordedRequest } from "./http-fake.js";

/**
 * Envelope statuses and their messages, checked against SMS.ir's own REST
 * documentation (https://sms.ir/developer-web-service/rest-api/, also served
 * at https://apidocs.sms.ir/): HTTP 200 success, 400 a logical error (the
 * envelope says which), 401 an authentication error, 429 too many requests,
 * 500 unexpected; every answer is `{status, message, data}` with status 1 for
 * success. Its status table (read there through clients that copy it with
 * the same numbers and Persian wording and cite sms.ir/rest-api, e.g.
 * fstarlike/smsir-agent-skill references/errors.md, snapshot of 2026-08-15):
 * 0 system error, 10 invalid API key, 11 key disabled, 12 key limited to its
 * IPs, 13 account disabled, 14 account suspended, 20 too many requests,
 * 101 invalid line, 102 insufficient credit, 103 empty text, 104 invalid
 * mobile(s), 105 more than 100 mobiles, 107 empty mobile list, 113 template
 * not found, 114 a parameter value longer than 25 characters, 115 blacklisted
 * number, 116 empty parameter name. (A template parameter that is missing has
 * no code of its own in the table; the fake answers 116, as for a nameless one.)
 */
const MESSAGES: Record<number, string> = {
  0: "مشکلی در سامانه رخ داده است، لطفا با پشتیبانی در تماس باشید",
  1: "موفق",
  10: "کلید وب سرویس نامعتبر است",
  101: "شماره خط نامعتبر می‌باشد",
  102: "اعتبار کافی نمی‌باشد",
  103: "درخواست شما دارای متن (های) خالی است",
  104: "درخواست شما دارای موبایل (های) نادرست است",
  105: "تعداد موبایل ها بیشتر از حد مجاز (100 عدد) می‌باشد",
  107: "لیست موبایل ها خالی می‌باشد",
  113: "قالب یافت نشد",
  114: "طول رشته مقدار پارامتر، بیش از حد مجاز (25 کاراکتر) است",
  116: "نام پارامتر نمی‌تواند خالی باشد",
};

export interface SmsIrFakeOptions {
  apiKey?: string;
  /** Verify templates "in the panel": id → the parameter names each needs. */
  templates?: Record<number, string[]>;
  lineNumbers?: string[];
  /** Rials; each message costs `costPerMessage`. */
  credit?: number;
  costPerMessage?: number;
}

export interface SmsIrSent {
  path: "/v1/send/verify" | "/v1/send/bulk";
  messageId: number;
  mobile: string;
  templateId?: number;
  parameters?: Array<{ name: string; value: string }>;
  lineNumber?: number;
  messageText?: string;
}

/**
 * A local SMS.ir REST v1 (PROTOCOLS.md §6): JSON bodies, `X-API-KEY` header,
 * `{ status, message, data }` envelopes with status 1 for success. A refused
 * key is HTTP 401; request errors (bad mobile, no credit, unknown template)
 * are HTTP 400 with the envelope, as the official PHP SDK expects.
 */
export class SmsIrFake extends FakeHttpServer {
  readonly apiKey: string;
  readonly sent: SmsIrSent[] = [];
  credit: number;
  private nextMessageId = 885_000_000;

  constructor(private readonly options: SmsIrFakeOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? "fake-smsir-key";
    this.credit = options.credit ?? 1_000_000;
  }

  override reset(): void {
    super.reset();
    this.sent.length = 0;
  }

  protected handle(request: RecordedRequest, failure: { status: number; message?: string } | undefined): { status: number; body: unknown } {
    const envelope = (httpStatus: number, status: number, data: unknown = null) => ({
      status: httpStatus,
      body: { status, message: (status === failure?.status && failure.message) || MESSAGES[status] || "خطا", data },
    });
    if (request.headers["x-api-key"] !== this.apiKey) return envelope(401, 10);
    if (failure) return envelope(failure.status === 0 ? 500 : 400, failure.status);
    const path = new URL(request.path, "http://fake").pathname;
    const cost = this.options.costPerMessage ?? 1100;

    if (request.method === "GET" && path === "/v1/credit") return envelope(200, 1, this.credit);
    if (request.method !== "POST") return { status: 405, body: { status: 0, message: "Method Not Allowed", data: null } };
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object") return { status: 400, body: { status: 0, message: "بدنهٔ درخواست JSON نیست", data: null } };

    if (path === "/v1/send/verify") {
      const { mobile, templateId, parameters } = body as {
        mobile?: string;
        templateId?: number;
        parameters?: Array<{ name: string; value: string }>;
      };
      if (typeof mobile !== "string" || !MOBILE.test(mobile)) return envelope(400, 104);
      const names = typeof templateId === "number" ? this.options.templates?.[templateId] : undefined;
      if (!names) return envelope(400, 113);
      if (!Array.isArray(parameters) || parameters.some((p) => !p.name)) return envelope(400, 116);
      if (names.some((name) => !parameters.some((p) => p.name === name))) return envelope(400, 116);
      if (parameters.some((p) => String(p.value).length > 25)) return envelope(400, 114);
      if (this.credit < cost) return envelope(400, 102);
      this.credit -= cost;
      const messageId = this.nextMessageId++;
      this.sent.push({ path: "/v1/send/verify", messageId, mobile, templateId: templateId!, parameters });
      return envelope(200, 1, { messageId, cost });
    }

    if (path === "/v1/send/bulk") {
      const { lineNumber, messageText, mobiles } = body as { lineNumber?: number; messageText?: string; mobiles?: string[] };
      if (typeof lineNumber !== "number" || !(this.options.lineNumbers ?? []).includes(String(lineNumber))) return envelope(400, 101);
      if (!Array.isArray(mobiles) || mobiles.length === 0) return envelope(400, 107);
      if (mobiles.length > 100) return envelope(400, 105);
      if (mobiles.some((m) => typeof m !== "string" || !MOBILE.test(m))) return envelope(400, 104);
      if (typeof messageText !== "string" || messageText.trim().length === 0) return envelope(400, 103);
      if (this.credit < cost * mobiles.length) return envelope(400, 102);
      this.credit -= cost * mobiles.length;
      const messageIds = mobiles.map((mobile) => {
        const messageId = this.nextMessageId++;
        this.sent.push({ path: "/v1/send/bulk", messageId, mobile, lineNumber, messageText });
        return messageId;
      });
      return envelope(200, 1, { packId: `pack-${messageIds[0]}`, messageIds, cost: cost * mobiles.length });
    }
    return { status: 404, body: { status: 0, message: "Not Found", data: null } };
  }
}

export function startSmsIrFake(options: SmsIrFakeOptions = {}): Promise<SmsIrFake> {
  return new SmsIrFake(options).start();
}
