import type { Redis } from "ioredis";
import type { Logger } from "../platform/logger.js";

/** How long a remembered generation lives: longer than any entry, so an expired generation has no entries left to reappear. */
const GENERATION_TTL_SECONDS = 86_400;

/**
 * Shoppers' product reads (`GET /products/:id`, what the store site's islands
 * ask for live price and stock) kept in Redis, because one read is about seven
 * queries and every product page view makes one (`npm run bench` shows it).
 *
 * Entries are filed under the store's generation number; the product-cache
 * listener bumps it on every catalog or order event of the store (from the
 * outbox, so a change is never missed, only delivered late while Redis is
 * down). A read that raced the bump writes under the old generation, which
 * nobody reads any more: a change is visible as soon as its event is
 * relayed, and PRODUCT_CACHE_SECONDS bounds any staleness. Stock shown here
 * is for display; placing an order checks it again in its transaction.
 * A Redis failure is never fatal: the read goes to PostgreSQL.
 */
export class ProductCache {
  /** Reads under way in this process: a crowd asking for one product at once makes one read (and at most one load), not one each. */
  private readonly loading = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** The cached answer for (store, id or slug), or `load()`'s, which is then kept. Off when the TTL is 0. */
  read<T>(storeId: string, idOrSlug: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlSeconds === 0) return load();
    const name = idOrSlug.trim().toLowerCase();
    const flight = `${storeId}:${name}`;
    const pending = this.loading.get(flight);
    if (pending) return pending as Promise<T>;
    const reading = this.readThrough(storeId, name, load).finally(() => this.loading.delete(flight));
    this.loading.set(flight, reading);
    return reading;
  }

  private async readThrough<T>(storeId: string, name: string, load: () => Promise<T>): Promise<T> {
    let key: string;
    try {
      const generation = (await this.redis.get(generationKey(storeId))) ?? "0";
      key = `product-cache:${storeId}:${generation}:${name}`;
      const hit = await this.redis.get(key);
      if (hit !== null) return JSON.parse(hit) as T;
    } catch (error) {
      this.logger.debug({ err: error }, "product cache unavailable");
      return load();
    }
    const value = await load();
    await this.redis
      .set(key, JSON.stringify(value), "EX", this.ttlSeconds)
      .catch((error: unknown) => this.logger.debug({ err: error }, "product cache not written"));
    return value;
  }

  /** Forgets every cached product of a store (one key written, whatever the number of products). */
  async invalidate(storeId: string): Promise<void> {
    await this.redis.multi().incr(generationKey(storeId)).expire(generationKey(storeId), GENERATION_TTL_SECONDS).exec();
  }
}

function generationKey(storeId: string): string {
  return `product-cache:${storeId}:generation`;
}
