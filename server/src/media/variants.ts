import sharp from "sharp";

// libvips uses one thread here by default (DESIGN.md, toolchain): two cores, two threads.
sharp.concurrency(2);

/** The widths the store site's `srcset` offers; an image narrower than one is never enlarged to it. */
export const VARIANT_WIDTHS = [320, 640, 1280] as const;
export const VARIANT_FORMATS = ["webp", "avif"] as const;

export interface EncodedVariant {
  format: (typeof VARIANT_FORMATS)[number];
  width: number;
  height: number;
  data: Buffer;
}

export interface EncodedImage {
  /** As shown: orientation applied. */
  width: number;
  height: number;
  variants: EncodedVariant[];
}

/**
 * The widths to make for an image `width` pixels wide: each standard width it
 * exceeds, plus its own width when that is below the largest standard one,
 * so the sharpest copy is never lost and never upscaled.
 */
export function variantWidths(width: number): number[] {
  const widths: number[] = VARIANT_WIDTHS.filter((standard) => standard < width);
  if (width <= VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]!) widths.push(width);
  else widths.push(VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]!);
  return [...new Set(widths)].sort((a, b) => a - b);
}

/**
 * Decodes an image once, applies its EXIF orientation, and encodes WebP and
 * AVIF at the variant widths. Output carries no metadata (sharp writes none
 * unless asked: EXIF, GPS, XMP and comments are gone) and is sRGB. The
 * encoders are deterministic, so the same input gives the same bytes.
 */
export async function encodeImageVariants(input: Buffer, options: { maxPixels: number }): Promise<EncodedImage> {
  // Decode and orient once, down to the largest width needed; every variant is cut from these pixels.
  const largest = VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]!;
  const { data, info } = await sharp(input, { limitInputPixels: options.maxPixels, failOn: "error" })
    .rotate()
    .resize({ width: largest, withoutEnlargement: true })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const metadata = await sharp(input, { limitInputPixels: options.maxPixels }).metadata();
  const shownWidth = metadata.autoOrient?.width ?? info.width;
  const shownHeight = metadata.autoOrient?.height ?? info.height;
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const variants: EncodedVariant[] = [];
  for (const width of variantWidths(info.width)) {
    for (const format of VARIANT_FORMATS) {
      let pipeline = sharp(data, raw).resize({ width, withoutEnlargement: true });
      pipeline = format === "webp" ? pipeline.webp({ quality: 80, effort: 4 }) : pipeline.avif({ quality: 55, effort: 2 });
      const { data: encoded, info: out } = await pipeline.toBuffer({ resolveWithObject: true });
      variants.push({ format, width: out.width, height: out.height, data: encoded });
    }
  }
  return { width: shownWidth, height: shownHeight, variants };
}

/** A video's poster from its embedded cover art: oriented, stripped, one WebP at most 1280 wide. */
export async function encodePoster(
  input: Buffer,
  options: { maxPixels: number },
): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(input, { limitInputPixels: options.maxPixels, failOn: "error" })
    .rotate()
    .resize({ width: VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1], withoutEnlargement: true })
    .webp({ quality: 80, effort: 4 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
