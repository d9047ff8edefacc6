import type { Redis } from "ioredis";
import type { DataSource } from "typeorm";

/** Views counted since the last flush: one hash, field `{storeId}:{productId}`. */
const PENDING = "catalog:views";
/** The hash a flush is working on; left behind by a flush that died, and taken up by the next one. */
const FLUSHING = "catalog:views:flushing";
const LOCK = "catalog:views:lock";

/**
 * Counts a product view in Redis (the platform client carries the key
 * prefix). A page view must not cost a PostgreSQL write, so the counts reach
 * products.view_count through flushViewCounts(), once a minute.
 */
export async function countView(redis: Redis, storeId: string, productId: string): Promise<void> {
  await redis.hincrby(PENDING, `${storeId}:${productId}`, 1);
}

/**
 * Moves counted views into products.view_count: the pending hash is renamed
 * (so new views keep counting into a fresh one), added in one UPDATE, then
 * deleted. A flush that dies before the UPDATE commits leaves the renamed
 * hash for the next flush; one that dies between the commit and the delete
 * counts that minute twice, which a view counter can afford. Returns how many
 * views were added.
 */
export async function flushViewCounts(redis: Redis, dataSource: DataSource): Promise<number> {
  // One flush at a time across worker replicas (BullMQ already runs one job per tick; this covers a manual run).
  if ((await redis.set(LOCK, "1", "EX", 120, "NX")) !== "OK") return 0;
  try {
    if (!(await redis.exists(FLUSHING))) {
      if (!(await redis.exists(PENDING))) return 0;
      await redis.rename(PENDING, FLUSHING);
    }
    const counts = await redis.hgetall(FLUSHING);
    const storeIds: string[] = [];
    const productIds: string[] = [];
    const views: number[] = [];
    for (const [field, count] of Object.entries(counts)) {
      const [storeId, productId] = field.split(":");
      const n = Number(count);
      if (
        !storeId ||
        !productId ||
        !/^[0-9a-f-]{36}$/.test(storeId) ||
        !/^[0-9a-f-]{36}$/.test(productId) ||
        !Number.isSafeInteger(n) ||
        n <= 0
      )
        continue;
      storeIds.push(storeId);
      productIds.push(productId);
      views.push(n);
    }
    if (views.length > 0) {
      // The lifetime count and the day's row (analytics: views per Tehran day) in one statement, so both or neither move.
      await dataSource.query(
        `WITH counted AS (
           UPDATE products p SET view_count = p.view_count + v.n
             FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS v(store_id, id, n)
            WHERE p.store_id = v.store_id AND p.id = v.id
           RETURNING p.store_id, p.id, v.n
         )
         INSERT INTO product_daily_views (store_id, day, product_id, views)
         SELECT store_id, (now() AT TIME ZONE 'Asia/Tehran')::date, id, n FROM counted
         ON CONFLICT (store_id, day, product_id) DO UPDATE SET views = product_daily_views.views + EXCLUDED.views`,
        [storeIds, productIds, views],
      );
    }
    await redis.del(FLUSHING);
    return views.reduce((sum, n) => sum + n, 0);
  } finally {
    await redis.del(LOCK);
  }
}
