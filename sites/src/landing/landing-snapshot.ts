import { readFileSync } from "node:fs";
import { z } from "zod";
// A .js suffix (resolved to the .ts file) because the server type-checks this file too, without allowImportingTsExtensions.
import { imageSchema } from "../lib/snapshot.js";

/**
 * What the platform's landing page is built from (the server's
 * sites/landing-snapshot.ts writes it): the platform's address, a few
 * numbers, and the featured stores. Like the catalog snapshot, this schema is
 * the contract between the two sides.
 */
export const featuredStoreSchema = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  /** The store's address, e.g. https://ketab.mall.ir */
  origin: z.string().url(),
  productCount: z.number().int().nonnegative(),
  image: imageSchema.nullable(),
});
export type FeaturedStore = z.infer<typeof featuredStoreSchema>;

export const landingSnapshotSchema = z.object({
  kind: z.literal("landing"),
  version: z.literal(1),
  platform: z.object({
    /** The bare platform domain; stores live at {slug}.{domain}. */
    domain: z.string(),
    /** The landing page's own origin, e.g. https://mall.ir */
    origin: z.string().url(),
  }),
  stats: z.object({ stores: z.number().int().nonnegative(), products: z.number().int().nonnegative() }),
  featured: z.array(featuredStoreSchema),
});
export type LandingSnapshot = z.infer<typeof landingSnapshotSchema>;

let cached: { path: string; snapshot: LandingSnapshot } | undefined;

/** The snapshot named by MALL_SNAPSHOT, read once per build. */
export function loadLandingSnapshot(): LandingSnapshot {
  const path = process.env.MALL_SNAPSHOT;
  if (!path) throw new Error("MALL_SNAPSHOT must name the landing snapshot to build from");
  if (cached?.path !== path) cached = { path, snapshot: landingSnapshotSchema.parse(JSON.parse(readFileSync(path, "utf8"))) };
  return cached.snapshot;
}
