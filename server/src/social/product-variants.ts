import type { ProductDetail } from "../catalog/product.service.js";

/** A variant as followers and captions name it. */
export interface VariantView {
  instanceId: string;
  sku: string;
  /** The categorizer values, «قرمز / L»; empty for a product without variants. */
  label: string;
  /** Rials: the instance's own price, or the product's base price. */
  price: number;
  stock: number;
}

/** The active instances of a product, labelled by their categorizer values in attribute order. */
export function variantsOf(detail: ProductDetail): VariantView[] {
  const categorizers = new Set(detail.attributes.filter((entry) => entry.attribute.isCategorizer).map((entry) => entry.attribute.id));
  return detail.instances
    .filter(({ instance }) => instance.isActive)
    .map(({ instance, attributes }) => ({
      instanceId: instance.id,
      sku: instance.sku,
      label: attributes
        .filter((row) => categorizers.has(row.attributeId))
        .map((row) => row.value.trim())
        .filter(Boolean)
        .join(" / "),
      price: instance.price ?? detail.product.basePrice,
      stock: instance.stock,
    }));
}
