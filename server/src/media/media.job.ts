import type { Job } from "bullmq";
import type { DataSource } from "typeorm";
import type { EventJobData } from "../jobs/events.js";
import { recordEvent } from "../jobs/events.js";
import { systemContext } from "../core/context.js";
import type { Logger } from "../platform/logger.js";
import { coverSourceKey, mediaPrefixes, posterKey, variantKey, videoKey, type MediaKeyParts } from "./media-keys.js";
import { Media, type MediaVariant } from "./media.entity.js";
import { syncProductGallery } from "./media.service.js";
import type { MediaStorage } from "./storage.js";
import { openRemuxed, remuxWithoutMetadata, UnreadableVideoError } from "./video-remux.js";

export interface MediaJobDeps {
  dataSource: DataSource;
  storage: MediaStorage;
  logger: Logger;
  maxImagePixels: number;
}

export type ProcessOutcome = "processed" | "skipped" | "failed" | "deleted-meanwhile";

/**
 * The `media` listener: `media.uploaded` makes an upload's variants (or a
 * video's poster), `media.deleted` removes a deleted row's files. Both are
 * idempotent: a row that is no longer pending is left alone, keys are fixed
 * by the row and its content hash (a re-run writes the same bytes to the same
 * keys), and removing a missing file is not an error.
 */
export function mediaJob(deps: MediaJobDeps) {
  return async (job: Job<EventJobData>) => {
    switch (job.data.type) {
      case "media.uploaded":
        return processMedia(deps, job.data.entityId);
      case "media.deleted":
        return purgeMedia(deps, (job.data.payload.prefixes as string[] | undefined) ?? []);
      default:
        return undefined;
    }
  };
}

/** Makes the variants of one pending upload and marks it ready (or failed, when the image cannot be decoded). */
export async function processMedia(deps: MediaJobDeps, mediaId: string): Promise<ProcessOutcome> {
  const media = await deps.dataSource.getRepository(Media).findOneBy({ id: mediaId });
  if (!media || media.status !== "pending") return "skipped";
  const parts: MediaKeyParts = { storeId: media.storeId, mediaId: media.id, contentHash: media.contentHash };
  let update: Partial<Media>;
  if (media.kind === "video") {
    const cleaned = await cleanVideo(deps, media, parts);
    if (!cleaned) return markFailed(deps, mediaId, "این ویدیو قابل پردازش نبود؛ لطفاً ویدیوی دیگری بفرستید.");
    update = { status: "ready", videoKey: cleaned, posterKey: await makePoster(deps, parts) };
  } else {
    // Storage errors throw from here and the job is retried; only a picture sharp cannot decode fails the row.
    const original = await deps.storage.get(media.originalKey);
    let encoded;
    try {
      // sharp (libvips) loads with the first image this worker encodes, not when it starts.
      const { encodeImageVariants } = await import("./variants.js");
      encoded = await encodeImageVariants(original, { maxPixels: deps.maxImagePixels });
    } catch (error) {
      deps.logger.warn({ mediaId, err: (error as Error).message }, "media: image could not be processed");
      return markFailed(deps, mediaId, "این تصویر قابل پردازش نبود؛ لطفاً تصویر دیگری بفرستید.");
    }
    const variants: MediaVariant[] = [];
    for (const variant of encoded.variants) {
      const key = variantKey(parts, variant.width, variant.format);
      await deps.storage.put(key, variant.data, `image/${variant.format}`);
      variants.push({ format: variant.format, width: variant.width, height: variant.height, key, bytes: variant.data.length });
    }
    update = { status: "ready", width: encoded.width, height: encoded.height, variants };
  }

  const applied = await deps.dataSource.transaction(async (manager) => {
    const result = await manager
      .createQueryBuilder()
      .update(Media)
      .set(update)
      .where("id = :id AND status = 'pending'", { id: mediaId })
      .execute();
    if (!result.affected) return false;
    if (media.kind === "logo") {
      const largest = [...(update.variants ?? [])].filter((variant) => variant.format === "webp").sort((a, b) => b.width - a.width)[0];
      const [store] = await manager.query(`UPDATE stores SET logo = $2 WHERE id = $1 RETURNING slug, custom_domain`, [
        media.storeId,
        largest?.key ?? null,
      ]);
      if (store) {
        await recordEvent(manager, {
          storeId: media.storeId,
          type: "store.changed",
          entityId: media.storeId,
          payload: { slug: store.slug, customDomain: store.custom_domain, change: "logo" },
        });
      }
    }
    if (media.productId) {
      await syncProductGallery(systemContext(manager, "media-job"), deps.storage, media.storeId, media.productId);
      await recordEvent(manager, {
        storeId: media.storeId,
        type: "product.changed",
        entityId: media.productId,
        payload: { change: "media", mediaId },
      });
    }
    return true;
  });
  if (!applied) {
    // Deleted while its variants were being made: what this run wrote must not outlive the row.
    const still = await deps.dataSource.getRepository(Media).existsBy({ id: mediaId });
    if (!still) await purgeMedia(deps, mediaPrefixes(parts));
    return still ? "skipped" : "deleted-meanwhile";
  }
  return "processed";
}

async function markFailed(deps: MediaJobDeps, mediaId: string, failure: string): Promise<"failed"> {
  await deps.dataSource
    .createQueryBuilder()
    .update(Media)
    .set({ status: "failed", failure })
    .where("id = :id AND status = 'pending'", { id: mediaId })
    .execute();
  return "failed";
}

/**
 * The video as served (issue 24 #12): the private original remuxed by ffmpeg
 * without its metadata (a phone's GPS position, make and model, times) and
 * stored under a public key; null when ffmpeg cannot read the upload. A
 * missing ffmpeg or a storage error throws, and the job is retried.
 */
async function cleanVideo(deps: MediaJobDeps, media: Media, parts: MediaKeyParts): Promise<string | null> {
  const ext = media.originalKey.slice(media.originalKey.lastIndexOf(".") + 1);
  let remuxed;
  try {
    remuxed = await remuxWithoutMetadata(await deps.storage.stream(media.originalKey), media.mime === "video/webm" ? "webm" : "mp4");
  } catch (error) {
    if (!(error instanceof UnreadableVideoError)) throw error;
    deps.logger.warn({ mediaId: media.id, err: error.message }, "media: video could not be remuxed");
    return null;
  }
  try {
    const key = videoKey(parts, ext);
    await deps.storage.put(key, openRemuxed(remuxed.path), media.mime);
    return key;
  } finally {
    await remuxed.cleanup();
  }
}

/**
 * A video's poster. The prebuilt libvips inside sharp has no video decoders,
 * and ffmpeg here only copies streams (it decodes nothing), so the poster is
 * the cover art the file itself carries, copied aside at upload:
 * MP4's iTunes-style `moov/udta/meta/ilst/covr` (what phone editors and
 * `ffmpeg -disposition:v:1 attached_pic` write) or a WebM/Matroska attachment
 * with an image type. A video without one gets no poster of its own, and the
 * gallery shows the product's first ready image instead (media.presenters.ts).
 */
async function makePoster(deps: MediaJobDeps, parts: MediaKeyParts): Promise<string | null> {
  const source = coverSourceKey(parts);
  if (!(await deps.storage.exists(source))) return null;
  const cover = await deps.storage.get(source);
  let poster;
  try {
    const { encodePoster } = await import("./variants.js");
    poster = await encodePoster(cover, { maxPixels: deps.maxImagePixels });
  } catch (error) {
    deps.logger.info({ mediaId: parts.mediaId, err: (error as Error).message }, "media: video cover art unreadable; no poster");
    return null;
  }
  const key = posterKey(parts);
  await deps.storage.put(key, poster.data, "image/webp");
  return key;
}

/** Removes every file under the given folders (a deleted row's); a second run finds nothing and does nothing. */
export async function purgeMedia(deps: Pick<MediaJobDeps, "storage">, prefixes: string[]): Promise<number> {
  let removed = 0;
  for (const prefix of prefixes) {
    for (const key of await deps.storage.list(prefix)) {
      await deps.storage.delete(key);
      removed++;
    }
  }
  return removed;
}
