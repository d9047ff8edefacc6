import type { ProductImage } from "./product.entity.js";
import type { ServiceContext } from "../core/context.js";
import { InvalidCursorError } from "./catalog.errors.js";
import { PRODUCT_SORTS, productQuerySchema, type ProductQuery, type ProductSort } from "./catalog.schemas.js";
import type { Category } from "./category.entity.js";
import { findCategory } from "./category.service.js";
import { searchKey, searchTokens } from "@mall/locale";
import { escapeLike } from "../core/text.js";

/** A product as lists show it. */
export interface ProductSummary {
  id: string;
  slug: string;
  name: string | null;
  nameFa: string;
  categoryId: string;
  basePrice: number;
  minPrice: number;
  images: ProductImage[];
  inStock: boolean;
  isActive: boolean;
  viewCount: number;
  createdAt: Date;
}

export interface ProductPage {
  items: ProductSummary[];
  nextCursor: string | null;
}

/** Each sort: its key expression, direction and the type its cursor value is cast back to. */
const SORTS: Record<ProductSort, { key: string; direction: "ASC" | "DESC"; cast: string; valid: RegExp }> = {
  newest: { key: "p.created_at", direction: "DESC", cast: "timestamptz", valid: /^[0-9T:. +-]{10,40}$/ },
  price_asc: { key: "p.min_price", direction: "ASC", cast: "bigint", valid: /^\d{1,16}$/ },
  price_desc: { key: "p.min_price", direction: "DESC", cast: "bigint", valid: /^\d{1,16}$/ },
  popular: { key: "p.view_count", direction: "DESC", cast: "integer", valid: /^\d{1,10}$/ },
};

interface Cursor {
  sort: ProductSort;
  key: string;
  id: string;
}

/** An opaque cursor: base64url of the last row's sort key and id (keyset pagination). */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString("base64url");
}

export function decodeCursor(raw: string, sort: ProductSort): Cursor {
  try {
    const [s, key, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown[];
    if (s !== sort || !PRODUCT_SORTS.includes(s as ProductSort) || typeof key !== "string" || !SORTS[sort].valid.test(key))
      throw new Error("bad cursor");
    if (typeof id !== "string" || !/^[0-9a-f-]{36}$/.test(id)) throw new Error("bad cursor");
    return { sort, key, id };
  } catch {
    throw new InvalidCursorError();
  }
}

/**
 * Lists and searches a store's products: text in Persian or English (through
 * normalizePersian, against the trigram-indexed search_text), a category's
 * whole subtree, attribute values (`color:red,blue`; values of one attribute
 * are alternatives, several attributes must all match), a price range on the
 * lowest instance price, in-stock only; newest, by price or by popularity,
 * with keyset (cursor) pagination. Every condition starts at store_id, so each
 * query stays inside one store's slice of every index.
 */
export async function listProducts(
  ctx: ServiceContext,
  storeId: string,
  rawQuery: Partial<ProductQuery> & Record<string, unknown>,
  options: { includeInactive?: boolean; category?: Category } = {},
): Promise<ProductPage> {
  const query = productQuerySchema.parse(rawQuery);
  const listing = await productListingQuery(ctx, storeId, query, options);
  if (!listing) return { items: [], nextCursor: null };
  const rows: Array<Record<string, unknown>> = await ctx.manager.query(listing.sql, listing.params);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ sort: query.sort, key: String(last.sort_key), id: String(last.id) }) : null,
  };
}

/**
 * The SQL of one page of a listing (one row more than the page, to know
 * whether another follows), or null when a filter already rules out every
 * product. Exported for the benchmark's EXPLAIN ANALYZE.
 */
export async function productListingQuery(
  ctx: ServiceContext,
  storeId: string,
  query: ProductQuery,
  options: { includeInactive?: boolean; category?: Category } = {},
): Promise<{ sql: string; params: unknown[] } | null> {
  const params: unknown[] = [storeId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = ["p.store_id = $1"];
  if (!options.includeInactive) where.push("p.is_active");

  const category = options.category ?? (query.category ? await findCategory(ctx, storeId, query.category, "category") : undefined);
  if (category) {
    where.push(`p.category_id IN (SELECT c.id FROM categories c WHERE c.store_id = $1 AND c.path LIKE ${param(`${category.path}%`)})`);
  }
  for (const token of query.q ? searchTokens(query.q) : []) {
    where.push(`p.search_text LIKE ${param(`%${escapeLike(token)}%`)}`);
  }
  for (const valueIds of await resolveAttributeFilters(ctx, storeId, query.attr ?? [])) {
    if (valueIds.length === 0) return null;
    where.push(
      `EXISTS (SELECT 1 FROM product_attribute_values v WHERE v.store_id = $1 AND v.product_id = p.id AND v.attribute_value_id = ANY(${param(valueIds)}::uuid[]))`,
    );
  }
  if (query.minPrice !== undefined) where.push(`p.min_price >= ${param(query.minPrice)}`);
  if (query.maxPrice !== undefined) where.push(`p.min_price <= ${param(query.maxPrice)}`);
  const inStock = `EXISTS (SELECT 1 FROM product_instances i WHERE i.store_id = $1 AND i.product_id = p.id AND i.is_active AND i.stock > 0)`;
  if (query.inStock === true) where.push(inStock);
  if (query.inStock === false) where.push(`NOT ${inStock}`);

  const sort = SORTS[query.sort];
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, query.sort);
    where.push(
      `(${sort.key}, p.id) ${sort.direction === "DESC" ? "<" : ">"} (${param(cursor.key)}::${sort.cast}, ${param(cursor.id)}::uuid)`,
    );
  }
  // Stock is looked up for the page's rows only, after the LIMIT: inside the same SELECT the planner may
  // hash every instance of the store to answer 25 rows.
  const sql = `SELECT page.*, EXISTS (SELECT 1 FROM product_instances i WHERE i.store_id = $1 AND i.product_id = page.id AND i.is_active AND i.stock > 0) AS in_stock
       FROM (SELECT p.id, p.slug, p.name, p.name_fa, p.category_id, p.base_price, p.min_price, p.images, p.is_active, p.view_count, p.created_at,
                    ${sort.key}::text AS sort_key, ${sort.key} AS sort_value
               FROM products p
              WHERE ${where.join("\n                AND ")}
              ORDER BY ${sort.key} ${sort.direction}, p.id ${sort.direction}
              LIMIT ${param(query.limit + 1)}) page
      ORDER BY page.sort_value ${sort.direction}, page.id ${sort.direction}`;
  return { sql, params };
}

/**
 * `name:value,value` filters → one list of attribute value ids per filter. An
 * attribute is named by its key or Persian name, a value likewise, compared
 * after normalizePersian (so «رنگ:قرمز» works as well as `color:red`).
 */
async function resolveAttributeFilters(ctx: ServiceContext, storeId: string, filters: string[]): Promise<string[][]> {
  if (filters.length === 0) return [];
  const parsed = filters.map((filter) => {
    const [name = "", values = ""] = filter.split(":");
    return { name: searchKey(name), values: values.split(",").map(searchKey).filter(Boolean) };
  });
  // A store has a few dozen attributes: match their names here, then read only the matched ones' values.
  const attributes: Array<{ id: string; name: string; name_fa: string }> = await ctx.manager.query(
    `SELECT id, name, name_fa FROM product_attributes WHERE store_id = $1`,
    [storeId],
  );
  const attributeIds = (name: string) =>
    attributes.filter((a) => searchKey(a.name) === name || searchKey(a.name_fa) === name).map((a) => a.id);
  const wanted = [...new Set(parsed.flatMap(({ name }) => attributeIds(name)))];
  const values: Array<{ id: string; attribute_id: string; value: string; value_fa: string }> = wanted.length
    ? await ctx.manager.query(
        `SELECT id, attribute_id, value, value_fa FROM attribute_values WHERE store_id = $1 AND attribute_id = ANY($2::uuid[])`,
        [storeId, wanted],
      )
    : [];
  return parsed.map(({ name, values: typed }) => {
    const ids = new Set(attributeIds(name));
    return values
      .filter(
        (row) => ids.has(row.attribute_id) && typed.some((value) => value === searchKey(row.value) || value === searchKey(row.value_fa)),
      )
      .map((row) => row.id);
  });
}

function toSummary(row: Record<string, unknown>): ProductSummary {
  return {
    id: String(row.id),
    slug: String(row.slug),
    name: row.name === null ? null : String(row.name),
    nameFa: String(row.name_fa),
    categoryId: String(row.category_id),
    basePrice: Number(row.base_price),
    minPrice: Number(row.min_price),
    images: (row.images as ProductImage[]) ?? [],
    inStock: Boolean(row.in_stock),
    isActive: Boolean(row.is_active),
    viewCount: Number(row.view_count),
    createdAt: row.created_at as Date,
  };
}

/**
 * Live price and stock of some of a store's active products, in one query:
 * the price a listing card shows (the lowest price among in-stock active
 * instances, else among all, else the base price, like the site's
 * displayPrice) and whether any instance is in stock. Unknown or inactive ids
 * are left out.
 */
export async function livePrices(
  ctx: ServiceContext,
  storeId: string,
  ids: string[],
): Promise<Array<{ id: string; price: number; inStock: boolean }>> {
  if (ids.length === 0) return [];
  const rows: Array<{ id: string; in_stock_min: string | null; any_min: string | null; base_price: string }> = await ctx.manager.query(
    `SELECT p.id, p.base_price,
            MIN(COALESCE(i.price, p.base_price)) FILTER (WHERE i.stock > 0) AS in_stock_min,
            MIN(COALESCE(i.price, p.base_price)) AS any_min
       FROM products p
       LEFT JOIN product_instances i ON i.store_id = p.store_id AND i.product_id = p.id AND i.is_active
      WHERE p.store_id = $1 AND p.id = ANY($2::uuid[]) AND p.is_active
      GROUP BY p.id, p.base_price
      ORDER BY p.id`,
    [storeId, ids],
  );
  return rows.map((row) => ({
    id: row.id,
    price: Number(row.in_stock_min ?? row.any_min ?? row.base_price),
    inStock: row.in_stock_min !== null,
  }));
}

/** Below this many direct matches, a search also looks for names that are close (a typo, a missing letter). */
const FUZZY_BELOW = 8;
/** pg_trgm word similarity a close name needs (0–1). */
const FUZZY_THRESHOLD = 0.35;

export interface SearchHit extends ProductSummary {
  /** How the name matched: the whole name, every word, or a close spelling. */
  match: "exact" | "words" | "close";
}

/**
 * The shoppers' search (header suggestions and the search page): every word
 * in the names or description (the trigram-indexed LIKE of listProducts),
 * and, when that finds few, names close to the query by pg_trgm word
 * similarity (Persian typos: «تیشرت», «پیراهم»). An exact name comes
 * first, then products with every word, then close ones; views break ties.
 * Categories whose Persian or English name holds the query come along.
 */
export async function searchCatalog(
  ctx: ServiceContext,
  storeId: string,
  q: string,
  limit: number,
): Promise<{ products: SearchHit[]; categories: Array<{ id: string; slug: string; nameFa: string }> }> {
  const tokens = searchTokens(q);
  const key = searchKey(q);
  if (tokens.length === 0) return { products: [], categories: [] };
  const columns = `p.id, p.slug, p.name, p.name_fa, p.category_id, p.base_price, p.min_price, p.images, p.is_active, p.view_count, p.created_at,
       EXISTS (SELECT 1 FROM product_instances i WHERE i.store_id = p.store_id AND i.product_id = p.id AND i.is_active AND i.stock > 0) AS in_stock`;
  const direct: Array<Record<string, unknown>> = await ctx.manager.query(
    `SELECT ${columns} FROM products p
      WHERE p.store_id = $1 AND p.is_active AND ${tokens.map((_, i) => `p.search_text LIKE $${i + 3}`).join(" AND ")}
      ORDER BY p.view_count DESC, p.id LIMIT $2`,
    [storeId, limit, ...tokens.map((token) => `%${escapeLike(token)}%`)],
  );
  let close: Array<Record<string, unknown>> = [];
  if (direct.length < FUZZY_BELOW) {
    close = await ctx.manager.query(
      `SELECT ${columns}, word_similarity($2, p.search_text) AS score FROM products p
        WHERE p.store_id = $1 AND p.is_active AND word_similarity($2, p.search_text) >= $3 AND NOT (p.id = ANY($4::uuid[]))
        ORDER BY score DESC, p.view_count DESC, p.id LIMIT $5`,
      [storeId, key, FUZZY_THRESHOLD, direct.map((row) => row.id), limit - direct.length],
    );
  }
  const exact = (row: Record<string, unknown>) =>
    searchKey(String(row.name_fa)) === key || (row.name !== null && searchKey(String(row.name)) === key);
  const products: SearchHit[] = [
    ...direct.filter(exact).map((row) => ({ ...toSummary(row), match: "exact" as const })),
    ...direct.filter((row) => !exact(row)).map((row) => ({ ...toSummary(row), match: "words" as const })),
    ...close.map((row) => ({ ...toSummary(row), match: "close" as const })),
  ].slice(0, limit);
  const categories: Array<{ id: string; slug: string; name: string; name_fa: string }> = await ctx.manager.query(
    `SELECT id, slug, name, name_fa FROM categories WHERE store_id = $1 ORDER BY path`,
    [storeId],
  );
  return {
    products,
    categories: categories
      .filter((c) => searchKey(c.name_fa).includes(key) || searchKey(c.name).includes(key))
      .slice(0, 5)
      .map((c) => ({ id: c.id, slug: c.slug, nameFa: c.name_fa })),
  };
}
