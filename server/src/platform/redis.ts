import type { RedisOptions as BullRedisOptions } from "bullmq";
import { Redis } from "ioredis";
import type { Config } from "../config/config.js";

/**
 * Options for BullMQ's connections: BullMQ needs `maxRetriesPerRequest: null`
 * on workers and manages key prefixes itself (its `prefix` option), so these
 * carry no `keyPrefix`.
 */
export function bullConnectionOptions(config: Pick<Config, "REDIS_URL">): BullRedisOptions {
  const url = new URL(config.REDIS_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === "rediss:" ? {} : undefined,
    maxRetriesPerRequest: null,
    // Reconnect forever, but not faster than every two seconds.
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

/** The BullMQ key prefix for an installation. */
export function bullPrefix(config: Pick<Config, "REDIS_PREFIX">): string {
  return `${config.REDIS_PREFIX}:bull`;
}

/**
 * The client for caches and rate limits. It fails fast while Redis is down
 * (no offline queue) so that a request can fall back to PostgreSQL or refuse
 * cleanly instead of hanging. Commands issued in the same tick go out in one
 * write (auto-pipelining): under load the rate limit, store lookup and cache
 * reads of many requests share a system call instead of one each.
 */
export function createRedis(config: Pick<Config, "REDIS_URL" | "REDIS_PREFIX">): Redis {
  return new Redis(config.REDIS_URL, {
    keyPrefix: `${config.REDIS_PREFIX}:`,
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}
