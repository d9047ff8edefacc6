import type { ProductImage } from "../catalog/product.entity.js";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { findInStoreOrFail } from "../db/find-in-store.js";
import { recordEvent } from "../jobs/events.js";
import type { ServiceContext } from "../core/context.js";
import type { Logger } from "../platform/logger.js";
import { readEmbedded } from "./file-structure.js";
import type { InspectedFile } from "./inspect.js";
import { coverSourceKey, mediaPrefixes, originalKey, type MediaKeyParts } from "./media-keys.js";
import { Media, MediaInfection, type MediaKind } from "./media.entity.js";
import { MediaNotFoundError } from "./media.errors.js";
import { largestWebpUrl } from "./media.presenters.js";
import type { MediaStorage } from "./storage.js";
import type { ReceivedFile } from "./upload.js";

/** Cover art larger than this is not worth a poster (and is no longer "a little picture inside a video"). */
const MAX_COVER_BYTES = 10 * 1024 * 1024;

export interface MediaDeps {
  storage: MediaStorage;
  logger: Logger;
}

/** What an upload is for: a product's gallery, or the store's logo. */
export interface MediaTarget {
  storeId: string;
  productId: string | null;
  kind: MediaKind;
}

/**
 * Keeps an upload that passed every check: the original goes to storage, the
 * row is inserted as `pending`, and `media.uploaded` is recorded in the same
 * transaction, so the `media` job makes the variants exactly when the row
 * exists. If the row cannot be written, the stored objects are removed again.
 * A new logo replaces the old one (its files are removed by the job).
 */
export async function storeUpload(
  ctx: ServiceContext,
  deps: MediaDeps,
  target: MediaTarget,
  file: ReceivedFile,
  inspected: InspectedFile,
): Promise<Media> {
  const parts: MediaKeyParts = { storeId: target.storeId, mediaId: randomUUID(), contentHash: file.sha256 };
  const key = originalKey(parts, file.type.ext);
  const written: string[] = [];
  try {
    await deps.storage.put(key, createReadStream(file.path), file.type.mime);
    written.push(key);
    if (file.type.kind === "video" && inspected.picture) {
      const cover = await readEmbedded(file.path, inspected.picture, MAX_COVER_BYTES);
      const coverType = cover && (await (await import("file-type")).fileTypeFromBuffer(cover));
      if (cover && coverType && /^image\/(jpeg|png|webp)$/.test(coverType.mime)) {
        await deps.storage.put(coverSourceKey(parts), cover, coverType.mime);
        written.push(coverSourceKey(parts));
      }
    }
    const repository = ctx.manager.getRepository(Media);
    let position = 0;
    if (target.kind === "logo") {
      for (const old of await repository.findBy({ storeId: target.storeId, kind: "logo" }))
        await deleteMedia(ctx, deps.storage, target.storeId, old.id);
    } else {
      const [{ next }] = await ctx.manager.query(
        `SELECT coalesce(max(position) + 1, 0)::int AS next FROM media WHERE store_id = $1 AND product_id = $2`,
        [target.storeId, target.productId],
      );
      position = next;
    }
    const media = repository.create({
      id: parts.mediaId,
      storeId: target.storeId,
      productId: target.productId,
      kind: target.kind,
      status: "pending",
      originalKey: key,
      contentHash: file.sha256,
      mime: file.type.mime,
      bytes: file.bytes,
      width: inspected.width,
      height: inspected.height,
      variants: [],
      posterKey: null,
      videoKey: null,
      position,
      failure: null,
    });
    await repository.insert(media);
    await recordEvent(ctx.manager, { storeId: target.storeId, type: "media.uploaded", entityId: media.id, payload: { kind: media.kind } });
    return (await repository.findOneByOrFail({ id: media.id })) as Media;
  } catch (error) {
    await Promise.all(written.map((written) => deps.storage.delete(written).catch(() => {})));
    throw error;
  }
}

/** Removes a stored upload whose transaction did not commit. */
export async function discardUpload(deps: MediaDeps, media: Pick<Media, "storeId" | "id">): Promise<void> {
  for (const prefix of mediaPrefixes({ storeId: media.storeId, mediaId: media.id })) {
    for (const key of await deps.storage.list(prefix)) await deps.storage.delete(key);
  }
}

/** Records an upload ClamAV refused (the file itself is never kept). */
export async function recordInfection(
  ctx: ServiceContext,
  input: { storeId: string; file: Pick<ReceivedFile, "filename" | "sha256" | "bytes">; signature: string },
): Promise<void> {
  await ctx.manager.getRepository(MediaInfection).insert({
    storeId: input.storeId,
    userId: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    filename: input.file.filename.slice(0, 255),
    contentHash: input.file.sha256,
    bytes: input.file.bytes,
    signature: input.signature,
  });
}

export function getMedia(ctx: ServiceContext, storeId: string, mediaId: string): Promise<Media> {
  return findInStoreOrFail(ctx, Media, storeId, mediaId, () => new MediaNotFoundError());
}

/** A product's images and videos in gallery order. */
export function listProductMedia(ctx: ServiceContext, storeId: string, productId: string): Promise<Media[]> {
  return ctx.manager.getRepository(Media).find({ where: { storeId, productId }, order: { position: "ASC", createdAt: "ASC", id: "ASC" } });
}

/** The store's current logo, if any. */
export function getStoreLogo(ctx: ServiceContext, storeId: string): Promise<Media | null> {
  return ctx.manager.getRepository(Media).findOne({ where: { storeId, kind: "logo" }, order: { createdAt: "DESC" } });
}

/**
 * Deletes a media row now and its files later: `media.deleted` names the
 * row's folders, and the `media` job removes them, retrying while storage is
 * down, so an outage never blocks the merchant.
 */
export async function deleteMedia(
  ctx: ServiceContext,
  storage: Pick<MediaStorage, "url">,
  storeId: string,
  mediaId: string,
): Promise<void> {
  const media = await getMedia(ctx, storeId, mediaId);
  await ctx.manager.getRepository(Media).delete({ id: media.id, storeId });
  if (media.productId && media.status === "ready") await syncProductGallery(ctx, storage, storeId, media.productId);
  if (media.kind === "logo") {
    await ctx.manager.query(`UPDATE stores SET logo = NULL WHERE id = $1 AND logo LIKE $2`, [storeId, `public/${storeId}/${media.id}/%`]);
  }
  await recordEvent(ctx.manager, {
    storeId,
    type: "media.deleted",
    entityId: media.id,
    payload: { prefixes: mediaPrefixes({ storeId, mediaId: media.id }), productId: media.productId },
  });
}

/** Deletes every image and video of a product (call it before deleting the product). */
export async function deleteProductMedia(
  ctx: ServiceContext,
  storage: Pick<MediaStorage, "url">,
  storeId: string,
  productId: string,
): Promise<number> {
  const rows = await listProductMedia(ctx, storeId, productId);
  for (const row of rows) await deleteMedia(ctx, storage, storeId, row.id);
  return rows.length;
}

/** An image as `products.images` holds it for the catalog and the store site's snapshot. */
export type GalleryImage = ProductImage;

/**
 * Keeps `products.images` and `products.videos` (what the catalog API and the
 * site snapshot read) in step with the product's ready media, in gallery
 * order. They are only ever written here: the catalog API reads them.
 */
export async function syncProductGallery(
  ctx: ServiceContext,
  storage: Pick<MediaStorage, "url">,
  storeId: string,
  productId: string,
): Promise<void> {
  const ready = (await listProductMedia(ctx, storeId, productId)).filter((media) => media.status === "ready");
  const images: GalleryImage[] = ready
    .filter((media) => media.kind === "image")
    .map((media) => ({
      mediaId: media.id,
      url: largestWebpUrl(media, storage) ?? "",
      width: media.width,
      height: media.height,
      variants: media.variants.map((variant) => ({ format: variant.format, width: variant.width, url: storage.url(variant.key) })),
    }));
  const videos = ready.filter((media) => media.kind === "video" && media.videoKey).map((media) => storage.url(media.videoKey!));
  await ctx.manager.query(`UPDATE products SET images = $3::jsonb, videos = $4::jsonb WHERE store_id = $1 AND id = $2`, [
    storeId,
    productId,
    JSON.stringify(images),
    JSON.stringify(videos),
  ]);
}
