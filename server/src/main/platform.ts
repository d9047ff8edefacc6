import type { Redis } from "ioredis";
import { Registry } from "prom-client";
import type { Config } from "../config/config.js";
import { createDataSource } from "../db/data-source.js";
import { queueDepthMetric } from "../jobs/queue-metrics.js";
import { Queues } from "../jobs/queues.js";
import { createStorage } from "../media/create-storage.js";
import type { MediaStorage } from "../media/storage.js";
import { createLogger, type Logger } from "../platform/logger.js";
import type { Platform } from "../platform/platform.js";
import { createRedis } from "../platform/redis.js";
import { initSentry } from "../platform/sentry.js";
import { StoreCache } from "../tenancy/store-cache.js";
import { StoreResolver } from "../tenancy/store-resolver.js";

/**
 * The platform (platform/platform.ts) with the domain services every process
 * shares: the store lookup by host (tenancy) and where uploaded images and
 * videos live (media, MEDIA_STORAGE). The server, the worker, the bot, the
 * CLI and the tests all start from here.
 */
export interface ProcessPlatform extends Platform {
  storeCache: StoreCache;
  storeResolver: StoreResolver;
  /** Where uploaded images and videos live (MEDIA_STORAGE). */
  mediaStorage: MediaStorage;
}

export async function createPlatform(config: Config, role: string, options: { logger?: Logger } = {}): Promise<ProcessPlatform> {
  const logger = options.logger ?? createLogger(config, role);
  await initSentry(config, role);
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    replicaUrls: config.DATABASE_REPLICA_URLS,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: `mall-${role}`,
    logger,
  });
  await dataSource.initialize();
  const redis = createRedis(config);
  // Redis may be down at start-up; requests fall back or refuse cleanly and /readyz says so.
  redis.on("error", (error: Error) => logger.debug({ err: error.message }, "redis connection error"));
  await waitForRedis(redis, 3000);
  const queues = new Queues(config);
  const storeCache = new StoreCache(redis, config.STORE_CACHE_SECONDS, logger);
  const storeResolver = new StoreResolver(dataSource, storeCache, config.PLATFORM_DOMAIN);
  const metrics = new Registry();
  queueDepthMetric(metrics, queues);
  const mediaStorage = await createStorage(config);
  return {
    config,
    logger,
    dataSource,
    redis,
    queues,
    storeCache,
    storeResolver,
    metrics,
    mediaStorage,
    async close() {
      await queues.close();
      await mediaStorage.close();
      redis.disconnect();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/** Waits a moment for the first Redis connection, without failing when Redis is down. */
function waitForRedis(redis: Redis, ms: number): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once("ready", done);
  });
}
