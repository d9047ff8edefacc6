import { z } from "../platform/zod.js";

/** Page and page size, from a query string. */
export const paginationSchema = z.object({
  page: z.coerce.number().int().min(1).max(10000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(24),
});

export const productSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9\u0600-\u06ff](?:[a-z0-9\u0600-\u06ff-]*[a-z0-9\u0600-\u06ff])?$/, "نامک فقط حرف، رقم و خط تیره دارد.");

export const createProductSchema = z.object({
  name: z.string().trim().min(1).max(200),
  nameFa: z.string().trim().min(1).max(200),
  slug: productSlugSchema,
  description: z.string().max(20000).default(""),
  /** Rials, a whole number. */
  basePrice: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  isActive: z.boolean().default(true),
});
export type CreateProductInput = z.input<typeof createProductSchema>;

export const productSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    nameFa: z.string(),
    slug: z.string(),
    description: z.string(),
    basePrice: z.number().int().openapi({ description: "Rials" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Product");

export const productListSchema = z.object({
  items: z.array(productSchema),
  page: z.number().int(),
  perPage: z.number().int(),
  total: z.number().int(),
});
