import { open, type FileHandle } from "node:fs/promises";

/**
 * Walks the container structure of an uploaded file, without decoding it and
 * without holding it in memory, to prove that the file ends where its format
 * says it ends. That refuses truncated files and polyglots: a JPEG followed by
 * an HTML page or a ZIP archive decodes as a fine picture, but is also a
 * page or an archive to whatever reads it from the other end.
 */
export type StructureProblem = "truncated" | "trailing_data" | "corrupt";

export class StructureError extends Error {
  constructor(
    readonly problem: StructureProblem,
    detail: string,
  ) {
    super(detail);
    this.name = "StructureError";
  }
}

/** Where a picture embedded in a video (MP4 cover art, a Matroska attachment) lies in the file. */
export interface EmbeddedPicture {
  offset: number;
  length: number;
}

export type Container = "jpeg" | "png" | "webp" | "isobmff" | "ebml";

export interface StructureReport {
  /** Cover art a video carries, usable as its poster without decoding a frame. */
  picture?: EmbeddedPicture;
}

/** Random access to a file by small reads. */
class FileBytes {
  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileBytes> {
    const handle = await open(path, "r");
    const { size } = await handle.stat();
    return new FileBytes(handle, size);
  }

  /** A buffer reused by the whole-file scans, so reading a 200 MB file allocates 256 KB, not 200 MB of garbage. */
  private scratch: Buffer | undefined;

  /**
   * Up to `length` bytes at `position` (fewer at the end of the file). With
   * `reuse`, the bytes live in a shared buffer that the next such read overwrites.
   */
  async read(position: number, length: number, reuse = false): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, this.size - position));
    let buffer: Buffer;
    if (reuse) {
      if (!this.scratch || this.scratch.length < wanted) this.scratch = Buffer.allocUnsafe(Math.max(wanted, CHUNK));
      buffer = this.scratch.subarray(0, wanted);
    } else {
      buffer = Buffer.alloc(wanted);
    }
    if (wanted === 0) return buffer;
    const { bytesRead } = await this.handle.read(buffer, 0, wanted, position);
    return buffer.subarray(0, bytesRead);
  }

  /** Exactly `length` bytes, or the file is truncated. */
  async exact(position: number, length: number, what: string): Promise<Buffer> {
    const buffer = await this.read(position, length);
    if (buffer.length < length) throw new StructureError("truncated", `file ends inside ${what}`);
    return buffer;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Checks the file's structure for its container; throws StructureError. */
export async function checkStructure(path: string, container: Container): Promise<StructureReport> {
  const bytes = await FileBytes.open(path);
  try {
    switch (container) {
      case "jpeg":
        return await checkJpegFile(bytes);
      case "png":
        return await checkPng(bytes);
      case "webp":
        return await checkWebp(bytes);
      case "isobmff":
        return await checkIsobmff(bytes);
      case "ebml":
        return await checkEbml(bytes);
    }
  } finally {
    await bytes.close();
  }
}

// ---- JPEG ----

async function checkJpegFile(bytes: FileBytes): Promise<StructureReport> {
  let end = await jpegEnd(bytes, 0);
  // Phones append more JPEGs after the first one's EOI (MPF: depth maps, HDR gain maps); allow
  // those, and padding, but nothing else.
  while (end < bytes.size) {
    const next = await bytes.read(end, 2);
    if (next[0] === 0xff && next[1] === 0xd8) {
      end = await jpegEnd(bytes, end);
      continue;
    }
    await expectPadding(bytes, end);
    break;
  }
  return {};
}

const CHUNK = 256 * 1024;

/** The offset just past the EOI marker of the JPEG starting at `start`. */
async function jpegEnd(bytes: FileBytes, start: number): Promise<number> {
  const soi = await bytes.exact(start, 2, "the JPEG header");
  if (soi[0] !== 0xff || soi[1] !== 0xd8) throw new StructureError("corrupt", "not a JPEG");
  let position = start + 2;
  for (;;) {
    const head = await bytes.exact(position, 2, "a JPEG marker");
    if (head[0] !== 0xff) throw new StructureError("corrupt", `no JPEG marker at ${position}`);
    // Any number of 0xFF fill bytes may precede a marker code.
    position += 1;
    let code = head[1]!;
    while (code === 0xff) {
      position += 1;
      code = (await bytes.exact(position, 1, "a JPEG marker"))[0]!;
    }
    position += 1;
    if (code === 0xd9) return position;
    if ((code >= 0xd0 && code <= 0xd7) || code === 0x01) continue;
    const length = (await bytes.exact(position, 2, "a JPEG segment")).readUInt16BE(0);
    if (length < 2) throw new StructureError("corrupt", "JPEG segment shorter than its header");
    position += length;
    if (position > bytes.size) throw new StructureError("truncated", "file ends inside a JPEG segment");
    if (code === 0xda) position = await afterEntropyData(bytes, position);
  }
}

/** Skips entropy-coded data (0xFF is escaped as FF 00; RSTn markers sit inside it) to the next real marker. */
async function afterEntropyData(bytes: FileBytes, start: number): Promise<number> {
  let position = start;
  for (;;) {
    const chunk = await bytes.read(position, CHUNK, true);
    if (chunk.length < 2) throw new StructureError("truncated", "file ends inside JPEG image data");
    let index = 0;
    for (;;) {
      index = chunk.indexOf(0xff, index);
      if (index < 0 || index + 1 >= chunk.length) break;
      const next = chunk[index + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) index += 2;
      else if (next === 0xff) index += 1;
      else return position + index;
    }
    position += index < 0 ? chunk.length : index;
  }
}

/** After the end of the image, only zero or 0xFF padding (some encoders pad to a block) may follow. */
async function expectPadding(bytes: FileBytes, from: number): Promise<void> {
  for (let position = from; position < bytes.size; position += CHUNK) {
    const chunk = await bytes.read(position, CHUNK, true);
    if (chunk.some((byte) => byte !== 0x00 && byte !== 0xff)) {
      throw new StructureError("trailing_data", `${bytes.size - from} bytes follow the end of the image`);
    }
  }
}

// ---- PNG ----

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function checkPng(bytes: FileBytes): Promise<StructureReport> {
  const signature = await bytes.exact(0, 8, "the PNG signature");
  if (!signature.equals(PNG_SIGNATURE)) throw new StructureError("corrupt", "not a PNG");
  let position = 8;
  let first = true;
  for (;;) {
    const header = await bytes.exact(position, 8, "a PNG chunk header");
    const length = header.readUInt32BE(0);
    const type = header.toString("latin1", 4, 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new StructureError("corrupt", `bad PNG chunk type at ${position}`);
    if (first && type !== "IHDR") throw new StructureError("corrupt", "PNG does not start with IHDR");
    first = false;
    position += 12 + length;
    if (position > bytes.size) throw new StructureError("truncated", `file ends inside the PNG ${type} chunk`);
    if (type === "IEND") break;
  }
  if (position < bytes.size) throw new StructureError("trailing_data", `${bytes.size - position} bytes follow IEND`);
  return {};
}

// ---- WebP (RIFF) ----

async function checkWebp(bytes: FileBytes): Promise<StructureReport> {
  const header = await bytes.exact(0, 12, "the RIFF header");
  if (header.toString("latin1", 0, 4) !== "RIFF" || header.toString("latin1", 8, 12) !== "WEBP")
    throw new StructureError("corrupt", "not a WebP");
  const size = header.readUInt32LE(4);
  const end = 8 + size + (size % 2);
  if (end > bytes.size) throw new StructureError("truncated", "file shorter than its RIFF size");
  if (end < bytes.size) throw new StructureError("trailing_data", `${bytes.size - end} bytes follow the RIFF data`);
  return {};
}

// ---- ISO base media (MP4, AVIF, HEIC) ----

interface Box {
  type: string;
  start: number;
  /** Where the payload starts (after size, type and any 64-bit size). */
  body: number;
  end: number;
}

/** The boxes ISO base media files have at the top level (ISO/IEC 14496-12, QuickTime, HEIF). */
const TOP_LEVEL_BOXES = new Set([
  "ftyp",
  "moov",
  "mdat",
  "moof",
  "mfra",
  "free",
  "skip",
  "wide",
  "meta",
  "uuid",
  "pdin",
  "styp",
  "sidx",
  "ssix",
  "prft",
  "emsg",
  "pnot",
  "idat",
  "iinf",
]);

async function readBoxes(bytes: FileBytes, from: number, to: number, where: string): Promise<Box[]> {
  const boxes: Box[] = [];
  let position = from;
  while (position < to) {
    if (to - position < 8)
      throw new StructureError(to === bytes.size ? "trailing_data" : "corrupt", `${to - position} stray bytes in ${where}`);
    const header = await bytes.exact(position, 8, `a box header in ${where}`);
    const type = header.toString("latin1", 4, 8);
    // Data appended after the last box reads as a box with a nonsense type.
    if (!/^[A-Za-z0-9 ©_-]{4}$/.test(type) || (where === "the file" && !TOP_LEVEL_BOXES.has(type))) {
      throw new StructureError(where === "the file" ? "trailing_data" : "corrupt", `unexpected data at ${position} in ${where}`);
    }
    let size = header.readUInt32BE(0);
    let body = position + 8;
    if (size === 1) {
      const large = await bytes.exact(position + 8, 8, "a 64-bit box size");
      size = Number(large.readBigUInt64BE(0));
      body += 8;
    } else if (size === 0) {
      size = to - position;
    }
    if (size < body - position) throw new StructureError("corrupt", `box ${type} shorter than its header`);
    const end = position + size;
    if (end > to) throw new StructureError(end > bytes.size ? "truncated" : "corrupt", `box ${type} runs past the end of ${where}`);
    boxes.push({ type, start: position, body, end });
    position = end;
  }
  return boxes;
}

async function checkIsobmff(bytes: FileBytes): Promise<StructureReport> {
  const boxes = await readBoxes(bytes, 0, bytes.size, "the file");
  if (boxes[0]?.type !== "ftyp") throw new StructureError("corrupt", "no ftyp box first");
  const types = new Set(boxes.map((box) => box.type));
  if (types.has("moov")) {
    if (!types.has("mdat") && !types.has("moof")) throw new StructureError("truncated", "a movie without its media data");
    // Cover art is a bonus: a layout this reader does not know costs the poster, never the upload.
    const picture = await mp4CoverArt(
      bytes,
      boxes.find((box) => box.type === "moov")!,
    ).catch(() => undefined);
    return { picture };
  }
  if (!types.has("meta")) throw new StructureError("truncated", "neither a movie nor an image");
  return {};
}

/** moov/udta/meta/ilst/covr/data: iTunes-style cover art (type 13 JPEG, 14 PNG). */
async function mp4CoverArt(bytes: FileBytes, moov: Box): Promise<EmbeddedPicture | undefined> {
  const child = async (parent: Box, type: string, skip = 0) =>
    (await readBoxes(bytes, parent.body + skip, parent.end, parent.type)).find((box) => box.type === type);
  const udta = await child(moov, "udta");
  const meta = udta && (await child(udta, "meta"));
  // ISO's meta is a full box (4 bytes of version and flags first); QuickTime's is a plain one.
  const ilst = meta && ((await child(meta, "ilst", 4).catch(() => undefined)) ?? (await child(meta, "ilst")));
  const covr = ilst && (await child(ilst, "covr"));
  const data = covr && (await child(covr, "data"));
  if (!data || data.end - data.body <= 8) return undefined;
  return { offset: data.body + 8, length: data.end - data.body - 8 };
}

// ---- EBML (WebM) ----

const EBML_HEADER = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const CLUSTER = 0x1f43b675;
const ATTACHMENTS = 0x1941a469;
const ATTACHED_FILE = 0x61a7;
const FILE_MIME_TYPE = 0x4660;
const FILE_DATA = 0x465c;
const VOID = 0xec;
const CRC32 = 0xbf;
/** The Segment's children (Matroska level 1). */
const LEVEL1 = new Set([0x114d9b74, 0x1549a966, 0x1654ae6b, CLUSTER, 0x1c53bb6b, ATTACHMENTS, 0x1043a770, 0x1254c367, VOID, CRC32]);
/** A Cluster's children, for clusters of unknown size (browsers' MediaRecorder writes them). */
const CLUSTER_CHILDREN = new Set([0xe7, 0xa3, 0xa0, 0xa7, 0xab, 0x5854, 0xaf, VOID, CRC32]);

interface Element {
  id: number;
  start: number;
  body: number;
  /** null: unknown size (runs to the end of its parent). */
  size: number | null;
}

async function readElement(bytes: FileBytes, position: number): Promise<Element> {
  const head = await bytes.read(position, 12);
  if (head.length === 0) throw new StructureError("truncated", "file ends before an element");
  const idLength = vintLength(head[0]!);
  if (idLength > 4) throw new StructureError("trailing_data", `unexpected data at ${position}`);
  if (head.length < idLength + 1) throw new StructureError("truncated", "file ends inside an element header");
  const id = head.readUIntBE(0, idLength);
  const sizeLength = vintLength(head[idLength]!);
  if (sizeLength > 8) throw new StructureError("corrupt", `bad element size at ${position}`);
  if (head.length < idLength + sizeLength) throw new StructureError("truncated", "file ends inside an element header");
  let size = head[idLength]! & (0xff >> sizeLength);
  let allOnes = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    const byte = head[idLength + i]!;
    allOnes &&= byte === 0xff;
    size = size * 256 + byte;
  }
  return { id, start: position, body: position + idLength + sizeLength, size: allOnes ? null : size };
}

/** How many bytes a variable-length integer takes, from its first byte (9 when the byte is zero: invalid). */
function vintLength(first: number): number {
  for (let length = 1; length <= 8; length++) if (first & (0x80 >> (length - 1))) return length;
  return 9;
}

async function checkEbml(bytes: FileBytes): Promise<StructureReport> {
  const header = await readElement(bytes, 0);
  if (header.id !== EBML_HEADER || header.size === null) throw new StructureError("corrupt", "not an EBML file");
  const segment = await readElement(bytes, header.body + header.size);
  if (segment.id !== SEGMENT) throw new StructureError("corrupt", "no Segment after the EBML header");
  const segmentEnd = segment.size === null ? bytes.size : segment.body + segment.size;
  if (segmentEnd > bytes.size) throw new StructureError("truncated", "file shorter than its Segment");
  let picture: EmbeddedPicture | undefined;
  let position = segment.body;
  while (position < segmentEnd) {
    const element = await readElement(bytes, position);
    if (!LEVEL1.has(element.id))
      throw new StructureError(segment.size === null ? "trailing_data" : "corrupt", `unexpected element at ${position}`);
    if (element.size === null) {
      if (element.id !== CLUSTER) throw new StructureError("corrupt", "only clusters may have an unknown size");
      position = await afterOpenCluster(bytes, element.body, segmentEnd);
      continue;
    }
    const end = element.body + element.size;
    if (end > segmentEnd) throw new StructureError(end > bytes.size ? "truncated" : "corrupt", "an element runs past its Segment");
    if (element.id === ATTACHMENTS && !picture) picture = await webmAttachedPicture(bytes, element.body, end).catch(() => undefined);
    position = end;
  }
  if (segmentEnd < bytes.size) throw new StructureError("trailing_data", `${bytes.size - segmentEnd} bytes follow the Segment`);
  return { picture };
}

/** Walks a cluster of unknown size to where the next level-1 element (or the end) begins. */
async function afterOpenCluster(bytes: FileBytes, from: number, to: number): Promise<number> {
  let position = from;
  while (position < to) {
    const element = await readElement(bytes, position);
    if (LEVEL1.has(element.id) && !CLUSTER_CHILDREN.has(element.id)) return position;
    if (!CLUSTER_CHILDREN.has(element.id) || element.size === null)
      throw new StructureError("trailing_data", `unexpected data at ${position}`);
    position = element.body + element.size;
    if (position > bytes.size) throw new StructureError("truncated", "file ends inside a cluster");
  }
  return position;
}

async function webmAttachedPicture(bytes: FileBytes, from: number, to: number): Promise<EmbeddedPicture | undefined> {
  for (const file of await children(bytes, from, to)) {
    if (file.id !== ATTACHED_FILE) continue;
    let mime = "";
    let data: EmbeddedPicture | undefined;
    for (const field of await children(bytes, file.body, file.body + file.size!)) {
      if (field.id === FILE_MIME_TYPE) mime = (await bytes.exact(field.body, Math.min(field.size!, 100), "a mime type")).toString("latin1");
      if (field.id === FILE_DATA) data = { offset: field.body, length: field.size! };
    }
    if (data && /^image\/(jpeg|png|webp)$/.test(mime)) return data;
  }
  return undefined;
}

async function children(bytes: FileBytes, from: number, to: number): Promise<Element[]> {
  const found: Element[] = [];
  for (let position = from; position < to;) {
    const element = await readElement(bytes, position);
    if (element.size === null || element.body + element.size > to) throw new StructureError("corrupt", `bad element at ${position}`);
    found.push(element);
    position = element.body + element.size;
  }
  return found;
}

/** Markup and script openings that make a file something a browser or a server would run. */
const ACTIVE_CONTENT = /<(?:script|html|body|iframe|object|embed|svg|\?php|!doctype|meta\s)|javascript:/i;

/**
 * Looks through the whole file, in pieces, for markup or script; a picture
 * carrying `<script>` in a comment segment is a polyglot even when its
 * structure is sound. Random compressed bytes match these patterns with
 * negligible odds (each needs 7+ exact bytes).
 */
export async function containsActiveContent(path: string): Promise<boolean> {
  const bytes = await FileBytes.open(path);
  const overlap = 16;
  try {
    for (let position = 0; position < bytes.size; position += CHUNK - overlap) {
      const chunk = await bytes.read(position, CHUNK, true);
      if (ACTIVE_CONTENT.test(chunk.toString("latin1"))) return true;
      if (position + chunk.length >= bytes.size) break;
    }
    return false;
  } finally {
    await bytes.close();
  }
}

/** Reads an embedded picture's bytes (small: cover art). */
export async function readEmbedded(path: string, picture: EmbeddedPicture, maxBytes: number): Promise<Buffer | undefined> {
  if (picture.length > maxBytes) return undefined;
  const bytes = await FileBytes.open(path);
  try {
    return await bytes.exact(picture.offset, picture.length, "an embedded picture");
  } finally {
    await bytes.close();
  }
}
