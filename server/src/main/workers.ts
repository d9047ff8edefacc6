import { lazyTelegramChannelApi } from "@mall/bots/lazy-telegram-client.js";
import { Worker } from "bullmq";
import { analyticsListener } from "../analytics/analytics.job.js";
import { catalogImportJob } from "../catalog/csv/catalog-import.job.js";
import { productCacheJob } from "../catalog/product-cache.job.js";
import { VIEW_FLUSH_EVERY_MS, viewFlushJob } from "../catalog/view-flush.job.js";
import { pruneSignIns } from "../identity/sign-in.service.js";
import { mediaJob } from "../media/media.job.js";
import { smsJob } from "../messaging/sms.job.js";
import { createSmsProviders } from "../messaging/create-sms-providers.js";
import { orderEventsListener } from "../orders/order-events.job.js";
import { ORDER_EXPIRY_SWEEP_EVERY_MS, orderExpiryJob } from "../orders/order-expiry.job.js";
import { gatewayNotifyListener } from "../payments/gateway-notify.job.js";
import { PAYMENT_RECONCILE_EVERY_MS, paymentReconcileJob } from "../payments/payment-reconcile.job.js";
import { systemContext } from "../core/context.js";
import type { ProcessPlatform } from "./platform.js";
import { bullConnectionOptions, bullPrefix } from "../platform/redis.js";
import { siteBuildJob, siteRebuildListener } from "../sites/site-build.job.js";
import { ChannelRateLimiter } from "../social/channel-rate-limit.js";
import { InstagramGraphClient } from "../social/instagram-graph.js";
import { instagramPublishJob } from "../social/instagram-publish.job.js";
import { createInstagramLogin, instagramLoginGraphUrl } from "../social/instagram-login.js";
import { INSTAGRAM_TOKEN_SWEEP_EVERY_MS, instagramTokenJob } from "../social/instagram-token.job.js";
import { instrumentTelegram } from "../social/telegram-metrics.js";
import { telegramSyncJob } from "../social/telegram-sync.job.js";
import { DOMAIN_CHECK_EVERY_MS, domainCheckJob } from "../ssl/domain-check.job.js";
import { SSL_RENEW_EVERY_MS, sslRenewJob } from "../ssl/ssl-renew.job.js";
import { RETENTION_SWEEP_EVERY_MS, retentionJob } from "../retention/retention.job.js";
import { storeCacheJob } from "../tenancy/store-cache.job.js";
import { OutboxRelay } from "../jobs/outbox-relay.js";
import { observedProcessor, type Processor } from "../jobs/observed-processor.js";
import { LONG_RETRY_BACKOFF, longRetryBackoff, type QueueName } from "../jobs/queues.js";

/** Every queue's processor, named once; a queue with no processor here has no consumer. */
function processors(platform: ProcessPlatform): Record<QueueName, Processor> {
  return {
    "store-cache": storeCacheJob(platform.storeCache),
    sms: smsJob({ dataSource: platform.dataSource, providers: createSmsProviders(platform.config, platform), logger: platform.logger }),
    "site-rebuild": siteRebuildListener(platform),
    "site-build": siteBuildJob(platform),
    "view-flush": viewFlushJob(platform),
    media: mediaJob({
      dataSource: platform.dataSource,
      storage: platform.mediaStorage,
      logger: platform.logger,
      maxImagePixels: platform.config.MEDIA_MAX_IMAGE_PIXELS,
    }),
    ...socialProcessors(platform),
    "order-events": orderEventsListener(platform),
    "order-expiry": orderExpiryJob(platform),
    "payment-reconcile": paymentReconcileJob(platform),
    "catalog-import": catalogImportJob(platform),
    "product-cache": productCacheJob(platform),
    "ssl-renew": sslRenewJob(platform),
    "domain-check": domainCheckJob(platform),
    analytics: analyticsListener(platform),
    retention: retentionJob(platform),
    "gateway-notify": gatewayNotifyListener(platform),
  };
}

/** Channel sync and Instagram publishing: the grammY client (bots/) and the Graph client, with a per-channel limit shared through Redis. */
function socialProcessors(platform: ProcessPlatform): Record<"telegram-sync" | "instagram-sync" | "instagram-token", Processor> {
  const { config, dataSource, logger, queues } = platform;
  const limiter = new ChannelRateLimiter(platform.redis, { perMinute: config.TELEGRAM_CHANNEL_MESSAGES_PER_MINUTE });
  const telegram = instrumentTelegram(
    // grammY loads with the first channel sync, not when the worker starts.
    lazyTelegramChannelApi(config, {
      // Flood control seen by one replica holds off the channel for all of them.
      onFloodWait: (chatId, seconds) => void limiter.block(chatId, seconds).catch(() => {}),
    }),
    platform.metrics,
  );
  const common = { dataSource, storage: platform.mediaStorage, config, logger, queues };
  return {
    "telegram-sync": telegramSyncJob({ ...common, telegram, limiter, delayMs: config.SOCIAL_SYNC_DELAY_MS }),
    "instagram-sync": instagramPublishJob({
      ...common,
      graph: new InstagramGraphClient({ baseUrl: config.INSTAGRAM_GRAPH_URL }),
      loginGraph: new InstagramGraphClient({ baseUrl: instagramLoginGraphUrl(config) }),
      delayMs: config.SOCIAL_SYNC_DELAY_MS,
    }),
    "instagram-token": instagramTokenJob({ dataSource, config, logger, login: createInstagramLogin(config) }),
  };
}

/** Queues whose jobs are CPU-bound get fewer at a time than the default (sharp already uses two threads per job). */
const CONCURRENCY: Partial<Record<QueueName, number>> = { media: 1, "site-build": 1, "catalog-import": 1 };

export interface RunningWorker {
  relay: OutboxRelay;
  stop(): Promise<void>;
}

/** Starts the outbox relay and one BullMQ worker per queue (or per queue named in `queues`, for tests). */
export function startWorkers(platform: ProcessPlatform, options: { relayIntervalMs?: number; queues?: QueueName[] } = {}): RunningWorker {
  const relay = new OutboxRelay(platform.dataSource, platform.queues, platform.logger);
  relay.start(options.relayIntervalMs ?? 500);
  const selected = Object.entries(processors(platform)).filter(([name]) => !options.queues || options.queues.includes(name as QueueName));
  const workers = selected.map(([name, processor]) => {
    const worker = new Worker(name, observedProcessor(name as QueueName, processor, platform), {
      connection: bullConnectionOptions(platform.config),
      prefix: bullPrefix(platform.config),
      concurrency: CONCURRENCY[name as QueueName] ?? 4,
      settings: { backoffStrategy: (attemptsMade, type) => (type === LONG_RETRY_BACKOFF ? longRetryBackoff(attemptsMade) : 1000) },
    });
    worker.on("failed", (job, error) => platform.logger.warn({ queue: name, jobId: job?.id, err: error.message }, "job failed"));
    worker.on("error", (error) => platform.logger.debug({ queue: name, err: error.message }, "worker connection error"));
    return worker;
  });
  if (selected.some(([name]) => name === "view-flush")) {
    // One schedule per installation: upserting it again from every replica changes nothing.
    platform.queues
      .get("view-flush")
      .upsertJobScheduler("view-flush", { every: VIEW_FLUSH_EVERY_MS }, { name: "flush" })
      .catch((error: unknown) => platform.logger.warn({ err: error }, "view-flush schedule not set; it is retried at the next start"));
  }
  if (selected.some(([name]) => name === "order-expiry")) {
    // The safety net under the per-order delayed jobs: reservations whose job never ran.
    platform.queues
      .get("order-expiry")
      .upsertJobScheduler("order-expiry-sweep", { every: ORDER_EXPIRY_SWEEP_EVERY_MS }, { name: "sweep" })
      .catch((error: unknown) =>
        platform.logger.warn({ err: error }, "order-expiry sweep schedule not set; it is retried at the next start"),
      );
  }
  if (selected.some(([name]) => name === "retention")) {
    // Unpaid-order reminders whose delayed job never ran: one schedule per installation.
    platform.queues
      .get("retention")
      .upsertJobScheduler("retention-sweep", { every: RETENTION_SWEEP_EVERY_MS }, { name: "sweep" })
      .catch((error: unknown) => platform.logger.warn({ err: error }, "retention sweep schedule not set; it is retried at the next start"));
  }
  if (selected.some(([name]) => name === "payment-reconcile")) {
    // Payments whose verify or settle went unanswered: one schedule per installation.
    platform.queues
      .get("payment-reconcile")
      .upsertJobScheduler("payment-reconcile-sweep", { every: PAYMENT_RECONCILE_EVERY_MS }, { name: "sweep" })
      .catch((error: unknown) =>
        platform.logger.warn({ err: error }, "payment-reconcile schedule not set; it is retried at the next start"),
      );
  }
  if (selected.some(([name]) => name === "ssl-renew")) {
    // Custom domains' certificates within SSL_RENEW_DAYS of expiry: one schedule per installation.
    platform.queues
      .get("ssl-renew")
      .upsertJobScheduler("ssl-renew-sweep", { every: SSL_RENEW_EVERY_MS }, { name: "sweep", opts: { attempts: 1 } })
      .catch((error: unknown) => platform.logger.warn({ err: error }, "ssl-renew schedule not set; it is retried at the next start"));
  }
  if (selected.some(([name]) => name === "domain-check")) {
    // Own domains waiting for their DNS records or their certificate: one schedule per installation.
    platform.queues
      .get("domain-check")
      .upsertJobScheduler("domain-check-sweep", { every: DOMAIN_CHECK_EVERY_MS }, { name: "sweep", opts: { attempts: 1 } })
      .catch((error: unknown) => platform.logger.warn({ err: error }, "domain-check schedule not set; it is retried at the next start"));
  }
  if (selected.some(([name]) => name === "instagram-token")) {
    // Long-lived Instagram tokens near their expiry: one schedule per installation.
    platform.queues
      .get("instagram-token")
      .upsertJobScheduler("instagram-token-sweep", { every: INSTAGRAM_TOKEN_SWEEP_EVERY_MS }, { name: "sweep", opts: { attempts: 1 } })
      .catch((error: unknown) => platform.logger.warn({ err: error }, "instagram-token schedule not set; it is retried at the next start"));
  }
  const pruneTimer = setInterval(() => {
    relay.prune().catch((error: unknown) => platform.logger.warn({ err: error }, "outbox prune failed"));
    platform.dataSource
      .transaction((manager) => pruneSignIns(systemContext(manager, "prune")))
      .catch((error: unknown) => platform.logger.warn({ err: error }, "sign-in prune failed"));
  }, 3600_000);
  return {
    relay,
    async stop() {
      clearInterval(pruneTimer);
      await relay.stop();
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
