import type { Redis } from "ioredis";
import { Registry } from "prom-client";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import { createDataSource } from "../db/data-source.js";
import { queueDepthMetric } from "../jobs/queue-metrics.js";
import { Queues } from "../jobs/queues.js";
import { createStorage, type MediaStorage } from "../media/storage.js";
import { StoreCache } from "../tenancy/store-cache.js";
import { StoreResolver } from "../tenancy/store-resolver.js";
import { createLogger, type Logger } from "./logger.js";
import { createRedis } from "./redis.js";
import { initSentry } from "./sentry.js";

/**
 * The long-lived parts a process is made of, built once and closed together.
 * The server, the worker, the bot, the CLI and the tests all start from here,
 * so each of them talks to PostgreSQL and Redis the same way.
 */
export interface Platform {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  redis: Redis;
  queues: Queues;
  storeCache: StoreCache;
  storeResolver: StoreResolver;
  metrics: Registry;
  /** Where uploaded images and videos live (MEDIA_STORAGE). */
  mediaStorage: MediaStorage;
  close(): Promise<void>;
}

export async function createPlatform(config: Config, role: string, options: { logger?: Logger } = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger(config, role);
  await initSentry(config, role);
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: `mall-${role}`, logger });
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
  const mediaStorage = createStorage(config);
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
