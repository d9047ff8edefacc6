import type { ServiceContext } from "../core/context.js";
import { escapeLike } from "../core/text.js";

/**
 * A URL slug from a name: the English name when there is one with letters,
 * else the Persian one (ZWNJ and spaces become dashes; Persian letters stay
 * as typed).
 */
export function slugFromNames(name: string | null, nameFa: string): string {
  for (const candidate of [name ?? "", nameFa]) {
    const slug = candidate
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
      .replace(/[^a-z0-9]/gu, (char) => (/[\u0600-\u06ff]/.test(char) && /[\p{L}\p{N}]/u.test(char) ? char : "-"))
      .replace(/-+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 100)
      .replace(/-+$/, "");
    if (slug) return slug;
  }
  return "item";
}

/**
 * The base slug, or base-2, base-3… when a row of this store has it already.
 * `table` is one of ours, never user input.
 */
export async function uniqueSlug(ctx: ServiceContext, table: "categories" | "products", storeId: string, base: string): Promise<string> {
  const rows: Array<{ slug: string }> = await ctx.manager.query(
    `SELECT slug FROM ${table} WHERE store_id = $1 AND (slug = $2 OR slug LIKE $3)`,
    [storeId, base, `${escapeLike(base)}-%`],
  );
  const taken = new Set(rows.map((row) => row.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
