import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Reserves sending slots in a sliding window per channel (and one for the
 * whole bot), and blocks a channel for as long as Telegram's `retry_after`
 * asks. All of it lives in Redis and is decided in one script, so the limit
 * holds across every worker replica; it uses Redis's clock, so replicas with
 * skewed clocks agree.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost = tonumber(ARGV[1])
local perMinute = tonumber(ARGV[2])
local perSecond = tonumber(ARGV[3])
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return blocked end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 1000)
local wait = 0
local n = redis.call('ZCARD', KEYS[1])
if n + cost > perMinute then
  local oldest = redis.call('ZRANGE', KEYS[1], n + cost - perMinute - 1, n + cost - perMinute - 1, 'WITHSCORES')
  wait = tonumber(oldest[2]) + 60000 - now
end
local g = redis.call('ZCARD', KEYS[3])
if g + cost > perSecond then
  local oldest = redis.call('ZRANGE', KEYS[3], g + cost - perSecond - 1, g + cost - perSecond - 1, 'WITHSCORES')
  local w = tonumber(oldest[2]) + 1000 - now
  if w > wait then wait = w end
end
if wait > 0 then return wait end
for i = 1, cost do
  redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i)
  redis.call('ZADD', KEYS[3], now, ARGV[4] .. ':' .. i)
end
redis.call('PEXPIRE', KEYS[1], 60000)
redis.call('PEXPIRE', KEYS[3], 1000)
return 0
`;

type ReservingRedis = Redis & {
  telegramReserve(
    chatKey: string,
    blockKey: string,
    globalKey: string,
    cost: number,
    perMinute: number,
    perSecond: number,
    id: string,
  ): Promise<number>;
};

export interface ChannelRateLimitOptions {
  /** Messages per minute to one channel (Telegram: about 20). */
  perMinute: number;
  /** Messages per second from the bot to all chats (Telegram: about 30). */
  perSecond?: number;
}

export class ChannelRateLimiter {
  private readonly redis: ReservingRedis;
  private readonly perSecond: number;

  constructor(
    redis: Redis,
    private readonly options: ChannelRateLimitOptions,
  ) {
    if (!("telegramReserve" in redis)) redis.defineCommand("telegramReserve", { numberOfKeys: 3, lua: RESERVE });
    this.redis = redis as ReservingRedis;
    this.perSecond = options.perSecond ?? 30;
  }

  /**
   * Takes `cost` slots (an album of n photos is n messages) for a channel.
   * Returns 0 when they are taken, or how many milliseconds to wait before
   * asking again (nothing is taken then).
   */
  async reserve(chatId: string, cost = 1): Promise<number> {
    const slots = Math.max(1, Math.min(cost, this.options.perMinute, this.perSecond));
    return this.redis.telegramReserve(
      `tg:rate:chat:${chatId}`,
      `tg:block:${chatId}`,
      "tg:rate:global",
      slots,
      this.options.perMinute,
      this.perSecond,
      randomUUID(),
    );
  }

  /** Holds every sender off a channel for `seconds` (Telegram's retry_after). */
  async block(chatId: string, seconds: number): Promise<void> {
    await this.redis.set(`tg:block:${chatId}`, "1", "PX", Math.max(1, Math.ceil(seconds * 1000)));
  }
}
