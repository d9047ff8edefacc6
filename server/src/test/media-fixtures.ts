import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { crc32 } from "node:zlib";
import sharp from "sharp";

/**
 * Real files for the media tests, made here rather than downloaded: pictures
 * from sharp, and tiny but genuine videos (a WebM whose one frame is the VP8
 * keyframe inside a lossy WebP, an MP4 whose one frame is the AV1 keyframe
 * inside an AVIF), with or without cover art.
 */

/** A photo-like JPEG: smooth colour fields with noise, so encoders have work to do. */
export async function photo(width: number, height: number, options: { quality?: number } = {}): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const noise = (seed >>> 24) % 32;
      const i = (y * width + x) * 3;
      pixels[i] = ((x * 255) / width + noise) & 0xff;
      pixels[i + 1] = ((y * 255) / height + noise) & 0xff;
      pixels[i + 2] = (((x + y) * 127) / (width + height) + 64 + noise) & 0xff;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: options.quality ?? 85 })
    .toBuffer();
}

export async function solid(
  width: number,
  height: number,
  format: "png" | "webp" | "avif" | "jpeg",
  colour = { r: 200, g: 40, b: 90 },
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    [format]()
    .toBuffer();
}

/**
 * A camera-style JPEG stored landscape (1600×1200: left half red, right half
 * blue) with EXIF orientation 6 (shown rotated 90° clockwise: red on top),
 * camera make and GPS position.
 */
export async function orientedPhotoWithGps(): Promise<Buffer> {
  const width = 1600;
  const height = 1200;
  const left = await sharp({ create: { width: width / 2, height, channels: 3, background: { r: 230, g: 20, b: 20 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 20, b: 230 } } })
    .composite([{ input: left, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({
      orientation: 6,
      exif: {
        IFD0: { Make: "MallTestCam", Model: "Secret Model 7", Copyright: "merchant" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "35/1 41/1 2199/100", GPSLongitudeRef: "E", GPSLongitude: "51/1 23/1 1234/100" },
      },
    })
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, "latin1"), data])));
  return Buffer.concat([head, data, crc]);
}

/** A valid-looking PNG that claims `width`×`height` pixels in a few dozen bytes: an image bomb's header. */
export function pngBomb(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---- WebM ----

function ebmlSize(size: number): Buffer {
  // The shortest variable-length form, as muxers write it (all ones is reserved for "unknown").
  for (let length = 1; length <= 8; length++) {
    if (size < 2 ** (7 * length) - 1) {
      const buffer = Buffer.alloc(length);
      let rest = size;
      for (let i = length - 1; i >= 0; i--) {
        buffer[i] = rest % 256;
        rest = Math.floor(rest / 256);
      }
      buffer[0]! |= 0x80 >> (length - 1);
      return buffer;
    }
  }
  throw new Error("element too large");
}

function ebml(id: number, ...children: (Buffer | string | number)[]): Buffer {
  const body = Buffer.concat(
    children.map((child) => {
      if (Buffer.isBuffer(child)) return child;
      if (typeof child === "string") return Buffer.from(child, "utf8");
      const value = Buffer.alloc(4);
      value.writeUInt32BE(child);
      return value;
    }),
  );
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, "0"), "hex");
  return Buffer.concat([idBytes, ebmlSize(body.length), body]);
}

/** The VP8 keyframe inside a lossy WebP (its "VP8 " chunk). */
async function vp8Frame(width: number, height: number): Promise<Buffer> {
  const webp = await sharp({ create: { width, height, channels: 3, background: { r: 30, g: 160, b: 90 } } })
    .webp({ quality: 70 })
    .toBuffer();
  let position = 12;
  while (position < webp.length) {
    const type = webp.toString("latin1", position, position + 4);
    const size = webp.readUInt32LE(position + 4);
    if (type === "VP8 ") return webp.subarray(position + 8, position + 8 + size);
    position += 8 + size + (size % 2);
  }
  throw new Error("sharp wrote no VP8 chunk");
}

/** A one-frame VP8 WebM, optionally with a cover picture attached (Matroska attachments). */
export async function webmVideo(options: { cover?: Buffer; width?: number; height?: number } = {}): Promise<Buffer> {
  const width = options.width ?? 64;
  const height = options.height ?? 48;
  const frame = await vp8Frame(width, height);
  const u16 = (value: number) => Buffer.from([value >> 8, value & 0xff]);
  const header = ebml(
    0x1a45dfa3,
    ebml(0x4286, Buffer.from([1])),
    ebml(0x42f7, Buffer.from([1])),
    ebml(0x42f2, Buffer.from([4])),
    ebml(0x42f3, Buffer.from([8])),
    ebml(0x4282, "webm"),
    ebml(0x4287, Buffer.from([2])),
    ebml(0x4285, Buffer.from([2])),
  );
  const info = ebml(0x1549a966, ebml(0x2ad7b1, 1_000_000), ebml(0x4d80, "mall-test"), ebml(0x5741, "mall-test"));
  const tracks = ebml(
    0x1654ae6b,
    ebml(
      0xae,
      ebml(0xd7, Buffer.from([1])),
      ebml(0x73c5, Buffer.from([1])),
      ebml(0x83, Buffer.from([1])),
      ebml(0x86, "V_VP8"),
      ebml(0xe0, ebml(0xb0, u16(width)), ebml(0xba, u16(height))),
    ),
  );
  const attachments = options.cover
    ? [
        ebml(
          0x1941a469,
          ebml(0x61a7, ebml(0x466e, "cover.jpg"), ebml(0x4660, "image/jpeg"), ebml(0x465c, options.cover), ebml(0x46ae, Buffer.from([1]))),
        ),
      ]
    : [];
  const block = Buffer.concat([Buffer.from([0x81, 0x00, 0x00, 0x80]), frame]);
  const cluster = ebml(0x1f43b675, ebml(0xe7, Buffer.from([0])), ebml(0xa3, block));
  return Buffer.concat([header, ebml(0x18538067, info, tracks, ...attachments, cluster)]);
}

// ---- MP4 ----

function box(type: string, ...children: Buffer[]): Buffer {
  const body = Buffer.concat(children);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, flags: number, ...children: Buffer[]): Buffer {
  const vf = Buffer.alloc(4);
  vf.writeUInt32BE((version << 24) | flags);
  return box(type, vf, ...children);
}

function u32(...values: number[]): Buffer {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => buffer.writeUInt32BE(value >>> 0, i * 4));
  return buffer;
}

function u16s(...values: number[]): Buffer {
  const buffer = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => buffer.writeUInt16BE(value & 0xffff, i * 2));
  return buffer;
}

const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);

/** The AV1 keyframe and its av1C configuration, from a one-item AVIF made by sharp. */
async function av1Frame(width: number, height: number): Promise<{ av1C: Buffer; data: Buffer }> {
  const avif = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 30 } } })
    .avif({ quality: 50, effort: 2 })
    .toBuffer();
  const at = avif.indexOf("av1C", 0, "latin1");
  const av1C = avif.subarray(at - 4, at - 4 + avif.readUInt32BE(at - 4));
  let position = 0;
  while (position < avif.length) {
    const size = avif.readUInt32BE(position);
    if (avif.toString("latin1", position + 4, position + 8) === "mdat") return { av1C, data: avif.subarray(position + 8, position + size) };
    position += size;
  }
  throw new Error("sharp wrote no mdat");
}

/** A one-frame AV1 MP4, optionally with iTunes-style cover art (moov/udta/meta/ilst/covr). */
export async function mp4Video(options: { cover?: Buffer; width?: number; height?: number } = {}): Promise<Buffer> {
  const width = options.width ?? 64;
  const height = options.height ?? 48;
  const { av1C, data } = await av1Frame(width, height);
  const ftyp = box("ftyp", Buffer.from("isom", "latin1"), u32(512), Buffer.from("isomiso2av01mp41", "latin1"));
  const sampleEntry = box(
    "av01",
    Buffer.alloc(6),
    u16s(1),
    Buffer.alloc(16),
    u16s(width, height),
    u32(0x00480000, 0x00480000, 0),
    u16s(1),
    Buffer.alloc(32),
    u16s(0x0018, 0xffff),
    av1C,
  );
  const build = (chunkOffset: number) => {
    const stbl = box(
      "stbl",
      fullBox("stsd", 0, 0, u32(1), sampleEntry),
      fullBox("stts", 0, 0, u32(1, 1, 1000)),
      fullBox("stsc", 0, 0, u32(1, 1, 1, 1)),
      fullBox("stsz", 0, 0, u32(0, 1, data.length)),
      fullBox("stco", 0, 0, u32(1, chunkOffset)),
    );
    const minf = box(
      "minf",
      fullBox("vmhd", 0, 1, u16s(0, 0, 0, 0)),
      box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1))),
      stbl,
    );
    const mdia = box(
      "mdia",
      fullBox("mdhd", 0, 0, u32(0, 0, 1000, 1000), u16s(0x55c4, 0)),
      fullBox("hdlr", 0, 0, u32(0), Buffer.from("vide", "latin1"), Buffer.alloc(12), Buffer.from("VideoHandler\0", "latin1")),
      minf,
    );
    const tkhd = fullBox("tkhd", 0, 3, u32(0, 0, 1, 0, 1000, 0, 0), u16s(0, 0, 0, 0), MATRIX, u32(width << 16, height << 16));
    const mvhd = fullBox("mvhd", 0, 0, u32(0, 0, 1000, 1000, 0x00010000), u16s(0x0100, 0), u32(0, 0), MATRIX, Buffer.alloc(24), u32(2));
    const udta = options.cover
      ? [
          box(
            "udta",
            fullBox(
              "meta",
              0,
              0,
              fullBox("hdlr", 0, 0, u32(0), Buffer.from("mdirappl", "latin1"), Buffer.alloc(9)),
              box("ilst", box("covr", box("data", u32(13, 0), options.cover))),
            ),
          ),
        ]
      : [];
    return box("moov", mvhd, box("trak", tkhd, mdia), ...udta);
  };
  const moovLength = build(0).length;
  const moov = build(ftyp.length + moovLength + 8);
  return Buffer.concat([ftyp, moov, box("mdat", data)]);
}

// ---- Playable videos, made by ffmpeg ----

/**
 * A real, playable video of `seconds` of ffmpeg's test pattern (320×240,
 * 15 fps): VP9 in WebM, or H.264 in MP4 with `cover` attached as its cover
 * art. Made by Debian's `ffmpeg`, which the media job needs anyway; a few
 * tens of kilobytes, so a browser plays it at once.
 */
export async function playableVideo(container: "webm" | "mp4", options: { seconds?: number; cover?: Buffer } = {}): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "mall-video-fixture-"));
  try {
    const output = join(dir, `video.${container}`);
    const source = ["-f", "lavfi", "-i", `testsrc=size=320x240:rate=15:duration=${options.seconds ?? 3}`];
    const cover = options.cover && container === "mp4" ? join(dir, "cover.jpg") : null;
    if (cover) await writeFile(cover, options.cover!);
    const encode =
      container === "webm"
        ? ["-c:v", "libvpx-vp9", "-b:v", "200k", "-deadline", "realtime", "-cpu-used", "8", "-pix_fmt", "yuv420p"]
        : cover
          ? [
              ...["-i", cover, "-map", "0:v", "-map", "1:v", "-c:v:0", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
              ...["-c:v:1", "copy", "-disposition:v:1", "attached_pic"],
            ]
          : ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];
    await promisify(execFile)("ffmpeg", [
      "-nostdin",
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      ...source,
      ...encode,
      ...(container === "mp4" ? ["-movflags", "+faststart"] : []),
      output,
    ]);
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
