import type { z } from "zod";
import type { productSchema } from "./catalog.schemas.js";
import type { Product } from "./product.entity.js";

export function presentProduct(product: Product): z.input<typeof productSchema> {
  return {
    id: product.id,
    name: product.name,
    nameFa: product.nameFa,
    slug: product.slug,
    description: product.description,
    basePrice: product.basePrice,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
