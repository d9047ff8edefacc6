import { createReadStream } from "node:fs";
import sharp, { type Metadata } from "sharp";
import type { Logger } from "../platform/logger.js";
import { ScannerUnavailableError, type VirusScanner } from "./clamd.js";
import { checkStructure, containsActiveContent, StructureError, type EmbeddedPicture } from "./file-structure.js";
import { nameFitsType } from "./file-types.js";
import {
  FileCorruptError,
  FileInfectedError,
  FileNameMismatchError,
  FileSuspiciousError,
  ImageTooManyPixelsError,
  UnsupportedFileTypeError,
  VirusScanUnavailableError,
} from "./media.errors.js";
import type { ReceivedFile } from "./upload.js";

export interface InspectOptions {
  maxImagePixels: number;
  scanner: VirusScanner | undefined;
  logger: Logger;
  /** Called before an infected upload is refused, to record it. */
  onInfected(signature: string): Promise<void>;
}

export interface InspectedFile {
  /** Pixel size as shown (orientation applied); images only. */
  width: number | null;
  height: number | null;
  picture?: EmbeddedPicture;
}

/**
 * Everything an upload must pass after its bytes have arrived, cheapest first:
 * the name agrees with the bytes, the container ends where it says it ends
 * (no truncation, nothing appended), no markup or script inside, an image's
 * dimensions below the pixel limit (read from its header, never decoded),
 * and last, when a scanner is configured, a clean verdict from ClamAV.
 */
export async function inspectUpload(file: ReceivedFile, options: InspectOptions): Promise<InspectedFile> {
  if (!nameFitsType(file.filename, file.type)) throw new FileNameMismatchError(file.type.ext.toUpperCase());
  let picture: EmbeddedPicture | undefined;
  try {
    picture = (await checkStructure(file.path, file.type.container)).picture;
  } catch (error) {
    if (error instanceof StructureError) {
      options.logger.info({ problem: error.problem, detail: error.message, sha256: file.sha256 }, "upload refused: structure");
      throw error.problem === "trailing_data" ? new FileSuspiciousError() : new FileCorruptError();
    }
    throw error;
  }
  if (await containsActiveContent(file.path)) {
    options.logger.info({ sha256: file.sha256 }, "upload refused: markup or script inside");
    throw new FileSuspiciousError();
  }
  let width: number | null = null;
  let height: number | null = null;
  if (file.type.kind === "image") {
    let metadata: Metadata;
    try {
      // Only the header is read here; limitInputPixels: false so the check below gives the clear error.
      metadata = await sharp(file.path, { limitInputPixels: false }).metadata();
    } catch {
      throw file.type.mime.startsWith("image/hei") ? new UnsupportedFileTypeError(false) : new FileCorruptError();
    }
    if (metadata.format !== file.type.sharpFormat || !metadata.width || !metadata.height) throw new FileCorruptError();
    if (metadata.width * metadata.height > options.maxImagePixels) throw new ImageTooManyPixelsError(options.maxImagePixels);
    width = metadata.autoOrient?.width ?? metadata.width;
    height = metadata.autoOrient?.height ?? metadata.height;
  }
  if (options.scanner) {
    let verdict;
    try {
      verdict = await options.scanner.scan(createReadStream(file.path));
    } catch (error) {
      if (error instanceof ScannerUnavailableError) {
        options.logger.error({ err: error.message }, "virus scanner unavailable: upload refused");
        throw new VirusScanUnavailableError();
      }
      throw error;
    }
    if (!verdict.clean) {
      options.logger.warn(
        { signature: verdict.signature, sha256: file.sha256, bytes: file.bytes, filename: file.filename },
        "upload refused: infected",
      );
      await options.onInfected(verdict.signature);
      throw new FileInfectedError();
    }
  }
  return { width, height, picture };
}
