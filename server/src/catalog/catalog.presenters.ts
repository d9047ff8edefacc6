import type { z } from "zod";
import type { AttributeValue } from "./attribute.entity.js";
import type { AttributeWithValues } from "./attribute.service.js";
import type {
  attributeSchema,
  attributeValueSchema,
  categorySchema,
  CategoryNodeOutput,
  productListSchema,
  productSchema,
  productSummarySchema,
} from "./catalog.schemas.js";
import type { Category } from "./category.entity.js";
import type { CategoryNode } from "./category.service.js";
import type { ProductPage, ProductSummary } from "./product-search.service.js";
import type { ProductDetail } from "./product.service.js";

export function presentCategory(category: Category): z.input<typeof categorySchema> {
  return {
    id: category.id,
    parentId: category.parentId,
    slug: category.slug,
    name: category.name,
    nameFa: category.nameFa,
    isCategorizer: category.isCategorizer,
    depth: category.depth,
  };
}

export function presentTree(nodes: CategoryNode[]): CategoryNodeOutput[] {
  return nodes.map((node) => ({ ...presentCategory(node.category), children: presentTree(node.children) }));
}

export function presentAttributeValue(value: AttributeValue): z.input<typeof attributeValueSchema> {
  return { id: value.id, value: value.value, valueFa: value.valueFa, hex: value.hex, sortOrder: value.sortOrder };
}

export function presentAttribute({ attribute, values }: AttributeWithValues): z.input<typeof attributeSchema> {
  return {
    id: attribute.id,
    categoryId: attribute.categoryId,
    name: attribute.name,
    nameFa: attribute.nameFa,
    type: attribute.type,
    isRequired: attribute.isRequired,
    isCategorizer: attribute.isCategorizer,
    sortOrder: attribute.sortOrder,
    values: values.map(presentAttributeValue),
  };
}

export function presentProductSummary(product: ProductSummary): z.input<typeof productSummarySchema> {
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    nameFa: product.nameFa,
    categoryId: product.categoryId,
    basePrice: product.basePrice,
    minPrice: product.minPrice,
    images: product.images,
    inStock: product.inStock,
    isActive: product.isActive,
    viewCount: product.viewCount,
    createdAt: product.createdAt.toISOString(),
  };
}

export function presentProductPage(page: ProductPage): z.input<typeof productListSchema> {
  return { items: page.items.map(presentProductSummary), nextCursor: page.nextCursor };
}

export function presentProduct({ product, category, attributes, instances }: ProductDetail): z.input<typeof productSchema> {
  const names = new Map(attributes.map(({ attribute }) => [attribute.id, attribute]));
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    nameFa: product.nameFa,
    categoryId: product.categoryId,
    description: product.description,
    basePrice: product.basePrice,
    minPrice: product.minPrice,
    images: product.images,
    videos: product.videos,
    isActive: product.isActive,
    inStock: instances.some(({ instance }) => instance.isActive && instance.stock > 0),
    viewCount: product.viewCount,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
    category: presentCategory(category),
    attributes: attributes.map((entry) => ({ ...presentAttribute(entry), chosenValueIds: entry.chosenValueIds, text: entry.text })),
    instances: instances.map(({ instance, attributes: values }) => ({
      id: instance.id,
      sku: instance.sku,
      price: instance.price,
      effectivePrice: instance.price ?? product.basePrice,
      stock: instance.stock,
      isActive: instance.isActive,
      attributes: values.map((row) => ({
        attributeId: row.attributeId,
        name: names.get(row.attributeId)?.name ?? "",
        nameFa: names.get(row.attributeId)?.nameFa ?? "",
        valueId: row.attributeValueId,
        value: row.value,
        colorHex: row.colorHex,
      })),
    })),
  };
}
