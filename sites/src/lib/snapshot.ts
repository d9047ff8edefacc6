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

/**
 * A product video as the media pipeline keeps it: one file per format it
 * kept (today the upload's own container, remuxed without metadata), and a
 * poster (the video's cover art, else the product's first picture; null: none).
 */
export const videoSchema = z.object({
  sources: z.array(z.object({ url: z.string(), type: z.enum(["video/mp4", "video/webm"]) })).min(1),
  poster: z.string().nullable(),
});
export type SnapshotVideo = z.infer<typeof videoSchema>;

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
  /** The Latin name; null when the merchant gave none. */
  name: z.string().nullable(),
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
  /** Shown in the product page's gallery after the pictures; empty in a snapshot written before videos were. */
  videos: z.array(videoSchema).default([]),
  createdAt: z.string(),
  popularity: z.number().int().nonnegative(),
  /** Units sold in paid orders (the «best selling» sort). */
  sold: z.number().int().nonnegative().default(0),
  /** The automatic promotion the product is in now (percent null: an amount off); null: none. */
  promotion: z
    .object({ title: z.string(), percent: z.number().positive().max(100).nullable() })
    .nullable()
    .default(null),
  /** Approved reviews' average (one decimal) and count, for schema.org AggregateRating; null with none. */
  rating: z.object({ average: z.number(), count: z.number().int().positive() }).nullable().default(null),
  /** Up to three newest approved reviews, for schema.org Review (the page shows all of them live). */
  reviews: z.array(z.object({ rating: z.number().int(), body: z.string(), author: z.string(), date: z.string() })).default([]),
  instances: z.array(instanceSchema),
});
export type SnapshotProduct = z.infer<typeof productSchema>;

/** A link the merchant arranges: a path on the site (/pages/about/) or an https address. */
export const linkSchema = z.object({ label: z.string(), href: z.string() });
export type SnapshotLink = z.infer<typeof linkSchema>;

/** How shoppers reach the store; every field may be empty (null) except social (a list). */
export const contactSchema = z.object({
  /** Latin digits as dialled (09121234567, 02188776655): for tel: links; show it with Persian digits. */
  phone: z.string().nullable().default(null),
  email: z.string().nullable().default(null),
  /** Street address without province and city. */
  address: z.string().nullable().default(null),
  /** Persian name of the province. */
  province: z.string().nullable().default(null),
  city: z.string().nullable().default(null),
  /** Ten Latin digits. */
  postalCode: z.string().nullable().default(null),
  /** Free Persian text, e.g. «شنبه تا پنجشنبه ۹ تا ۱۸». */
  workingHours: z.string().nullable().default(null),
  social: z
    .array(
      z.object({
        kind: z.enum(["instagram", "telegram", "whatsapp", "eitaa", "bale", "rubika", "aparat"]),
        url: z.string(),
        /** Persian name of the network, e.g. «اینستاگرام». */
        label: z.string(),
      }),
    )
    .default([]),
});
export type SnapshotContact = z.infer<typeof contactSchema>;

export const bannerSchema = z.object({
  image: imageSchema,
  title: z.string(),
  /** Where the banner leads; null: nowhere. */
  link: z.string().nullable(),
});
export type SnapshotBanner = z.infer<typeof bannerSchema>;

/** The eNamad trust seal: the badge is an <a href> around an <img src> on trustseal.enamad.ir (the CSP allows it only then). */
export const enamadSchema = z.object({
  id: z.string(),
  code: z.string(),
  href: z.string().url(),
  imageUrl: z.string().url(),
});
export type SnapshotEnamad = z.infer<typeof enamadSchema>;

export const storeSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  theme: z.enum(["bazaar", "minimal", "gallery"]),
  layout: z.enum(["grid", "list"]),
  /** The site's canonical origin, e.g. https://demo.mall.ir */
  origin: z.string().url(),
  /** The store's logo with its WebP/AVIF widths; header, favicon and OpenGraph image. */
  logo: imageSchema.nullable(),
  /** The merchant's accent colour (#rrggbb, one of the theme's palette); null: the theme's own. */
  accent: z.string().nullable().default(null),
  /** Product pages show the product's Latin name (its `name`) under the Persian one. */
  showLatinName: z.boolean().default(false),
  contact: contactSchema.default(contactSchema.parse({})),
  /** Home banners in the order shown. */
  banners: z.array(bannerSchema).default([]),
  /** The bar above the header on every page; null: none. */
  announcement: z.object({ text: z.string(), link: z.string().nullable() }).nullable().default(null),
  headerLinks: z.array(linkSchema).default([]),
  /** The footer's links (by default the content pages). */
  footerLinks: z.array(linkSchema).default([]),
  enamad: enamadSchema.nullable().default(null),
});
export type SnapshotStore = z.infer<typeof storeSchema>;

/** A content page at /pages/{slug}/: about, contact, terms, privacy, returns, shipping, faq (never blank) and the merchant's own. */
export const pageSchema = z.object({
  slug: z.string(),
  kind: z.enum(["about", "contact", "terms", "privacy", "returns", "shipping", "faq", "custom"]),
  title: z.string(),
  /** Sanitised HTML (the same allow-list as product descriptions). */
  bodyHtml: z.string(),
});
export type SnapshotPage = z.infer<typeof pageSchema>;

export const snapshotSchema = z.object({
  version: z.literal(1),
  store: storeSchema,
  pages: z.array(pageSchema).default([]),
  categories: z.array(categorySchema),
  attributes: z.array(attributeSchema),
  products: z.array(productSchema),
  /** Old addresses of renamed products and categories → their addresses now (the server answers 301). */
  redirects: z.array(z.object({ from: z.string(), to: z.string() })).default([]),
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
