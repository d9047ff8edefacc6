import type { Redis } from "ioredis";
import { PreparedJson } from "../core/prepared-json.js";
import type { Logger } from "../platform/logger.js";

/** How long a remembered generation lives: longer than any entry, so an expired generation has no entries left to reappear. */
const GENERATION_TTL_SECONDS = 86_400;

/**
 * Shoppers' product reads (`GET /products/:id`, what the store site's islands
 * ask for live price and stock) kept in Redis, serialised (the JSON bytes and
 * their ETag: a hit is sent as it is, never parsed, serialised or hashed
 * again), because every product page view makes one (`npm run bench` shows it).
 *
 * Each entry carries the store's generation number it was read under; the
 * product-cache listener bumps the generation on every catalog or order event
 * of the store (from the outbox, so a change is never missed, only delivered
 * late while Redis is down), and an entry of another generation is a miss.
 * The generation and the entry are read together (one MGET, one round trip;
 * both keys carry the store's id as a hash tag, so they live on one node of a
 * cluster too). A read that raced the bump writes its entry under the old
 * generation, which no reader accepts any more: a change is visible as soon as
 * its event is relayed, and PRODUCT_CACHE_SECONDS bounds any staleness. Stock
 * shown here is for display; placing an order checks it again in its
 * transaction. A Redis failure is never fatal: the read goes to PostgreSQL.
 */
export class ProductCache {
  /** Reads under way in this process: a crowd asking for one product at once makes one read (and at most one load), not one each. */
  private readonly loading = new Map<string, Promise<PreparedJson>>();

  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** Whether reads are kept at all (PRODUCT_CACHE_SECONDS > 0). */
  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  /** The cached answer for (store, id or slug), or `load()`'s, which is then kept. Off when the TTL is 0. */
  read(storeId: string, idOrSlug: string, load: () => Promise<unknown>): Promise<PreparedJson> {
    if (!this.enabled) return load().then(PreparedJson.of);
    const name = idOrSlug.trim().toLowerCase();
    const flight = `${storeId}:${name}`;
    const pending = this.loading.get(flight);
    if (pending) return pending;
    const reading = this.readThrough(storeId, name, load).finally(() => this.loading.delete(flight));
    this.loading.set(flight, reading);
    return reading;
  }

  private async lookup(storeId: string, name: string): Promise<{ generation: string; hit: PreparedJson | undefined }> {
    const [generation, entry] = await this.redis.mgetBuffer(generationKey(storeId), entryKey(storeId, name));
    const current = generation ? generation.toString("latin1") : "0";
    if (!entry) return { generation: current, hit: undefined };
    const newline = entry.indexOf(10);
    if (newline <= 0 || entry.toString("latin1", 0, newline) !== current) return { generation: current, hit: undefined };
    return { generation: current, hit: PreparedJson.parse(entry.subarray(newline + 1)) };
  }

  private async readThrough(storeId: string, name: string, load: () => Promise<unknown>): Promise<PreparedJson> {
    let generation: string;
    try {
      const found = await this.lookup(storeId, name);
      if (found.hit) return found.hit;
      generation = found.generation;
    } catch (error) {
      this.logger.debug({ err: error }, "product cache unavailable");
      return PreparedJson.of(await load());
    }
    const value = PreparedJson.of(await load());
    await this.redis
      .set(entryKey(storeId, name), Buffer.concat([Buffer.from(`${generation}\n`, "latin1"), value.serialise()]), "EX", this.ttlSeconds)
      .catch((error: unknown) => this.logger.debug({ err: error }, "product cache not written"));
    return value;
  }

  /** Forgets every cached product of a store (one key written, whatever the number of products). */
  async invalidate(storeId: string): Promise<void> {
    await this.redis.multi().incr(generationKey(storeId)).expire(generationKey(storeId), GENERATION_TTL_SECONDS).exec();
  }
}

function generationKey(storeId: string): string {
  return `product-cache:{${storeId}}:generation`;
}

function entryKey(storeId: string, name: string): string {
  return `product-cache:{${storeId}}:entry:${name}`;
}
