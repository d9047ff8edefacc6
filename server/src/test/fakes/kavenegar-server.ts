import { FakeHttpServer, MOBILE, type RecordedRequest } from "./http-fake.js";

/** Persian messages as Kavenegar's own answers carry them, by return.status (PROTOCOLS.md §5.4). */
const MESSAGES: Record<number, string> = {
  200: "تایید شد",
  400: "پارامترها ناقص هستند",
  403: "کد شناسائی API-Key معتبر نمی‌باشد",
  404: "متدی با این نام پیدا نشده است",
  405: "متد Get/Post اشتباه است",
  406: "پارامترهای اجباری خالی ارسال شده اند",
  411: "دریافت کننده نامعتبر است",
  412: "ارسال کننده نامعتبر است",
  413: "پیام خالی است و یا طول پیام بیش از حد مجاز می‌باشد",
  418: "اعتبار حساب شما کافی نیست",
  424: "الگوی مورد نظر پیدا نشد",
};

/** The line an account sends from when a request names none. */
const DEFAULT_LINE = "10004346";

export interface KavenegarFakeOptions {
  apiKey?: string;
  /** verify/lookup templates defined "in the panel". */
  templates?: string[];
  /** Line numbers the account owns (default: the account's default line 10004346); any other sender is 412. */
  senders?: string[];
  /**
   * Characters a message may have; longer is 413 ("message empty or too long", PROTOCOLS.md §5.4).
   * Kavenegar's figure is not in the sources read [?]: 900 is eight Persian SMS parts of 67
   * characters with room to spare, far more than any text Mall sends.
   */
  maxMessageLength?: number;
  /** Rials; each message costs `costPerMessage`. */
  credit?: number;
  costPerMessage?: number;
  /** Answer verify/lookup with `entries` as one object, as kavenegar-node's README shows, instead of an array. */
  lookupEntriesAsObject?: boolean;
}

/** A message the fake accepted. */
export interface KavenegarSent {
  method: "sms/send" | "verify/lookup";
  messageid: number;
  receptor: string;
  message?: string;
  sender?: string;
  template?: string;
  token?: string;
  token2?: string;
  token3?: string;
}

/**
 * A local Kavenegar (PROTOCOLS.md §5): `POST /v1/{API-KEY}/{scope}/{method}.json`,
 * form-encoded parameters, `{ return: { status, message }, entries }` answers
 * with the HTTP status equal to return.status. Implements sms/send,
 * verify/lookup and account/info, with the documented failure codes: a
 * sender that is not one of the account's lines is 412 and an empty or
 * over-long message 413, as the real service refuses them.
 */
export class KavenegarFake extends FakeHttpServer {
  readonly apiKey: string;
  readonly sent: KavenegarSent[] = [];
  credit: number;
  /** The account's lines: a sender outside them is refused, whatever was configured. */
  readonly senders: string[];
  private nextMessageId = 8792343;

  constructor(private readonly options: KavenegarFakeOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? "fake-kavenegar-key";
    this.credit = options.credit ?? 1_000_000;
    this.senders = options.senders ?? [DEFAULT_LINE];
  }

  override reset(): void {
    super.reset();
    this.sent.length = 0;
  }

  /** The API key each request carried in its path. */
  keyOf(request: RecordedRequest): string | undefined {
    return /^\/v1\/([^/]+)\//.exec(request.path)?.[1];
  }

  protected handle(request: RecordedRequest, failure: { status: number; message?: string } | undefined): { status: number; body: unknown } {
    const reply = (status: number, entries?: unknown) => ({
      status,
      body: {
        return: { status, message: (status === failure?.status && failure.message) || MESSAGES[status] || "خطا" },
        entries: entries ?? null,
      },
    });
    if (failure) return reply(failure.status);
    const url = new URL(request.path, "http://fake");
    const match = /^\/v1\/([^/]+)\/([a-z]+)\/([a-z]+)\.json$/.exec(url.pathname);
    if (!match) return reply(404);
    const [, key, scope, method] = match as unknown as [string, string, string, string];
    if (request.method !== "POST" && request.method !== "GET") return reply(405);
    if (decodeURIComponent(key) !== this.apiKey) return reply(403);
    const params: Record<string, string> =
      request.method === "GET" ? Object.fromEntries(url.searchParams) : ((request.body as Record<string, string> | undefined) ?? {});

    switch (`${scope}/${method}`) {
      case "account/info":
        return reply(200, { remaincredit: this.credit, expiredate: 0, type: "Master" });
      case "sms/send": {
        if (!params.receptor || params.message === undefined) return reply(406);
        const receptors = params.receptor.split(",").map((r) => r.trim());
        if (receptors.some((r) => !MOBILE.test(r))) return reply(411);
        if (!params.message || params.message.length > (this.options.maxMessageLength ?? 900)) return reply(413);
        if (params.sender !== undefined && !this.senders.includes(params.sender)) return reply(412);
        const cost = (this.options.costPerMessage ?? 1200) * receptors.length;
        if (this.credit < cost) return reply(418);
        this.credit -= cost;
        const entries = receptors.map((receptor) => {
          const messageid = this.nextMessageId++;
          this.sent.push({
            method: "sms/send",
            messageid,
            receptor,
            message: params.message,
            ...(params.sender ? { sender: params.sender } : {}),
          });
          return this.entry(messageid, receptor, params.message!, params.sender);
        });
        return reply(200, entries);
      }
      case "verify/lookup": {
        if (!params.receptor || !params.template || !params.token) return reply(406);
        if (!MOBILE.test(params.receptor)) return reply(411);
        if (!(this.options.templates ?? []).includes(params.template)) return reply(424);
        const cost = this.options.costPerMessage ?? 1200;
        if (this.credit < cost) return reply(418);
        this.credit -= cost;
        const messageid = this.nextMessageId++;
        this.sent.push({
          method: "verify/lookup",
          messageid,
          receptor: params.receptor,
          template: params.template,
          token: params.token,
          ...(params.token2 ? { token2: params.token2 } : {}),
          ...(params.token3 ? { token3: params.token3 } : {}),
        });
        const entry = this.entry(messageid, params.receptor, params.token, undefined);
        return reply(200, this.options.lookupEntriesAsObject ? entry : [entry]);
      }
      default:
        return reply(404);
    }
  }

  private entry(messageid: number, receptor: string, message: string, sender: string | undefined) {
    return {
      messageid,
      message,
      status: 1,
      statustext: "در صف ارسال",
      sender: sender ?? this.senders[0]!,
      receptor,
      date: Math.floor(Date.now() / 1000),
      cost: this.options.costPerMessage ?? 1200,
    };
  }
}

export function startKavenegarFake(options: KavenegarFakeOptions = {}): Promise<KavenegarFake> {
  return new KavenegarFake(options).start();
}
