import type { Redis } from "ioredis";
import type { Logger } from "../platform/logger.js";
import { storeRefSchema, type StoreRef } from "./tenancy.schemas.js";

/** How long "no store here" is remembered: short, so a new store answers quickly even without invalidation. */
const MISS_TTL_SECONDS = 15;
const MISS = "-";

export type StoreKey = { by: "slug"; slug: string } | { by: "domain"; domain: string } | { by: "id"; id: string };

function keyOf(key: StoreKey): string {
  switch (key.by) {
    case "slug":
      return `store:slug:${key.slug}`;
    case "domain":
      return `store:domain:${key.domain}`;
    case "id":
      return `store:id:${key.id}`;
  }
}

/**
 * Host → store lookups cached in Redis (DESIGN.md: nothing on a request's path
 * grows with the number of stores, and no replica keeps its own copy). A
 * Redis failure is never fatal: the lookup falls back to PostgreSQL.
 */
export class StoreCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** The cached value: a store, null for a remembered miss, undefined when unknown. */
  async get(key: StoreKey): Promise<StoreRef | null | undefined> {
    try {
      const raw = await this.redis.get(keyOf(key));
      if (raw === null) return undefined;
      if (raw === MISS) return null;
      const parsed = storeRefSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      this.logger.debug({ err: error }, "store cache unavailable");
      return undefined;
    }
  }

  async set(key: StoreKey, store: StoreRef | null): Promise<void> {
    try {
      if (store) await this.redis.set(keyOf(key), JSON.stringify(store), "EX", this.ttlSeconds);
      else await this.redis.set(keyOf(key), MISS, "EX", MISS_TTL_SECONDS);
    } catch (error) {
      this.logger.debug({ err: error }, "store cache unavailable");
    }
  }

  /** Forgets every key a store can be found by, before and after a change. */
  async invalidate(stores: Array<{ id: string; slug: string; customDomain: string | null }>): Promise<void> {
    const keys = stores.flatMap((store) => [
      keyOf({ by: "id", id: store.id }),
      keyOf({ by: "slug", slug: store.slug }),
      ...(store.customDomain ? [keyOf({ by: "domain", domain: store.customDomain })] : []),
    ]);
    if (keys.length === 0) return;
    await this.redis.del(...new Set(keys));
  }
}
