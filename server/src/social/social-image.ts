import type { Product } from "../catalog/product.entity.js";
import type { Media } from "../media/media.entity.js";
import { getMedia } from "../media/media.service.js";
import { StorageNotFoundError, type MediaStorage } from "../media/storage.js";
import type { ServiceContext } from "../core/context.js";

/** Telegram albums and Instagram carousels hold at most ten. */
export const MAX_POST_IMAGES = 10;

/** A product image as a post uses it: one of the product's processed uploads. */
export interface ImageSource {
  mediaId: string;
}

/** A stable name for an image source, kept with a post to recognise the same photos later. */
export function sourceKey(source: ImageSource): string {
  return `media:${source.mediaId}`;
}

/** The product's gallery images in order (at most ten), as the media service keeps them in `products.images`. */
export function productImageSources(product: Pick<Product, "images">): ImageSource[] {
  return product.images
    .filter((image) => typeof image?.mediaId === "string")
    .slice(0, MAX_POST_IMAGES)
    .map((image) => ({ mediaId: image.mediaId }));
}

/**
 * Where an image's JPEG copy for social posts lives: beside the upload's
 * variants (under its folder, so deleting the upload removes it too), named
 * by its content hash like them.
 */
function socialKey(media: Pick<Media, "storeId" | "id" | "contentHash">): string {
  return `public/${media.storeId}/${media.id}/${media.contentHash.slice(0, 16)}-social.jpg`;
}

export interface SocialJpeg {
  key: string;
  bytes: Buffer;
}

/**
 * A JPEG of an uploaded image for Telegram and Instagram (Instagram takes
 * JPEG only; Telegram takes it everywhere), made once from the largest
 * metadata-free WebP variant and kept in storage. Null when the upload is
 * not a ready image.
 */
export async function socialJpeg(ctx: ServiceContext, storage: MediaStorage, storeId: string, mediaId: string): Promise<SocialJpeg | null> {
  const media = await getMedia(ctx, storeId, mediaId).catch(() => null);
  if (!media || media.status !== "ready" || media.kind !== "image") return null;
  const key = socialKey(media);
  try {
    return { key, bytes: await storage.get(key) };
  } catch (error) {
    if (!(error instanceof StorageNotFoundError)) throw error;
  }
  const largest = media.variants.filter((variant) => variant.format === "webp").sort((a, b) => b.width - a.width)[0];
  if (!largest) return null;
  // sharp (libvips) loads with the first picture made here, not when the server starts.
  const { default: sharp } = await import("sharp");
  const bytes = await sharp(await storage.get(largest.key))
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 87, mozjpeg: true })
    .toBuffer();
  await storage.put(key, bytes, "image/jpeg");
  return { key, bytes };
}

/** An absolute URL for a storage key (local storage answers with a path on the platform's own address). */
export function absoluteUrl(storage: Pick<MediaStorage, "url">, key: string, publicUrl: string): string {
  return new URL(storage.url(key), publicUrl).toString();
}
