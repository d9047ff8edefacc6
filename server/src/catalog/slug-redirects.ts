import type { ServiceContext } from "../core/context.js";
import type { RedirectKind } from "./slug-redirect.entity.js";

/**
 * Keeps the redirect table when a product's or category's slug changes, in
 * the caller's transaction: the old slug now leads to the row (by id, so a
 * later rename needs no rewrite), and the new slug stops being a redirect of
 * anything (a slug given back to a row is its own page again).
 */
export async function recordSlugChange(
  ctx: ServiceContext,
  storeId: string,
  kind: RedirectKind,
  targetId: string,
  oldSlug: string,
  newSlug: string,
): Promise<void> {
  if (oldSlug === newSlug) return;
  await ctx.manager.query(`DELETE FROM slug_redirects WHERE store_id = $1 AND kind = $2 AND old_slug = $3`, [storeId, kind, newSlug]);
  await ctx.manager.query(
    `INSERT INTO slug_redirects (store_id, kind, old_slug, target_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (store_id, kind, old_slug) DO UPDATE SET target_id = EXCLUDED.target_id`,
    [storeId, kind, oldSlug, targetId],
  );
}
