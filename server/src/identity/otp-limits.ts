import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { ServiceUnavailableError, TooManyRequestsError } from "../core/errors.js";
import type { Logger } from "../platform/logger.js";
import { tooManyRequestsMessage } from "@mall/locale";

/**
 * How often codes may be asked for and tried. Every SMS costs the platform
 * money, so these limits fail closed: with Redis down, no code is sent (503).
 * Every limit is spent only by a request whose input is valid (a typo is a
 * 400, not a spent attempt), and addresses are the ones TRUST_PROXY_HOPS
 * makes Express believe (a forged X-Forwarded-For changes nothing).
 *
 * - Per phone and address, one code a minute (the SMS is usually there
 *   within seconds) and five an hour: enough for a shopper whose SMS went
 *   astray, too few to flood a number or guess codes (5 codes × 5 tries an
 *   hour). Per address (issue 24 #9): someone asking for codes to another
 *   person's phone spends their own budget, not the phone's, so the owner
 *   asking from their own address gets a fresh code at once.
 * - Per phone from every address together, twenty an hour: the ceiling on
 *   SMS to one number (cost, and harassment) when codes come from many
 *   addresses at once.
 * - Per store (and for the platform's own host), an hourly budget of sends:
 *   what bounds the bill when SMS pumping comes from many addresses at once.
 * - Per address, only a coarse ceiling: Iranian mobile carriers put thousands
 *   of shoppers behind one address (CGNAT), so 100 codes and 600 tries an
 *   hour stop one machine pumping SMS without locking a carrier's shoppers
 *   out; the per-phone and per-store budgets do the fine work.
 */
export const OTP_LIMITS = {
  phonePerMinute: { points: 1, durationSeconds: 60 },
  phonePerHour: { points: 5, durationSeconds: 3600 },
  phoneAllAddressesPerHour: { points: 20, durationSeconds: 3600 },
  sendsPerStore: { points: 500, durationSeconds: 3600 },
  sendsPerPlatform: { points: 2000, durationSeconds: 3600 },
  sendsPerIp: { points: 100, durationSeconds: 3600 },
  verifiesPerIp: { points: 600, durationSeconds: 3600 },
} as const;

/**
 * The per-phone limits. They count the normalised number, so they run in the
 * handler after validation (a typo is a 400, not a spent attempt), as do the
 * per-address and per-store budgets (identity.routes.ts).
 */
export class PhoneOtpLimits {
  private readonly limiters: Array<{ limiter: RateLimiterRedis; perAddress: boolean }>;

  constructor(
    redis: Redis,
    private readonly logger: Logger,
  ) {
    const limit = (keyPrefix: string, { points, durationSeconds }: { points: number; durationSeconds: number }) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: durationSeconds });
    this.limiters = [
      { limiter: limit("rl:otp-phone-minute", OTP_LIMITS.phonePerMinute), perAddress: true },
      { limiter: limit("rl:otp-phone-hour", OTP_LIMITS.phonePerHour), perAddress: true },
      { limiter: limit("rl:otp-phone-all-hour", OTP_LIMITS.phoneAllAddressesPerHour), perAddress: false },
    ];
  }

  /** Spends one send for the phone from this address, or throws 429 naming the seconds to wait (503 when Redis is unavailable). */
  async consumeSend(phone: string, address: string): Promise<void> {
    for (const { limiter, perAddress } of this.limiters) {
      try {
        await limiter.consume(perAddress ? `${phone}@${address}` : phone);
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
          throw new TooManyRequestsError(seconds, tooManyRequestsMessage(seconds), "otp_too_many_requests");
        }
        this.logger.warn({ err: error instanceof Error ? error.message : error, limit: limiter.keyPrefix }, "rate limiter unavailable");
        throw new ServiceUnavailableError();
      }
    }
  }
}
