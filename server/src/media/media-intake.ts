import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import type { ServiceContext } from "../core/context.js";
import { authorize } from "../identity/authorization.js";
import type { Logger } from "../platform/logger.js";
import type { VirusScanner } from "./clamd.js";
import type { UploadKind } from "./file-types.js";
import type { Media } from "./media.entity.js";
import { recordInfection, storeUpload, type MediaTarget } from "./media.service.js";
import type { MediaStorage } from "./storage.js";

export interface IntakeDeps {
  dataSource: DataSource;
  storage: MediaStorage;
  scanner: VirusScanner | undefined;
  logger: Logger;
  config: Pick<Config, "DATA_DIR" | "MEDIA_MAX_IMAGE_BYTES" | "MEDIA_MAX_VIDEO_BYTES" | "MEDIA_MAX_IMAGE_PIXELS">;
}

/**
 * The request an upload arrives in, as the surface that took it hands it
 * over: the multipart body, its logger, and how to run work in one
 * transaction as the person uploading.
 */
export interface UploadRequest {
  body: IncomingMessage;
  logger: Logger | undefined;
  transaction: <T>(work: (ctx: ServiceContext) => Promise<T>) => Promise<T>;
}

/**
 * One upload from request to `pending` row: receive (streamed to a temporary
 * file), inspect (type, structure, pixels, virus scan), store, record. The
 * temporary file is gone when this returns, accepted or not; a refused upload
 * leaves no object and no row (an infected one leaves a media_infections row).
 */
export async function acceptUpload(
  upload: UploadRequest,
  deps: IntakeDeps,
  target: MediaTarget,
  kinds: readonly UploadKind[],
): Promise<Media> {
  // Who may, asked before a byte is read, whichever surface took the upload: a product's pictures and videos are its
  // catalog; the logo and a home banner's picture (no product) are the store's settings.
  await upload.transaction((ctx) => authorize(ctx, target.productId ? "catalog:write" : "settings:write", { storeId: target.storeId }));
  // The multipart parser, file-type and sharp (libvips) load with the first upload, not when the server starts.
  const [{ receiveUpload }, { inspectUpload }] = await Promise.all([import("./upload.js"), import("./inspect.js")]);
  const file = await receiveUpload(upload.body, {
    tmpDir: uploadTmpDir(deps.config),
    maxImageBytes: deps.config.MEDIA_MAX_IMAGE_BYTES,
    maxVideoBytes: deps.config.MEDIA_MAX_VIDEO_BYTES,
    kinds,
  });
  try {
    const inspected = await inspectUpload(file, {
      maxImagePixels: deps.config.MEDIA_MAX_IMAGE_PIXELS,
      scanner: deps.scanner,
      logger: upload.logger ?? deps.logger,
      // Its own transaction: the upload is refused, but the record of it stays.
      onInfected: (signature) => upload.transaction((ctx) => recordInfection(ctx, { storeId: target.storeId, file, signature })),
    });
    const kind = target.kind === "logo" ? "logo" : file.type.kind;
    return await upload.transaction((ctx) => storeUpload(ctx, deps, { ...target, kind }, file, inspected));
  } finally {
    await file.dispose();
  }
}

/** Where uploads wait while they are checked: beside the data, not in a small /tmp. */
export function uploadTmpDir(config: Pick<Config, "DATA_DIR">): string {
  return join(config.DATA_DIR, "tmp", "uploads");
}
