import { createPublicKey, verify, type KeyObject } from "node:crypto";
import type { EntityManager } from "typeorm";
import { productPageUrl } from "../social/caption.js";
import { pagesOf, pageWindow, tomansOf } from "./comparison-webservice.js";

/**
 * Torob's merchant product webservice, version 3 (issue 27 #5; PROTOCOLS.md
 * §10): Torob POSTs to the store's own host with a JWT it signed (EdDSA,
 * Ed25519) whose audience is that host; the store answers its products a
 * page of 100 at a time, by date added or updated, by cursor, or by the
 * URLs or uniques Torob asks about. One entry per variant (page_unique is
 * the variant's id, product_group_id the product's), prices in Tomans.
 */

export const TOROB_PAGE_SIZE = 100;
export const TOROB_SORTS = ["date_added_desc", "date_updated_desc", "product_id_desc"] as const;
type TorobSort = (typeof TOROB_SORTS)[number];
/** Clock difference tolerated on exp and nbf, in seconds. */
const CLOCK_TOLERANCE_S = 60;

/** A refusal with the status and `{"error": "…"}` body Torob's guide documents. */
export class TorobError extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
    message: string,
  ) {
    super(message);
  }
}

export type TorobRequest =
  | { kind: "urls"; urls: string[] }
  | { kind: "uniques"; uniques: string[] }
  | { kind: "page"; page: number; sort: Exclude<TorobSort, "product_id_desc"> }
  | { kind: "cursor"; cursor: string | null };

const MAX_LOOKUP = 100;

/** Exactly one of the documented request shapes; anything else is a 400 naming what is wrong. */
export function parseTorobRequest(body: unknown): TorobRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new TorobError(400, "the body must be a JSON object");
  const b = body as Record<string, unknown>;
  const keys = Object.keys(b);
  const strings = (value: unknown, name: string): string[] => {
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.length > MAX_LOOKUP ||
      !value.every((item) => typeof item === "string" && item.length > 0 && item.length <= 1500)
    ) {
      throw new TorobError(400, `${name} must be a list of 1 to ${MAX_LOOKUP} non-empty strings`);
    }
    return value as string[];
  };
  if (keys.includes("page_urls")) {
    if (keys.length !== 1) throw new TorobError(400, "page_urls goes alone");
    return { kind: "urls", urls: strings(b.page_urls, "page_urls") };
  }
  if (keys.includes("page_uniques")) {
    if (keys.length !== 1) throw new TorobError(400, "page_uniques goes alone");
    return { kind: "uniques", uniques: strings(b.page_uniques, "page_uniques") };
  }
  if (!keys.includes("sort")) throw new TorobError(400, "one of page_urls, page_uniques or sort is required");
  if (typeof b.sort !== "string" || !(TOROB_SORTS as readonly string[]).includes(b.sort))
    throw new TorobError(400, `sort must be one of ${TOROB_SORTS.join(", ")}`);
  if (b.sort === "product_id_desc") {
    if (keys.some((key) => key !== "sort" && key !== "cursor")) throw new TorobError(400, "cursor mode takes sort and cursor only");
    if (b.cursor !== undefined && (typeof b.cursor !== "string" || !/^[0-9a-f-]{36}$/.test(b.cursor)))
      throw new TorobError(400, "cursor must be a next_cursor this service gave");
    return { kind: "cursor", cursor: (b.cursor as string | undefined) ?? null };
  }
  if (keys.some((key) => key !== "sort" && key !== "page")) throw new TorobError(400, "page mode takes page and sort only");
  if (typeof b.page !== "number" || !Number.isInteger(b.page) || b.page < 1) throw new TorobError(400, "page must be an integer from 1");
  return { kind: "page", page: b.page, sort: b.sort as Exclude<TorobSort, "product_id_desc"> };
}

/** Torob's public key from configuration: a PEM, or the raw 32-byte Ed25519 key in base64. */
export function torobPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) return createPublicKey(trimmed);
  const raw = Buffer.from(trimmed, "base64");
  if (raw.length !== 32) throw new Error("TOROB_PUBLIC_KEY: an Ed25519 public key is 32 bytes");
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
}

/**
 * Checks Torob's token: version 1 (X-Torob-Token-Version, or the spelling
 * C-Torob-Token-Version one document shows), alg EdDSA, signed by Torob's
 * key, within exp/nbf (a minute's tolerance), and meant for this host
 * (`aud`: host, with the port when there is one). Any failure is a 401.
 */
export function verifyTorobToken(input: {
  token: string | undefined;
  version: string | undefined;
  publicKey: KeyObject | null;
  audience: string;
  now?: Date;
}): void {
  if (!input.publicKey) throw new TorobError(401, "this service is not set up for Torob");
  if (!input.token) throw new TorobError(401, "X-Torob-Token is required");
  if (input.version !== "1") throw new TorobError(401, "X-Torob-Token-Version must be 1");
  const parts = input.token.split(".");
  if (parts.length !== 3) throw new TorobError(401, "malformed token");
  const [head, body, signature] = parts as [string, string, string];
  let header: { alg?: unknown };
  let claims: { exp?: unknown; nbf?: unknown; aud?: unknown };
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: unknown };
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { exp?: unknown; nbf?: unknown; aud?: unknown };
  } catch {
    throw new TorobError(401, "malformed token");
  }
  if (header.alg !== "EdDSA") throw new TorobError(401, "the token must be signed with EdDSA");
  if (!verify(null, Buffer.from(`${head}.${body}`), input.publicKey, Buffer.from(signature, "base64url")))
    throw new TorobError(401, "bad token signature");
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_TOLERANCE_S < now) throw new TorobError(401, "the token has expired");
  if (typeof claims.nbf === "number" && claims.nbf - CLOCK_TOLERANCE_S > now) throw new TorobError(401, "the token is not valid yet");
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(input.audience)) throw new TorobError(401, "the token is for another host");
}

export interface TorobProduct {
  page_unique: string;
  page_url: string;
  product_group_id: string;
  title: string;
  subtitle: string;
  current_price: number;
  old_price: number | null;
  availability: boolean;
  category_name: string;
  image_links: string[];
  spec: Record<string, string>;
  guarantee: string;
  short_desc: string;
  date_added: string;
  date_updated: string;
}

export interface TorobAnswer {
  api_version: "torob_api_v3";
  current_page: number | null;
  total: number | null;
  max_pages: number | null;
  next_cursor: string | null;
  products: TorobProduct[];
}

/** A time as Torob reads it: ISO 8601 in Tehran's zone (+03:30, Iran keeps no daylight saving since 2022). */
export function tehranIso(at: Date): string {
  return `${new Date(at.getTime() + 210 * 60_000).toISOString().slice(0, 19)}+03:30`;
}

interface Row {
  id: string;
  product_id: string;
  price: string | null;
  stock: number;
  created_at: Date;
  updated_at: Date;
  slug: string;
  name_fa: string;
  base_price: string;
  images: Array<{ url: string }>;
  category: string | null;
  variants: number;
  spec: Record<string, string> | null;
}

const SELECT = `
  SELECT i.id, i.product_id, i.price::text AS price, i.stock, i.created_at, GREATEST(i.updated_at, p.updated_at) AS updated_at,
         p.slug, p.name_fa, p.base_price::text AS base_price, p.images, c.name_fa AS category,
         (SELECT count(*)::int FROM product_instances o WHERE o.store_id = p.store_id AND o.product_id = p.id AND o.is_active) AS variants,
         (SELECT jsonb_object_agg(a.name_fa, v.value) FROM product_instance_attributes v JOIN product_attributes a ON a.store_id = v.store_id AND a.id = v.attribute_id
           WHERE v.store_id = i.store_id AND v.instance_id = i.id) AS spec
    FROM product_instances i
    JOIN products p ON p.store_id = i.store_id AND p.id = i.product_id
    LEFT JOIN categories c ON c.store_id = p.store_id AND c.id = p.category_id
   WHERE i.store_id = $1 AND i.is_active AND p.is_active`;

function present(row: Row, origin: string): TorobProduct {
  const productUrl = productPageUrl(origin, row.slug);
  const price = tomansOf(row.price ?? row.base_price);
  const available = row.stock > 0;
  const values = Object.values(row.spec ?? {});
  return {
    page_unique: row.id,
    page_url: row.variants > 1 ? `${productUrl}?v=${row.id}` : productUrl,
    product_group_id: row.product_id,
    title: (values.length > 0 ? `${row.name_fa} - ${values.join(" / ")}` : row.name_fa).slice(0, 500),
    subtitle: "",
    current_price: available ? price : 0,
    old_price: null,
    availability: available,
    category_name: row.category ?? "",
    image_links: row.images.map((image) => new URL(image.url, origin).toString()),
    spec: row.spec ?? {},
    guarantee: "",
    short_desc: "",
    date_added: tehranIso(row.created_at),
    date_updated: tehranIso(row.updated_at),
  };
}

/** The variants of the store Torob sees: active, of an active product. */
const LISTED = `FROM product_instances i JOIN products p ON p.store_id = i.store_id AND p.id = i.product_id WHERE i.store_id = $1 AND i.is_active AND p.is_active`;

/** The entries of a page's ids, in the page's order (the page is picked on ids alone, then only its 100 rows are filled in). */
async function entries(manager: EntityManager, storeId: string, ids: string[], order: string): Promise<Row[]> {
  if (ids.length === 0) return [];
  return (await manager.query(`${SELECT} AND i.id = ANY($2::uuid[]) ORDER BY ${order}`, [storeId, ids])) as Row[];
}

/** The answer to one request, for the store at `origin` (its own host, as the page URLs carry it). */
export async function torobProducts(manager: EntityManager, storeId: string, origin: string, request: TorobRequest): Promise<TorobAnswer> {
  const envelope = { api_version: "torob_api_v3" as const, next_cursor: null };
  if (request.kind === "uniques" || request.kind === "urls") {
    const ids = new Set<string>();
    const slugs = new Set<string>();
    if (request.kind === "uniques") for (const unique of request.uniques) if (/^[0-9a-f-]{36}$/.test(unique)) ids.add(unique);
    if (request.kind === "urls") {
      for (const raw of request.urls) {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          continue;
        }
        if (url.origin !== origin) continue;
        const match = /^\/p\/([^/]+)\/?$/.exec(url.pathname);
        if (!match) continue;
        const variant = url.searchParams.get("v");
        if (variant && /^[0-9a-f-]{36}$/.test(variant)) ids.add(variant);
        else slugs.add(decodeURIComponent(match[1]!));
      }
    }
    const rows = (await manager.query(
      `${SELECT} AND (i.id::text = ANY($2::text[]) OR p.slug = ANY($3::text[])) ORDER BY i.created_at DESC, i.id DESC LIMIT 500`,
      [storeId, [...ids], [...slugs]],
    )) as Row[];
    const products = rows.map((row) => present(row, origin));
    return { ...envelope, current_page: 1, total: products.length, max_pages: 1, products };
  }
  if (request.kind === "cursor") {
    const ids = (await manager.query(`SELECT i.id ${LISTED} ${request.cursor ? "AND i.id < $3" : ""} ORDER BY i.id DESC LIMIT $2`, [
      storeId,
      TOROB_PAGE_SIZE + 1,
      ...(request.cursor ? [request.cursor] : []),
    ])) as Array<{ id: string }>;
    const page = ids.slice(0, TOROB_PAGE_SIZE).map((row) => row.id);
    const rows = await entries(manager, storeId, page, "i.id DESC");
    return {
      ...envelope,
      current_page: null,
      total: null,
      max_pages: null,
      next_cursor: ids.length > TOROB_PAGE_SIZE ? page.at(-1)! : null,
      products: rows.map((row) => present(row, origin)),
    };
  }
  const [{ total }] = (await manager.query(`SELECT count(*)::int AS total ${LISTED}`, [storeId])) as [{ total: number }];
  const order =
    request.sort === "date_added_desc" ? "i.created_at DESC, i.id DESC" : "GREATEST(i.updated_at, p.updated_at) DESC, i.id DESC";
  const { limit, offset } = pageWindow(request.page, TOROB_PAGE_SIZE);
  const ids = (await manager.query(`SELECT i.id ${LISTED} ORDER BY ${order} LIMIT $2 OFFSET $3`, [storeId, limit, offset])) as Array<{
    id: string;
  }>;
  const rows = await entries(
    manager,
    storeId,
    ids.map((row) => row.id),
    order,
  );
  return {
    ...envelope,
    current_page: request.page,
    total,
    max_pages: pagesOf(total, TOROB_PAGE_SIZE),
    products: rows.map((row) => present(row, origin)),
  };
}
