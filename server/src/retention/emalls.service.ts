import { createHmac, timingSafeEqual } from "node:crypto";
import type { EntityManager } from "typeorm";
import { productPageUrl } from "../social/caption.js";
import type { Store } from "../tenancy/store.entity.js";
import { pagesOf, pageWindow, tomansOf } from "./comparison-webservice.js";

/**
 * Emalls' merchant product webservice (issue 27 #5). ../shared/PROTOCOLS.md
 * has nothing on Emalls; the only public description found is a secondary
 * source, a merchant's README on GitHub describing their own Emalls
 * integration: a JSON list queried with `page` and `item_per_page`,
 * answering `{ success, products, total_items, pages_count, item_per_page,
 * page_num }`, each product with `title`, `id`, `price` (Tomans),
 * `category`, `image` (absolute URL), `guarantee`, `is_available` and `url`
 * (the product's page). That source says nothing of authentication, so the
 * credential is Mall's own: a token per store, shown to the merchant in the
 * back office to give Emalls with the address, sent as the `token`
 * parameter of the address (the one form any crawler can send) or as
 * `Authorization: Bearer …`. Verify against Emalls' own documentation
 * before relying on the details.
 *
 * One entry per product, as the static feed (/feeds/emalls.json): Emalls has
 * no field grouping variants, and the product page is where one is picked.
 */

export const EMALLS_DEFAULT_PAGE_SIZE = 100;
export const EMALLS_MAX_PAGE_SIZE = 500;
const MAX_PAGE = 1_000_000;

/** A refusal: the status, the field to blame and a Persian sentence, in the webservice's own envelope. */
export class EmallsError extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
    readonly code: string,
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }

  body() {
    return { success: false, error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export interface EmallsRequest {
  page: number;
  itemPerPage: number;
}

/** One whole number from 1 to `max` (a query string's digits or a JSON number); absent: `fallback`. */
function bounded(params: Record<string, unknown>, field: string, max: number, fallback: number): number {
  const raw = params[field];
  if (raw === undefined || raw === "") return fallback;
  const value = typeof raw === "number" ? raw : typeof raw === "string" && /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new EmallsError(400, "invalid_input", field, `${field} باید عددی صحیح از ۱ تا ${max.toLocaleString("fa-IR")} باشد.`);
  return value;
}

/** `page` (from 1; default 1) and `item_per_page` (1 to 500; default 100); anything else in range or not a number is a 400 naming the field. */
export function parseEmallsRequest(params: Record<string, unknown>): EmallsRequest {
  return {
    page: bounded(params, "page", MAX_PAGE, 1),
    itemPerPage: bounded(params, "item_per_page", EMALLS_MAX_PAGE_SIZE, EMALLS_DEFAULT_PAGE_SIZE),
  };
}

/**
 * The store's Emalls token: derived from EMALLS_TOKEN_SECRET (a secret for
 * this alone, never the one that signs sign-ins), the store and the token's
 * generation, so none is stored and renewing one (the generation moves on)
 * leaves the old one good for nothing.
 */
export function emallsToken(secret: string, store: Pick<Store, "id" | "emallsTokenGeneration">): string {
  return createHmac("sha256", `mall:emalls-token:v1:${secret}`)
    .update(`${store.id}:${store.emallsTokenGeneration}`)
    .digest("hex")
    .slice(0, 32);
}

/** Refuses (401, naming `token`) a call without the store's current token; compared in constant time. */
export function verifyEmallsToken(secret: string, store: Pick<Store, "id" | "emallsTokenGeneration">, given: string | undefined): void {
  if (!given) throw new EmallsError(401, "unauthorized", "token", "کلید ایمالز لازم است (پارامتر token یا سرآیند Authorization).");
  const expected = Buffer.from(emallsToken(secret, store));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    throw new EmallsError(401, "unauthorized", "token", "کلید ایمالز درست نیست؛ کلید تازه را از پنل فروشگاه بردارید.");
}

export interface EmallsProduct {
  id: string;
  title: string;
  price: number;
  category: string;
  image: string;
  guarantee: string;
  is_available: boolean;
  url: string;
}

export interface EmallsAnswer {
  success: true;
  products: EmallsProduct[];
  total_items: number;
  pages_count: number;
  item_per_page: number;
  page_num: number;
}

/** The products Emalls sees: active, with an active variant. */
const LISTED = `FROM products p WHERE p.store_id = $1 AND p.is_active
  AND EXISTS (SELECT 1 FROM product_instances i WHERE i.store_id = p.store_id AND i.product_id = p.id AND i.is_active)`;

interface Row {
  id: string;
  slug: string;
  name_fa: string;
  images: Array<{ url: string }>;
  category: string | null;
  in_stock_price: string | null;
  any_price: string;
}

/**
 * A page of the store at `origin` (its own host), newest first: priced as the
 * product page shows it, the lowest price among the in-stock variants (the
 * lowest of all when none is in stock), in Tomans.
 */
export async function emallsProducts(
  manager: EntityManager,
  storeId: string,
  origin: string,
  request: EmallsRequest,
): Promise<EmallsAnswer> {
  const [{ total }] = (await manager.query(`SELECT count(*)::int AS total ${LISTED}`, [storeId])) as [{ total: number }];
  const { limit, offset } = pageWindow(request.page, request.itemPerPage);
  const ids = (await manager.query(`SELECT p.id ${LISTED} ORDER BY p.created_at DESC, p.id DESC LIMIT $2 OFFSET $3`, [
    storeId,
    limit,
    offset,
  ])) as Array<{
    id: string;
  }>;
  const rows =
    ids.length === 0
      ? []
      : ((await manager.query(
          `SELECT p.id, p.slug, p.name_fa, p.images, c.name_fa AS category,
                  min(COALESCE(i.price, p.base_price)) FILTER (WHERE i.stock > 0)::text AS in_stock_price,
                  min(COALESCE(i.price, p.base_price))::text AS any_price
             FROM products p
             JOIN product_instances i ON i.store_id = p.store_id AND i.product_id = p.id AND i.is_active
             LEFT JOIN categories c ON c.store_id = p.store_id AND c.id = p.category_id
            WHERE p.store_id = $1 AND p.id = ANY($2::uuid[])
            GROUP BY p.store_id, p.id, c.name_fa
            ORDER BY p.created_at DESC, p.id DESC`,
          [storeId, ids.map((row) => row.id)],
        )) as Row[]);
  return {
    success: true,
    products: rows.map((row) => ({
      id: row.id,
      title: row.name_fa,
      price: tomansOf(row.in_stock_price ?? row.any_price),
      category: row.category ?? "",
      image: row.images[0] ? new URL(row.images[0].url, origin).toString() : "",
      guarantee: "",
      is_available: row.in_stock_price !== null,
      url: productPageUrl(origin, row.slug),
    })),
    total_items: total,
    pages_count: pagesOf(total, request.itemPerPage),
    item_per_page: request.itemPerPage,
    page_num: request.page,
  };
}
