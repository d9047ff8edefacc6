import type { Config, SmsProviderName } from "../config/config.js";
import { requirePhone } from "../identity/phone.js";
import type { ServiceContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { SmsMessage, type SmsKind } from "./sms-message.entity.js";

/**
 * What the `sms` job receives. It is the only place a code travels in clear:
 * in Redis, for the few seconds until it is sent (the job is removed once done).
 */
export interface SmsJobData {
  messageId: string;
  kind: SmsKind;
  to: string;
  text: string;
  code?: string;
  storeId: string | null;
  /** A code that is dead by then is not worth sending. */
  expiresAt?: string;
}

export interface SmsToSend {
  kind: SmsKind;
  to: string;
  text: string;
  /** For kind `otp`: the code, sent through the provider's template and masked in the record. */
  code?: string;
  storeId: string | null;
  expiresAt?: Date;
}

/**
 * Records an SMS as queued, in the caller's transaction, and returns the job
 * that sends it (enqueue it after the commit: enqueueSms). The provider is the
 * store's own choice when it has one, else the platform's.
 */
export async function recordSms(ctx: ServiceContext, sms: SmsToSend, config: Pick<Config, "SMS_PROVIDER">): Promise<SmsJobData> {
  const to = requirePhone(sms.to);
  let provider: SmsProviderName = config.SMS_PROVIDER;
  if (sms.storeId) {
    const store = await ctx.manager.getRepository(Store).findOne({ where: { id: sms.storeId }, select: { id: true, smsProvider: true } });
    provider = store?.smsProvider ?? provider;
  }
  const masked = sms.code ? sms.text.replaceAll(sms.code, "●".repeat(sms.code.length)) : sms.text;
  const row = await ctx.manager
    .getRepository(SmsMessage)
    .save(
      ctx.manager
        .getRepository(SmsMessage)
        .create({ storeId: sms.storeId, phone: to, kind: sms.kind, provider, text: masked, status: "queued" }),
    );
  return {
    messageId: row.id,
    kind: sms.kind,
    to,
    text: sms.text,
    ...(sms.code ? { code: sms.code } : {}),
    storeId: sms.storeId,
    ...(sms.expiresAt ? { expiresAt: sms.expiresAt.toISOString() } : {}),
  };
}
