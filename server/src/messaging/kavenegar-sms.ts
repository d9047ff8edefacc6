import {
  fetchProvider,
  nationalMobile,
  SmsProviderError,
  type OtpSms,
  type SmsProvider,
  type SmsReceipt,
  type TextSms,
} from "./sms-provider.js";

/**
 * `return.status` values that will not change on a retry (PROTOCOLS.md §5.4):
 * bad arguments, disabled account, bad key, unknown or forbidden method, bad
 * receptor or sender, bad message or date, no credit, unknown template.
 * Anything else (409 "cannot answer now", 414 request limit, 5xx, unknown
 * codes) is tried again.
 */
const PERMANENT = new Set([400, 401, 403, 404, 405, 406, 407, 411, 412, 413, 417, 418, 424]);

export interface KavenegarOptions {
  apiKey: string;
  baseUrl: string;
  /** verify/lookup template for codes (`%token%` is the code); without one, codes go as sms/send text. */
  otpTemplate?: string | undefined;
  sender?: string | undefined;
  timeoutMs?: number;
}

interface KavenegarEnvelope {
  return?: { status?: number | string; message?: string };
  entries?: KavenegarEntry[] | KavenegarEntry | null;
}

interface KavenegarEntry {
  messageid?: number | string;
}

/**
 * Kavenegar's REST API (PROTOCOLS.md §5): `POST {base}/v1/{API-KEY}/{scope}/{method}.json`,
 * form-encoded, answered by `{ return: { status, message }, entries }`.
 */
export class KavenegarSmsProvider implements SmsProvider {
  readonly name = "kavenegar" as const;

  constructor(private readonly options: KavenegarOptions) {}

  async sendOtp(message: OtpSms): Promise<SmsReceipt> {
    if (!this.options.otpTemplate) return this.send(message);
    return this.call("verify/lookup", { receptor: nationalMobile(message.to), template: this.options.otpTemplate, token: message.code });
  }

  async send(message: TextSms): Promise<SmsReceipt> {
    return this.call("sms/send", {
      receptor: nationalMobile(message.to),
      message: message.text,
      ...(this.options.sender ? { sender: this.options.sender } : {}),
    });
  }

  private async call(method: string, params: Record<string, string>): Promise<SmsReceipt> {
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}/v1/${encodeURIComponent(this.options.apiKey)}/${method}.json`;
    const response = await fetchProvider(
      "kavenegar",
      url,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", Accept: "application/json" },
        body: new URLSearchParams(params).toString(),
      },
      this.options.timeoutMs ?? 10_000,
    );
    let body: KavenegarEnvelope;
    try {
      body = JSON.parse(response.text) as KavenegarEnvelope;
    } catch {
      throw new SmsProviderError(
        "kavenegar",
        `http_${response.status}`,
        "the answer was not JSON",
        response.status >= 500 || response.status === 429,
      );
    }
    // Errors come with a non-200 HTTP status too; the envelope's number is the one that means something.
    const status = Number(body.return?.status);
    if (!Number.isFinite(status)) {
      throw new SmsProviderError("kavenegar", `http_${response.status}`, "the answer had no return.status", response.status >= 500);
    }
    if (status !== 200) {
      throw new SmsProviderError("kavenegar", String(status), body.return?.message ?? "refused", !PERMANENT.has(status));
    }
    // sms/send answers an array; verify/lookup is documented both as an array and as one object.
    const entries = Array.isArray(body.entries) ? body.entries : body.entries ? [body.entries] : [];
    const id = entries[0]?.messageid;
    return { providerMessageId: id === undefined || id === null ? null : String(id) };
  }
}
