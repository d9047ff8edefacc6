import { z } from "../platform/zod.js";
import { MEDIA_KINDS, MEDIA_STATUSES } from "./media.entity.js";

export const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });
export const productMediaParams = storeParams.extend({ productId: z.uuid("شناسهٔ محصول معتبر نیست.") });
export const mediaParams = storeParams.extend({ mediaId: z.uuid("شناسهٔ فایل معتبر نیست.") });

/** The multipart body of an upload, for the OpenAPI document. */
export const uploadBodySchema = z.object({
  file: z
    .string()
    .openapi({ type: "string", format: "binary", description: "The image or video; its type is read from its bytes, never from its name" }),
});

export const mediaVariantSchema = z.object({
  format: z.enum(["webp", "avif"]),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  url: z.string(),
});

export const mediaSchema = z
  .object({
    id: z.uuid(),
    productId: z.uuid().nullable(),
    kind: z.enum(MEDIA_KINDS),
    status: z.enum(MEDIA_STATUSES).openapi({ description: "pending until the media job has made the variants (or the poster)" }),
    mime: z.string(),
    bytes: z.number().int(),
    width: z.number().int().nullable().openapi({ description: "As shown (orientation applied); images only" }),
    height: z.number().int().nullable(),
    position: z.number().int(),
    url: z.string().nullable().openapi({
      description:
        "Videos: the file as uploaded, remuxed without its metadata (GPS, device); null until processed. Images have no public original (it may carry GPS); use the variants",
    }),
    variants: z
      .array(mediaVariantSchema)
      .openapi({ description: "Images: WebP and AVIF at 320, 640 and 1280 px wide (never wider than the original)" }),
    srcset: z
      .object({ webp: z.string(), avif: z.string() })
      .nullable()
      .openapi({
        description: "Ready-made `srcset` values, one per format",
        example: { webp: "/media/public/…-320w.webp 320w, /media/public/…-640w.webp 640w", avif: "…" },
      }),
    poster: z
      .object({ url: z.string(), source: z.enum(["embedded", "product-image"]) })
      .nullable()
      .openapi({ description: "Videos: the cover art the file carries, else the product's first image" }),
    failure: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Media");

export const mediaListSchema = z.object({ items: z.array(mediaSchema) });
export const deletedSchema = z.object({
  deleted: z.number().int().openapi({ description: "Rows removed now; their files are removed by the media job" }),
});
