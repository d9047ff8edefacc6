import type { EntityManager } from "typeorm";
import { descriptionText } from "../catalog/description-html.js";
import type { Snapshot } from "@mall/sites/snapshot";
import type { MediaVariant } from "../media/media.entity.js";
import type { MediaStorage } from "../media/storage.js";
import { findProvince } from "@mall/locale";
import { sitePages } from "../tenancy/store-pages.service.js";
import { enamadLinks, type SocialKind } from "../tenancy/store-settings.js";
import { Store } from "../tenancy/store.entity.js";

interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  name_fa: string;
  parent_id: string | null;
  path: string;
  is_categorizer: boolean;
}
interface AttributeRow {
  id: string;
  category_id: string;
  name: string;
  name_fa: string;
  type: "color" | "size" | "description" | "custom";
  is_categorizer: boolean;
  values: Array<{ id: string; value: string; value_fa: string; hex: string | null }> | null;
}
interface ProductRow {
  id: string;
  slug: string;
  name: string | null;
  name_fa: string;
  description: string;
  base_price: string;
  category_id: string | null;
  images: unknown;
  created_at: Date;
  view_count: number;
  sold: string;
  rating_average: string | null;
  rating_count: string | null;
  reviews: Array<{ rating: number; body: string; author: string | null; created_at: string }> | null;
  instances: Array<{ id: string; sku: string; price: string | null; stock: number; values: Record<string, string> | null }> | null;
}

/**
 * The catalog snapshot a store's site is built from (sites/src/lib/snapshot.ts
 * is the contract): the store, its categories, attributes, and its active
 * products with their active instances. Read in a few set-based queries, so a
 * 10,000-product store costs four round trips, not 10,000.
 * Everything is ordered, so the same data always gives the same snapshot.
 */
export async function createCatalogSnapshot(
  manager: EntityManager,
  storeId: string,
  origin: string,
  urls: Pick<MediaStorage, "url">,
): Promise<Snapshot> {
  const store = await manager.getRepository(Store).findOneByOrFail({ id: storeId });
  const pages = await sitePages(manager, store);
  const settings = await storeSettingsSnapshot(manager, store, urls, pages);
  const categories: CategoryRow[] = await manager.query(
    `SELECT id, slug, name, name_fa, parent_id, path, is_categorizer FROM categories WHERE store_id = $1 ORDER BY path`,
    [storeId],
  );
  const attributes: AttributeRow[] = await manager.query(
    `SELECT a.id, a.category_id, a.name, a.name_fa, a.type, a.is_categorizer,
            (SELECT json_agg(json_build_object('id', v.id, 'value', v.value, 'value_fa', v.value_fa, 'hex', v.hex) ORDER BY v.sort_order, v.value)
               FROM attribute_values v WHERE v.store_id = a.store_id AND v.attribute_id = a.id) AS values
       FROM product_attributes a WHERE a.store_id = $1 ORDER BY a.sort_order, a.name, a.id`,
    [storeId],
  );
  const products: ProductRow[] = await manager.query(
    `SELECT p.id, p.slug, p.name, p.name_fa, p.description, p.base_price, p.category_id, p.images, p.created_at, p.view_count, COALESCE(s.sold, 0) AS sold,
            r.average AS rating_average, r.count AS rating_count,
            (SELECT json_agg(json_build_object('rating', v.rating, 'body', v.body, 'author', u.name, 'created_at', v.created_at) ORDER BY v.created_at DESC, v.id)
               FROM (SELECT * FROM product_reviews pr WHERE pr.store_id = p.store_id AND pr.product_id = p.id AND pr.status = 'approved' ORDER BY pr.created_at DESC, pr.id LIMIT 3) v
               JOIN users u ON u.id = v.user_id) AS reviews,
            (SELECT json_agg(json_build_object('id', i.id, 'sku', i.sku, 'price', i.price, 'stock', i.stock,
                      'values', (SELECT json_object_agg(ia.attribute_id, ia.attribute_value_id ORDER BY ia.attribute_id)
                                   FROM product_instance_attributes ia
                                  WHERE ia.store_id = i.store_id AND ia.instance_id = i.id AND ia.attribute_value_id IS NOT NULL))
                    ORDER BY i.sku)
               FROM product_instances i WHERE i.store_id = p.store_id AND i.product_id = p.id AND i.is_active) AS instances
       FROM products p
       LEFT JOIN (SELECT l.product_id, SUM(l.quantity) AS sold
                    FROM order_lines l JOIN orders o ON o.store_id = l.store_id AND o.id = l.order_id
                   WHERE l.store_id = $1 AND o.paid_at IS NOT NULL
                   GROUP BY l.product_id) s ON s.product_id = p.id
       LEFT JOIN (SELECT product_id, round(avg(rating), 1) AS average, count(*) AS count
                    FROM product_reviews WHERE store_id = $1 AND status = 'approved'
                   GROUP BY product_id) r ON r.product_id = p.id
      WHERE p.store_id = $1 AND p.is_active ORDER BY p.created_at DESC, p.id`,
    [storeId],
  );

  // Product videos (ready, with the copy served without metadata), in gallery order.
  const videoRows: VideoRow[] = await manager.query(
    `SELECT product_id, mime, video_key, poster_key FROM media
      WHERE store_id = $1 AND kind = 'video' AND status = 'ready' AND video_key IS NOT NULL AND product_id IS NOT NULL
      ORDER BY product_id, position, created_at, id`,
    [storeId],
  );
  const videosOf = new Map<string, VideoRow[]>();
  for (const row of videoRows) videosOf.set(row.product_id, [...(videosOf.get(row.product_id) ?? []), row]);

  // Old slugs, resolved to where their product or category is now (an inactive product has none).
  const redirects: Array<{ kind: "product" | "category"; old_slug: string; slug: string }> = await manager.query(
    `SELECT r.kind, r.old_slug, COALESCE(p.slug, c.slug) AS slug
       FROM slug_redirects r
       LEFT JOIN products p ON r.kind = 'product' AND p.store_id = r.store_id AND p.id = r.target_id AND p.is_active
       LEFT JOIN categories c ON r.kind = 'category' AND c.store_id = r.store_id AND c.id = r.target_id
      WHERE r.store_id = $1 AND COALESCE(p.slug, c.slug) IS NOT NULL AND COALESCE(p.slug, c.slug) <> r.old_slug
      ORDER BY r.kind, r.old_slug`,
    [storeId],
  );

  const promotionOf = productPromotions(
    await manager.query(
      `SELECT title, kind, value::bigint AS value, scope, category_ids, product_ids FROM discounts
        WHERE store_id = $1 AND code IS NULL AND is_active AND scope IN ('products', 'categories') AND value > 0 AND min_order_amount = 0
          AND (starts_at IS NULL OR starts_at <= now()) AND (ends_at IS NULL OR ends_at > now()) AND (usage_limit IS NULL OR used_count < usage_limit)
        ORDER BY created_at, id`,
      [storeId],
    ),
    categories,
  );

  const categoryPaths = new Map(categories.map((c) => [c.id, c.path]));
  const categorizerAttributesByCategory = new Map<string, string[]>();
  for (const attribute of attributes.filter((a) => a.is_categorizer)) {
    const list = categorizerAttributesByCategory.get(attribute.category_id) ?? [];
    list.push(attribute.id);
    categorizerAttributesByCategory.set(attribute.category_id, list);
  }
  /** Attributes defined on a category apply to every category below it. */
  const facetAttributeIds = (path: string) =>
    path
      .split("/")
      .filter(Boolean)
      .flatMap((id) => categorizerAttributesByCategory.get(id) ?? []);

  return {
    version: 1,
    store: {
      id: store.id,
      slug: store.slug,
      name: store.name,
      description: store.description,
      theme: store.theme,
      layout: store.layout,
      origin,
      ...settings,
    },
    pages: pages.map((page) => ({ slug: page.slug, kind: page.kind, title: page.title, bodyHtml: page.bodyHtml })),
    categories: categories.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      nameFa: c.name_fa,
      parentId: c.parent_id,
      isCategorizer: c.is_categorizer,
      facetAttributeIds: facetAttributeIds(categoryPaths.get(c.id) ?? ""),
    })),
    attributes: attributes.map((a) => ({
      id: a.id,
      slug: a.name,
      name: a.name,
      nameFa: a.name_fa,
      type: a.type,
      isCategorizer: a.is_categorizer,
      values: (a.values ?? []).map((v) => ({ id: v.id, slug: v.value, value: v.value, valueFa: v.value_fa, hex: v.hex })),
    })),
    products: products.map((p) => {
      const basePrice = Number(p.base_price);
      const images = snapshotImages(p.images);
      return {
        id: p.id,
        slug: p.slug,
        name: p.name,
        nameFa: p.name_fa,
        descriptionHtml: p.description,
        descriptionText: descriptionText(p.description),
        basePrice,
        categoryId: p.category_id,
        images,
        videos: (videosOf.get(p.id) ?? []).map((row) => snapshotVideo(row, urls, images[0]?.url ?? null)),
        createdAt: p.created_at.toISOString(),
        popularity: p.view_count,
        sold: Number(p.sold),
        promotion: promotionOf(p.id, p.category_id),
        // Approved reviews (issue 27 #1), for the page's structured data; the page's reviews themselves are read live.
        rating: p.rating_count ? { average: Number(p.rating_average), count: Number(p.rating_count) } : null,
        reviews: (p.reviews ?? []).map((r) => ({
          rating: r.rating,
          body: r.body,
          author: r.author?.trim().split(/\s+/)[0] || "خریدار",
          date: new Date(r.created_at).toISOString().slice(0, 10),
        })),
        instances: (p.instances ?? []).map((i) => ({
          id: i.id,
          sku: i.sku,
          price: i.price === null ? basePrice : Number(i.price),
          stock: i.stock,
          values: i.values ?? {},
        })),
      };
    }),
    redirects: redirects.map((r) => {
      const prefix = r.kind === "product" ? "/p/" : "/c/";
      return { from: `${prefix}${r.old_slug}/`, to: `${prefix}${r.slug}/` };
    }),
  };
}

interface PromotionRow {
  title: string;
  kind: "percentage" | "fixed";
  value: string;
  scope: "products" | "categories";
  category_ids: string[];
  product_ids: string[];
}

/**
 * The automatic promotion a product is in (no code, running now, no minimum
 * order, on products or categories as checkout matches them: a category's
 * covers everything below it), the largest percentage first; the home page's
 * «discounted» section and the cards' badge read it. Checkout still prices
 * every order itself (discount-pricing.ts).
 */
function productPromotions(rows: PromotionRow[], categories: CategoryRow[]) {
  const paths = new Map(categories.map((c) => [c.id, c.path]));
  const rank = (row: PromotionRow) => (row.kind === "percentage" ? Number(row.value) : 0);
  const ordered = [...rows].sort((a, b) => rank(b) - rank(a));
  return (productId: string, categoryId: string | null): { title: string; percent: number | null } | null => {
    const path = categoryId ? (paths.get(categoryId) ?? "") : "";
    const row = ordered.find((r) =>
      r.scope === "products" ? r.product_ids.includes(productId) : r.category_ids.some((id) => path.includes(`/${id}/`)),
    );
    return row ? { title: row.title, percent: row.kind === "percentage" ? Number(row.value) : null } : null;
  };
}

/** The product's image list as the site needs it; the Media issue's variants when present. */
export function snapshotImages(images: unknown): Snapshot["products"][number]["images"] {
  if (!Array.isArray(images)) return [];
  return images.flatMap((image) => {
    if (typeof image === "string") return [{ url: image, width: null, height: null, alt: "", variants: [] }];
    if (image && typeof image === "object" && "url" in image && typeof image.url === "string") {
      const record = image as {
        url: string;
        width?: number;
        height?: number;
        variants?: Array<{ format: string; width: number; url: string }>;
      };
      return [
        {
          url: record.url,
          width: record.width ?? null,
          height: record.height ?? null,
          alt: "",
          variants: (record.variants ?? []).filter(
            (v): v is { format: "webp" | "avif"; width: number; url: string } => v.format === "webp" || v.format === "avif",
          ),
        },
      ];
    }
    return [];
  });
}

interface VideoRow {
  product_id: string;
  mime: string;
  video_key: string;
  poster_key: string | null;
}

/**
 * A video as the product page shows it: the formats the media job kept (one
 * today: the upload's container, remuxed without metadata) and its poster,
 * the video's own cover art or else the product's first picture, as the
 * back office's gallery does (media.presenters.ts).
 */
function snapshotVideo(
  row: VideoRow,
  urls: Pick<MediaStorage, "url">,
  fallbackPoster: string | null,
): Snapshot["products"][number]["videos"][number] {
  const type = row.mime === "video/webm" || row.video_key.endsWith(".webm") ? "video/webm" : "video/mp4";
  return {
    sources: [{ url: urls.url(row.video_key), type }],
    poster: row.poster_key ? urls.url(row.poster_key) : fallbackPoster,
  };
}

const SOCIAL_LABELS: Record<SocialKind, string> = {
  instagram: "اینستاگرام",
  telegram: "تلگرام",
  whatsapp: "واتس‌اپ",
  eitaa: "ایتا",
  bale: "بله",
  rubika: "روبیکا",
  aparat: "آپارات",
};

type MediaImageRow = { id: string; width: number | null; height: number | null; variants: MediaVariant[] };

/** A ready media row as the snapshot's image: the largest WebP as `url`, every variant with its address. */
function mediaImage(row: MediaImageRow, urls: Pick<MediaStorage, "url">, alt: string): Snapshot["products"][number]["images"][number] {
  const largest = row.variants.filter((variant) => variant.format === "webp").sort((a, b) => b.width - a.width)[0];
  return {
    url: largest ? urls.url(largest.key) : "",
    width: row.width,
    height: row.height,
    alt,
    variants: [...row.variants]
      .sort((a, b) => a.format.localeCompare(b.format) || a.width - b.width)
      .map((variant) => ({ format: variant.format, width: variant.width, url: urls.url(variant.key) })),
  };
}

/**
 * The store's own settings as the site reads them: logo (the ready logo media
 * the store points at, with its widths), accent, contact details, banners
 * (each a ready image of the store), announcement, header and footer links
 * (the content pages when the merchant has arranged none) and the eNamad seal.
 */
async function storeSettingsSnapshot(
  manager: EntityManager,
  store: Store,
  urls: Pick<MediaStorage, "url">,
  pages: Array<{ slug: string; title: string }>,
) {
  const mediaIds = store.banners.map((banner) => banner.mediaId);
  const rows: Array<MediaImageRow & { kind: string }> = await manager.query(
    `SELECT id, kind, width, height, variants FROM media
      WHERE store_id = $1 AND status = 'ready' AND kind <> 'video'
        AND (id = ANY($2::uuid[]) OR (kind = 'logo' AND $3::text IS NOT NULL AND variants @> jsonb_build_array(jsonb_build_object('key', $3::text))))`,
    [store.id, mediaIds, store.logo],
  );
  const logoRow = rows.find((row) => row.kind === "logo");
  const byId = new Map(rows.map((row) => [row.id, row]));
  const contact = store.contact ?? {};
  return {
    logo: logoRow ? mediaImage(logoRow, urls, store.name) : null,
    accent: store.accent,
    showLatinName: store.showLatinName,
    contact: {
      phone: contact.phone ?? null,
      email: contact.email ?? null,
      address: contact.address ?? null,
      province: contact.provinceId ? (findProvince(contact.provinceId)?.name ?? null) : null,
      city: contact.city ?? null,
      postalCode: contact.postalCode ?? null,
      workingHours: contact.workingHours ?? null,
      social: (contact.social ?? []).map((link) => ({ kind: link.kind, url: link.url, label: SOCIAL_LABELS[link.kind] })),
    },
    banners: store.banners.flatMap((banner) => {
      const row = byId.get(banner.mediaId);
      return row ? [{ image: mediaImage(row, urls, banner.title), title: banner.title, link: banner.link }] : [];
    }),
    announcement: store.announcement,
    headerLinks: store.headerLinks,
    footerLinks: store.footerLinks ?? pages.map((page) => ({ label: page.title, href: `/pages/${page.slug}/` })),
    enamad: store.enamad ? { ...store.enamad, ...enamadLinks(store.enamad) } : null,
  };
}
