import type { Request, RequestHandler } from "express";
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Logger } from "../platform/logger.js";
import { ServiceUnavailableError, TooManyRequestsError } from "../core/errors.js";
import { tooManyRequestsMessage } from "@mall/locale";

export interface RateLimitOptions {
  /** Names the limit in Redis keys and logs. */
  name: string;
  points: number;
  durationSeconds: number;
  /** What is counted: the client's IP by default; a phone number for OTP sends. */
  key?: (req: Request) => string;
  /**
   * When Redis is unreachable: true lets requests through (a general API
   * limit should not take the shop down), false refuses them (a limit that
   * guards money or SMS credit must hold).
   */
  failOpen: boolean;
}

/**
 * A Redis-backed limit, shared by every replica, spent by key: resolves when
 * the key has points left, throws 429 naming the seconds to wait otherwise
 * (503 when Redis is unreachable and the limit fails closed). For limits a
 * handler spends after validating its input.
 */
export function limiter(
  redis: Redis,
  logger: Logger,
  options: Omit<RateLimitOptions, "key"> & { code?: string },
): (key: string) => Promise<void> {
  const counter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `rl:${options.name}`,
    points: options.points,
    duration: options.durationSeconds,
  });
  return async (key) => {
    try {
      await counter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new TooManyRequestsError(seconds, tooManyRequestsMessage(seconds), options.code);
      }
      logger.warn({ err: error instanceof Error ? error.message : error, limit: options.name }, "rate limiter unavailable");
      if (!options.failOpen) throw new ServiceUnavailableError();
    }
  };
}

/** The client's address as the limits count it: Express's req.ip, which trusts exactly TRUST_PROXY_HOPS proxies. */
export const clientAddress = (req: Request): string => req.ip ?? "unknown";

/** A Redis-backed limit as middleware, run before validation; answers 429 with the seconds to wait. */
export function rateLimit(redis: Redis, logger: Logger, options: RateLimitOptions): RequestHandler {
  const spend = limiter(redis, logger, options);
  const keyOf = options.key ?? clientAddress;
  return async (req, _res, next) => {
    try {
      await spend(keyOf(req));
      next();
    } catch (error) {
      next(error);
    }
  };
}
