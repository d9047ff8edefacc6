import type { EntityManager } from "typeorm";
import type { LandingSnapshot } from "@mall/sites/landing-snapshot";
import type { Config } from "../config/config.js";
import { platformOrigin, storeOrigin } from "../tenancy/store-origin.js";
import { snapshotImages } from "./catalog-snapshot.js";

/** Stores shown on the landing page. */
export const FEATURED_STORES = 6;

interface FeaturedRow {
  slug: string;
  name: string;
  description: string;
  custom_domain: string | null;
  custom_domain_verified: boolean;
  product_count: number;
  images: unknown;
}

/**
 * The landing page's snapshot (sites/src/landing/landing-snapshot.ts is the
 * contract): a few active stores that have something to sell, the most
 * visited first, each with its most visited product's image; and how many
 * stores and products the platform holds. Two queries, whatever the number
 * of stores; they scan the products once, which a debounced landing build can
 * afford and a page request never pays.
 */
export async function createLandingSnapshot(
  manager: EntityManager,
  config: Pick<Config, "PUBLIC_URL" | "PLATFORM_DOMAIN">,
): Promise<LandingSnapshot> {
  const featured: FeaturedRow[] = await manager.query(
    `SELECT s.slug, s.name, s.description, s.custom_domain, s.custom_domain_verified, p.product_count,
            (SELECT top.images FROM products top
              WHERE top.store_id = s.id AND top.is_active AND jsonb_array_length(top.images) > 0
              ORDER BY top.view_count DESC, top.created_at DESC, top.id LIMIT 1) AS images
       FROM stores s
       JOIN (SELECT store_id, count(*)::int AS product_count, sum(view_count) AS views
               FROM products WHERE is_active GROUP BY store_id) p ON p.store_id = s.id
      WHERE s.status = 'active'
      ORDER BY p.views DESC, p.product_count DESC, s.created_at, s.id
      LIMIT $1`,
    [FEATURED_STORES],
  );
  const [stats] = await manager.query<Array<{ stores: number; products: number }>>(
    `SELECT (SELECT count(*)::int FROM stores WHERE status = 'active') AS stores,
            (SELECT count(*)::int FROM products p JOIN stores s ON s.id = p.store_id WHERE p.is_active AND s.status = 'active') AS products`,
  );
  return {
    kind: "landing",
    version: 1,
    platform: { domain: config.PLATFORM_DOMAIN, origin: platformOrigin(config) },
    stats: { stores: stats?.stores ?? 0, products: stats?.products ?? 0 },
    featured: featured.map((row) => ({
      slug: row.slug,
      name: row.name,
      description: row.description,
      origin: storeOrigin(config, { slug: row.slug, customDomain: row.custom_domain, customDomainVerified: row.custom_domain_verified }),
      productCount: row.product_count,
      image: snapshotImages(row.images)[0] ?? null,
    })),
  };
}
