import type { Job } from "bullmq";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import type { EventJobData } from "../jobs/events.js";
import type { Queues } from "../jobs/queues.js";
import type { Logger } from "../platform/logger.js";
import { SmsMessage } from "../messaging/sms-message.entity.js";
import { enqueueSms } from "../messaging/sms.queue.js";

export interface GatewayNotifyDeps {
  dataSource: DataSource;
  queues: Queues;
  logger: Logger;
  config: Pick<Config, "SMS_RETRY_ATTEMPTS" | "SMS_RETRY_DELAY_MS">;
}

/**
 * The `gateway-notify` listener of `gateway.changed` (issue 24 #6): sends
 * the owner's notice that the gateway settings service recorded with the
 * change. The SMS row exists exactly when the change does; this only hands it
 * to the `sms` queue once committed. A replay finds the record sent (or its
 * job already queued under the same id) and sends nothing new.
 */
export function gatewayNotifyListener(deps: GatewayNotifyDeps) {
  return async (job: Job<EventJobData>) => {
    const { smsMessageId } = job.data.payload;
    if (typeof smsMessageId !== "string") return;
    const sms = await deps.dataSource.getRepository(SmsMessage).findOneBy({ id: smsMessageId });
    if (!sms || sms.status !== "queued") return;
    await enqueueSms(deps, { messageId: sms.id, kind: sms.kind, to: sms.phone, text: sms.text, storeId: sms.storeId });
  };
}
