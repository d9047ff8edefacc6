import {
  fetchProvider,
  nationalMobile,
  SmsProviderError,
  type OtpSms,
  type SmsProvider,
  type SmsReceipt,
  type TextSms,
} from "./sms-provider.js";

/** Envelope statuses worth another try: 0 (server error) and 20 (too many requests); the rest are the request's fault. */
const RETRYABLE_STATUSES = new Set([0, 20]);

export interface SmsIrOptions {
  apiKey: string;
  baseUrl: string;
  /** A verify template with one parameter named `Code`; without one, codes go as bulk text. */
  otpTemplateId?: number | undefined;
  lineNumber?: string | undefined;
  timeoutMs?: number;
}

interface SmsIrEnvelope {
  status?: number;
  message?: string;
  data?: { messageId?: number; messageIds?: number[]; packId?: string } | null;
}

/**
 * SMS.ir REST v1 (PROTOCOLS.md §6): JSON to `/v1/send/verify` and
 * `/v1/send/bulk` with an `X-API-KEY` header, answered by
 * `{ status, message, data }` where status 1 is success.
 */
export class SmsIrSmsProvider implements SmsProvider {
  readonly name = "smsir" as const;

  constructor(private readonly options: SmsIrOptions) {}

  async sendOtp(message: OtpSms): Promise<SmsReceipt> {
    if (!this.options.otpTemplateId) return this.send(message);
    const data = await this.call("/v1/send/verify", {
      mobile: nationalMobile(message.to),
      templateId: this.options.otpTemplateId,
      parameters: [{ name: "Code", value: message.code }],
    });
    return { providerMessageId: data?.messageId === undefined ? null : String(data.messageId) };
  }

  async send(message: TextSms): Promise<SmsReceipt> {
    if (!this.options.lineNumber)
      throw new SmsProviderError("smsir", "not_configured", "SMSIR_LINE_NUMBER is needed to send text messages", false);
    const data = await this.call("/v1/send/bulk", {
      lineNumber: Number(this.options.lineNumber),
      messageText: message.text,
      mobiles: [nationalMobile(message.to)],
      sendDateTime: null,
    });
    const id = data?.messageIds?.[0] ?? data?.packId;
    return { providerMessageId: id === undefined ? null : String(id) };
  }

  private async call(path: string, payload: unknown): Promise<SmsIrEnvelope["data"]> {
    const response = await fetchProvider(
      "smsir",
      `${this.options.baseUrl.replace(/\/+$/, "")}${path}`,
      {
        method: "POST",
        headers: { "X-API-KEY": this.options.apiKey, Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify(payload),
      },
      this.options.timeoutMs ?? 10_000,
    );
    let body: SmsIrEnvelope | undefined;
    try {
      body = JSON.parse(response.text) as SmsIrEnvelope;
    } catch {
      body = undefined;
    }
    // 200 and 400 carry the envelope (the official SDK reads both); 401/403 are a bad or restricted key.
    if (response.status === 401 || response.status === 403) {
      throw new SmsProviderError("smsir", `http_${response.status}`, body?.message ?? "the API key was refused", false);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new SmsProviderError("smsir", `http_${response.status}`, body?.message ?? "the provider is unavailable", true);
    }
    if (!body || typeof body.status !== "number") {
      throw new SmsProviderError("smsir", `http_${response.status}`, "the answer was not the documented envelope", false);
    }
    if (body.status !== 1) {
      throw new SmsProviderError("smsir", String(body.status), body.message ?? "refused", RETRYABLE_STATUSES.has(body.status));
    }
    return body.data;
  }
}
