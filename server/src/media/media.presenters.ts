import type { z } from "../platform/zod.js";
import type { Media } from "./media.entity.js";
import type { mediaSchema } from "./media.schemas.js";
import type { MediaStorage } from "./storage.js";

type Urls = Pick<MediaStorage, "url">;

/** `srcset` for one format: every variant of it, narrowest first. */
function srcset(media: Media, format: "webp" | "avif", storage: Urls): string {
  return media.variants
    .filter((variant) => variant.format === format)
    .sort((a, b) => a.width - b.width)
    .map((variant) => `${storage.url(variant.key)} ${variant.width}w`)
    .join(", ");
}

/** The largest WebP of an image: what a poster or a plain `src` uses. */
export function largestWebpUrl(media: Media, storage: Urls): string | null {
  const largest = media.variants.filter((variant) => variant.format === "webp").sort((a, b) => b.width - a.width)[0];
  return largest ? storage.url(largest.key) : null;
}

/**
 * A media row as the API shows it. `fallbackPoster` is the product's first
 * ready image, for a video that carries no cover art of its own.
 */
export function presentMedia(media: Media, storage: Urls, fallbackPoster: string | null = null): z.input<typeof mediaSchema> {
  const isImage = media.kind !== "video";
  let poster: z.input<typeof mediaSchema>["poster"] = null;
  if (!isImage) {
    if (media.posterKey) poster = { url: storage.url(media.posterKey), source: "embedded" };
    else if (fallbackPoster) poster = { url: fallbackPoster, source: "product-image" };
  }
  return {
    id: media.id,
    productId: media.productId,
    kind: media.kind,
    status: media.status,
    mime: media.mime,
    bytes: media.bytes,
    width: media.width,
    height: media.height,
    position: media.position,
    url: !isImage && media.videoKey ? storage.url(media.videoKey) : null,
    variants: media.variants.map((variant) => ({
      format: variant.format,
      width: variant.width,
      height: variant.height,
      bytes: variant.bytes,
      url: storage.url(variant.key),
    })),
    srcset: isImage && media.variants.length > 0 ? { webp: srcset(media, "webp", storage), avif: srcset(media, "avif", storage) } : null,
    poster,
    failure: media.failure,
    createdAt: media.createdAt.toISOString(),
  };
}

/** A product's gallery: videos without cover art borrow the first ready image as their poster. */
export function presentGallery(items: Media[], storage: Urls): z.input<typeof mediaSchema>[] {
  const firstImage = items.find((media) => media.kind === "image" && media.status === "ready");
  const fallback = firstImage ? largestWebpUrl(firstImage, storage) : null;
  return items.map((media) => presentMedia(media, storage, fallback));
}
