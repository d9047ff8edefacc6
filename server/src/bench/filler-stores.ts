/**
 * Other merchants' stores for the many-stores axis of `npm run bench`: each
 * with its tenant, owner membership, a category and a few products with one
 * instance each, inserted with generate_series in a handful of statements
 * (10,000 stores in seconds). Bulk rows write no outbox events: nothing
 * listens to benchmark stores.
 */
import type { DataSource } from "typeorm";

export const FILLER_PRODUCTS_PER_STORE = 20;

/** Adds stores numbered from..to-1 (0-based, so calls can grow the set step by step), all owned by `ownerId`. */
export async function addFillerStores(dataSource: DataSource, options: { from: number; to: number; ownerId: string }): Promise<void> {
  if (options.to <= options.from) return;
  const args = [options.from, options.to - 1, options.ownerId, FILLER_PRODUCTS_PER_STORE];
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `WITH tenants_made AS (
         INSERT INTO tenants (name, slug) SELECT 'Filler ' || i, 'filler-' || i FROM generate_series($1::int, $2::int) i RETURNING id, slug
       ), stores_made AS (
         INSERT INTO stores (tenant_id, owner_id, name, slug) SELECT id, $3::uuid, 'فروشگاه ' || slug, slug FROM tenants_made RETURNING id
       ), members AS (
         INSERT INTO store_members (store_id, user_id, role) SELECT id, $3::uuid, 'owner' FROM stores_made RETURNING store_id
       )
       INSERT INTO categories (id, store_id, path, name, name_fa, slug)
       SELECT c.id, c.store_id, '/' || c.id || '/', 'General', 'عمومی', 'general'
       FROM (SELECT gen_random_uuid() AS id, store_id FROM members) c`,
      args.slice(0, 3),
    );
    // Products and instances of the stores just made (slug filler-N, N in range).
    await manager.query(
      `WITH made AS (
         SELECT s.id AS store_id, c.id AS category_id FROM stores s JOIN categories c ON c.store_id = s.id
         WHERE s.slug LIKE 'filler-%' AND substring(s.slug from 8)::int BETWEEN $1 AND $2
       ), products_made AS (
         INSERT INTO products (store_id, category_id, name, name_fa, slug, base_price, min_price, search_text)
         SELECT store_id, category_id, 'Item ' || n, 'کالای ' || n, 'item-' || n, 1000000 + n * 10000, 1000000 + n * 10000, 'item ' || n
         FROM made, generate_series(1, $3::int) n RETURNING id, store_id, slug
       )
       INSERT INTO product_instances (store_id, product_id, sku, stock, combination_key)
       SELECT store_id, id, upper(slug), 5, '' FROM products_made`,
      [options.from, options.to - 1, FILLER_PRODUCTS_PER_STORE],
    );
  });
  await dataSource.query(`ANALYZE tenants, stores, store_members, categories, products, product_instances`);
}
