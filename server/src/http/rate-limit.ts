import type { Request, RequestHandler } from "express";
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Logger } from "../platform/logger.js";
import { ServiceUnavailableError, TooManyRequestsError } from "../core/errors.js";

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

/** A Redis-backed limit, shared by every replica; answers 429 with the seconds to wait. */
export function rateLimit(redis: Redis, logger: Logger, options: RateLimitOptions): RequestHandler {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `rl:${options.name}`,
    points: options.points,
    duration: options.durationSeconds,
  });
  const keyOf = options.key ?? ((req: Request) => req.ip ?? "unknown");
  return async (req, _res, next) => {
    try {
      await limiter.consume(keyOf(req));
      next();
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        next(new TooManyRequestsError(Math.max(1, Math.ceil(error.msBeforeNext / 1000))));
        return;
      }
      logger.warn({ err: error instanceof Error ? error.message : error, limit: options.name }, "rate limiter unavailable");
      if (options.failOpen) next();
      else next(new ServiceUnavailableError());
    }
  };
}
