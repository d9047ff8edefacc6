import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import { ServiceUnavailableError } from "../core/errors.js";
import type { Queues } from "../jobs/queues.js";
import type { Logger } from "../platform/logger.js";
import { SmsMessage } from "./sms-message.entity.js";
import type { SmsJobData } from "./sms.service.js";

export interface SmsQueueDeps {
  queues: Queues;
  dataSource: DataSource;
  logger: Logger;
  config: Pick<Config, "SMS_RETRY_ATTEMPTS" | "SMS_RETRY_DELAY_MS">;
}

/**
 * Hands a recorded SMS to the `sms` queue, once its row has committed. Retries
 * back off exponentially (SMS_RETRY_*). The job is deleted once sent, because
 * its data holds the code; a failed one is kept an hour for inspection. If
 * Redis refuses, the record is marked failed and the caller answers 503: an
 * SMS is never left "queued" with no job behind it.
 */
export async function enqueueSms(deps: SmsQueueDeps, job: SmsJobData): Promise<void> {
  try {
    await deps.queues.get("sms").add(job.kind, job, {
      jobId: `sms-${job.messageId}`,
      attempts: deps.config.SMS_RETRY_ATTEMPTS,
      backoff: { type: "exponential", delay: deps.config.SMS_RETRY_DELAY_MS },
      removeOnComplete: true,
      removeOnFail: { age: 3600 },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.dataSource
      .getRepository(SmsMessage)
      .update({ id: job.messageId }, { status: "failed", lastError: `could not be queued: ${message}`.slice(0, 500) });
    deps.logger.error({ messageId: job.messageId, kind: job.kind, err: message }, "sms could not be queued");
    throw new ServiceUnavailableError("ارسال پیامک موقتاً ممکن نیست؛ لطفاً کمی بعد دوباره تلاش کنید.", "sms_unavailable");
  }
}
