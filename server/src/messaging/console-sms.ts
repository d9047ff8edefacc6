import type { Redis } from "ioredis";
import type { Logger } from "../platform/logger.js";
import type { OtpSms, SmsProvider, SmsReceipt, TextSms } from "./sms-provider.js";

/** How long the console driver remembers a phone's last code: longer than the code lives, no longer than a demo needs. */
const LAST_OTP_TTL_SECONDS = 600;

function lastOtpKey(phone: string): string {
  return `sms:last-otp:${phone}`;
}

export interface LastOtp {
  code: string;
  text: string;
  storeId: string | null;
  sentAt: string;
}

/**
 * The laptop default: nothing leaves the machine. Messages go to the log, and
 * each phone's last code is kept in Redis (under the platform's key prefix)
 * for readLastOtp: the tests, the e2e journeys and `GET /api/v1/dev/last-otp`
 * (mounted only outside production, and only while this driver is selected).
 */
export class ConsoleSmsProvider implements SmsProvider {
  readonly name = "console" as const;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  async sendOtp(message: OtpSms): Promise<SmsReceipt> {
    const last: LastOtp = { code: message.code, text: message.text, storeId: message.storeId, sentAt: new Date().toISOString() };
    await this.redis.set(lastOtpKey(message.to), JSON.stringify(last), "EX", LAST_OTP_TTL_SECONDS);
    this.logger.info({ to: message.to, smsText: message.text }, "SMS (console driver; not sent)");
    return { providerMessageId: null };
  }

  async send(message: TextSms): Promise<SmsReceipt> {
    this.logger.info({ to: message.to, smsText: message.text }, "SMS (console driver; not sent)");
    return { providerMessageId: null };
  }
}

/** The last code the console driver "sent" to a phone (`+989…`), or null. */
export async function readLastOtp(redis: Redis, phone: string): Promise<LastOtp | null> {
  const raw = await redis.get(lastOtpKey(phone));
  return raw ? (JSON.parse(raw) as LastOtp) : null;
}
