import { describe, expect, it } from "vitest";
import { createRedis } from "../platform/redis.js";
import { useTestPlatform } from "../test/test-platform.js";
import { ChannelRateLimiter } from "./channel-rate-limit.js";

const test = useTestPlatform();

describe("the per-channel sending limit", () => {
  it("holds across replicas (separate Redis connections) and per channel", async () => {
    const other = createRedis(test.config);
    await new Promise((resolve) => other.once("ready", resolve));
    try {
      const replicaA = new ChannelRateLimiter(test.platform.redis, { perMinute: 5 });
      const replicaB = new ChannelRateLimiter(other, { perMinute: 5 });
      expect(await replicaA.reserve("-1001", 3)).toBe(0);
      expect(await replicaB.reserve("-1001", 2)).toBe(0);
      const wait = await replicaA.reserve("-1001", 1);
      expect(wait).toBeGreaterThan(55_000);
      expect(wait).toBeLessThanOrEqual(60_000);
      // Nothing was taken by the refused reservation, and another channel has its own minute.
      expect(await replicaB.reserve("-1002", 5)).toBe(0);
    } finally {
      other.disconnect();
    }
  });

  it("counts an album as its photos, keeps the bot under its overall rate, and holds a channel off for retry_after", async () => {
    const limiter = new ChannelRateLimiter(test.platform.redis, { perMinute: 20, perSecond: 30 });
    expect(await limiter.reserve("-2001", 10)).toBe(0);
    expect(await limiter.reserve("-2001", 10)).toBe(0);
    expect(await limiter.reserve("-2001", 1)).toBeGreaterThan(55_000);

    const burst = new ChannelRateLimiter(test.platform.redis, { perMinute: 20, perSecond: 4 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (const chat of ["-3001", "-3002", "-3003", "-3004"]) expect(await burst.reserve(chat, 1)).toBe(0);
    const overall = await burst.reserve("-3005", 1);
    expect(overall).toBeGreaterThan(0);
    expect(overall).toBeLessThanOrEqual(1000);

    await limiter.block("-4001", 2);
    const blocked = await limiter.reserve("-4001", 1);
    expect(blocked).toBeGreaterThan(1500);
    expect(blocked).toBeLessThanOrEqual(2000);
  });
});
