import type { MediaVariant } from "./media.entity.js";

/**
 * Storage keys of one upload. Everything of a row lies under
 * `public/{storeId}/{mediaId}/` or `private/{storeId}/{mediaId}/`, so deleting a
 * row's folder removes exactly its files; names start with the content hash,
 * so a URL's bytes never change and can be cached for a year.
 */
export interface MediaKeyParts {
  storeId: string;
  mediaId: string;
  contentHash: string;
}

function stem(parts: MediaKeyParts): string {
  return parts.contentHash.slice(0, 16);
}

/**
 * Originals stay private: they may carry GPS and other metadata. Images are
 * served as variants sharp re-encodes without it; videos as a copy ffmpeg
 * remuxes without it (videoKey).
 */
export function originalKey(parts: MediaKeyParts, ext: string): string {
  return `private/${parts.storeId}/${parts.mediaId}/${stem(parts)}.${ext}`;
}

/** A video as served: the same streams as the upload, no metadata. */
export function videoKey(parts: MediaKeyParts, ext: string): string {
  return `public/${parts.storeId}/${parts.mediaId}/${stem(parts)}.${ext}`;
}

export function variantKey(parts: MediaKeyParts, width: number, format: MediaVariant["format"]): string {
  return `public/${parts.storeId}/${parts.mediaId}/${stem(parts)}-${width}w.${format}`;
}

export function posterKey(parts: MediaKeyParts): string {
  return `public/${parts.storeId}/${parts.mediaId}/${stem(parts)}-poster.webp`;
}

/** A video's embedded cover art, copied out at upload so the job need not read the whole video back. */
export function coverSourceKey(parts: MediaKeyParts): string {
  return `private/${parts.storeId}/${parts.mediaId}/${stem(parts)}-cover`;
}

export function mediaPrefixes(parts: Pick<MediaKeyParts, "storeId" | "mediaId">): string[] {
  return [`public/${parts.storeId}/${parts.mediaId}/`, `private/${parts.storeId}/${parts.mediaId}/`];
}
