import { UnrecoverableError, type Job } from "bullmq";
import type { DataSource } from "typeorm";
import { ConfigError } from "../config/config.js";
import type { Logger } from "../platform/logger.js";
import { SmsMessage } from "./sms-message.entity.js";
import { maskPhone, SmsProviderError, type SmsProviders } from "./sms-provider.js";
import type { SmsJobData } from "./sms.service.js";

export interface SmsJobDeps {
  dataSource: DataSource;
  providers: SmsProviders;
  logger: Logger;
}

/**
 * The `sms` queue's processor: sends one recorded message through its
 * provider and writes the outcome on the record. A transient failure is
 * thrown back to BullMQ, which retries with backoff; a permanent one (bad
 * key, no credit, bad number) stops at once. Either way the last failure
 * marks the record failed with the provider's error and is logged at error
 * level. A record no longer queued is left alone, so a replay sends nothing.
 */
export function smsJob(deps: SmsJobDeps) {
  const messages = deps.dataSource.getRepository(SmsMessage);
  return async (job: Job<SmsJobData>): Promise<void> => {
    const data = job.data;
    const record = await messages.findOneBy({ id: data.messageId });
    if (!record || record.status !== "queued") return;
    const context = {
      messageId: record.id,
      kind: record.kind,
      provider: record.provider,
      storeId: record.storeId,
      phone: maskPhone(record.phone),
    };

    if (data.expiresAt && new Date(data.expiresAt).getTime() <= Date.now()) {
      await messages.update({ id: record.id }, { status: "failed", lastError: "the code expired before it could be sent" });
      deps.logger.error(context, "sms not sent: the code expired while queued");
      return;
    }

    try {
      const provider = deps.providers.get(record.provider);
      const receipt =
        data.kind === "otp" && data.code
          ? await provider.sendOtp({ to: data.to, code: data.code, text: data.text, storeId: data.storeId })
          : await provider.send({ to: data.to, text: data.text });
      await messages.update(
        { id: record.id },
        { status: "sent", attempts: () => "attempts + 1", sentAt: new Date(), providerMessageId: receipt.providerMessageId },
      );
    } catch (error) {
      const retryable = error instanceof SmsProviderError ? error.retryable : !(error instanceof ConfigError);
      const last = !retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const detail = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      await messages.update({ id: record.id }, { attempts: () => "attempts + 1", lastError: detail, status: last ? "failed" : "queued" });
      if (last) deps.logger.error({ ...context, attempts: job.attemptsMade + 1, err: detail }, "sms could not be sent");
      else deps.logger.warn({ ...context, attempt: job.attemptsMade + 1, err: detail }, "sms send failed; will retry");
      if (!retryable) throw new UnrecoverableError(detail);
      throw error;
    }
  };
}
