import sharp from "sharp";
import type { Container } from "./file-structure.js";

export type UploadKind = "image" | "video";

/** A file type uploads may have, as read from the file's own bytes (file-type). */
export interface AcceptedType {
  mime: string;
  kind: UploadKind;
  /** The extension stored objects get. */
  ext: string;
  /** Names a client may give such a file; any other extension disagrees with the bytes. */
  extensions: readonly string[];
  container: Container;
  /** What sharp's metadata reports for it (images only). */
  sharpFormat?: string;
}

const IMAGE_TYPES: AcceptedType[] = [
  { mime: "image/jpeg", kind: "image", ext: "jpg", extensions: ["jpg", "jpeg", "jpe", "jfif"], container: "jpeg", sharpFormat: "jpeg" },
  { mime: "image/png", kind: "image", ext: "png", extensions: ["png"], container: "png", sharpFormat: "png" },
  { mime: "image/webp", kind: "image", ext: "webp", extensions: ["webp"], container: "webp", sharpFormat: "webp" },
  { mime: "image/avif", kind: "image", ext: "avif", extensions: ["avif"], container: "isobmff", sharpFormat: "heif" },
];

// HEIC (HEVC in HEIF) only where this sharp build reads it: the prebuilt libvips decodes AV1 (AVIF) only.
const HEIC_READABLE = sharp.format.heif?.input.fileSuffix?.includes(".heic") ?? false;
if (HEIC_READABLE) {
  for (const mime of ["image/heic", "image/heif"]) {
    IMAGE_TYPES.push({ mime, kind: "image", ext: "heic", extensions: ["heic", "heif"], container: "isobmff", sharpFormat: "heif" });
  }
}

const VIDEO_TYPES: AcceptedType[] = [
  { mime: "video/mp4", kind: "video", ext: "mp4", extensions: ["mp4", "m4v"], container: "isobmff" },
  { mime: "video/x-m4v", kind: "video", ext: "m4v", extensions: ["mp4", "m4v"], container: "isobmff" },
  { mime: "video/webm", kind: "video", ext: "webm", extensions: ["webm"], container: "ebml" },
];

/** The accepted type for a detected mime type, among the kinds this upload takes. */
export function acceptedType(mime: string | undefined, kinds: readonly UploadKind[]): AcceptedType | undefined {
  if (!mime) return undefined;
  return [...IMAGE_TYPES, ...VIDEO_TYPES].find((type) => type.mime === mime && kinds.includes(type.kind));
}

/** True when the client's file name has no extension or one that fits the type its bytes have. */
export function nameFitsType(filename: string, type: AcceptedType): boolean {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(filename.trim());
  if (!match) return true;
  return type.extensions.includes(match[1]!.toLowerCase());
}
