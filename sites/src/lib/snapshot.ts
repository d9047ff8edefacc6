import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * The catalog snapshot a site build reads (DESIGN.md: sites never open the
 * database). The build job writes it from the catalog service; this schema is
 * the contract between the two, so a change on either side fails loudly here.
 */
const imageVariantSchema = z.object({
  format: z.enum(["webp", "avif", "jpeg", "png"]),
  width: z.number().int().positive(),
  url: z.string(),
});

export const imageSchema = z.object({
  url: z.string(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  alt: z.string().default(""),
  variants: z.array(imageVariantSchema).default([]),
});
export type SnapshotImage = z.infer<typeof imageSchema>;

const attributeValueSchema = z.object({
  id: z.string(),
  slug: z.string(),
  value: z.string(),
  valueFa: z.string(),
  hex: z.string().nullable().default(null),
});

export const attributeSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  nameFa: z.string(),
  type: z.enum(["color", "size", "description", "custom"]),
  isCategorizer: z.boolean(),
  values: z.array(attributeValueSchema),
});
export type SnapshotAttribute = z.infer<typeof attributeSchema>;

export const categorySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  nameFa: z.string(),
  parentId: z.string().nullable(),
  isCategorizer: z.boolean(),
  /** Categorizer attributes that apply here (own and inherited): one facet page per value. */
  facetAttributeIds: z.array(z.string()).default([]),
});
export type SnapshotCategory = z.infer<typeof categorySchema>;

export const instanceSchema = z.object({
  id: z.string(),
  sku: z.string(),
  /** Rials. */
  price: z.number().int().nonnegative(),
  stock: z.number().int().nonnegative(),
  /** attribute id → value id */
  values: z.record(z.string(), z.string()),
});
export type SnapshotInstance = z.infer<typeof instanceSchema>;

export const productSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  nameFa: z.string(),
  /** Sanitised HTML (the back office keeps it to a small allow-list). */
  descriptionHtml: z.string(),
  /**
   * The same description as plain text (feeds, structured data), written by
   * the server's one converter. Empty in a snapshot written before it
   * existed, so such a previous snapshot still reads (its products rebuild).
   */
  descriptionText: z.string().default(""),
  /** Rials. */
  basePrice: z.number().int().nonnegative(),
  categoryId: z.string().nullable(),
  images: z.array(imageSchema),
  createdAt: z.string(),
  popularity: z.number().int().nonnegative(),
  instances: z.array(instanceSchema),
});
export type SnapshotProduct = z.infer<typeof productSchema>;

export const snapshotSchema = z.object({
  version: z.literal(1),
  store: z.object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    theme: z.enum(["bazaar", "minimal"]),
    layout: z.enum(["grid", "list"]),
    /** The site's canonical origin, e.g. https://demo.mall.ir */
    origin: z.string().url(),
    logo: imageSchema.nullable(),
  }),
  categories: z.array(categorySchema),
  attributes: z.array(attributeSchema),
  products: z.array(productSchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

let cached: { path: string; snapshot: Snapshot } | undefined;

/** The snapshot named by MALL_SNAPSHOT (the build job sets it), read once per build. */
export function loadSnapshot(): Snapshot {
  const path = process.env.MALL_SNAPSHOT;
  if (!path) throw new Error("MALL_SNAPSHOT must name the catalog snapshot to build from");
  if (cached?.path !== path) cached = { path, snapshot: snapshotSchema.parse(JSON.parse(readFileSync(path, "utf8"))) };
  return cached.snapshot;
}
