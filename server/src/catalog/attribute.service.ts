import { In } from "typeorm";
import { isUniqueViolation } from "../db/errors.js";
import { findInStoreOrFail } from "../db/find-in-store.js";
import { ValidationError } from "../core/errors.js";
import { recordEvent } from "../jobs/events.js";
import type { ServiceContext } from "../core/context.js";
import { AttributeValue, ProductAttribute, type AttributeType } from "./attribute.entity.js";
import {
  AttributeInUseError,
  AttributeNameTakenError,
  AttributeNotFoundError,
  AttributeValueNotFoundError,
  AttributeValueTakenError,
} from "./catalog.errors.js";
import {
  attributeValueInputSchema,
  createAttributeSchema,
  updateAttributeSchema,
  updateAttributeValueSchema,
  type AttributeValueInput,
  type CreateAttributeInput,
  type UpdateAttributeInput,
  type UpdateAttributeValueInput,
} from "./catalog.schemas.js";
import { pathIds, type Category } from "./category.entity.js";
import { getCategory } from "./category.service.js";
import { ProductAttributeValue } from "./product-attribute-value.entity.js";
import { ProductInstanceAttribute } from "./product-instance.entity.js";

/**
 * Attributes and their values. The only place their rules live: an attribute
 * defined on a category applies to it and every category below it; a name is
 * used once along any root-to-leaf line of the tree (so `color` means one
 * thing on every product); color values carry a swatch; a description is
 * never a categorizer; what a product uses is not deleted; every change
 * records `attribute.changed`.
 */

export interface AttributeWithValues {
  attribute: ProductAttribute;
  values: AttributeValue[];
}

export async function getAttribute(ctx: ServiceContext, storeId: string, id: string, field?: string): Promise<ProductAttribute> {
  return findInStoreOrFail(ctx, ProductAttribute, storeId, id, () => new AttributeNotFoundError(field));
}

/**
 * The attributes that apply to a category: its own and those of every
 * ancestor (their ids are in its path), inherited ones first.
 */
export async function applicableAttributes(ctx: ServiceContext, category: Category): Promise<AttributeWithValues[]> {
  const attributes = await ctx.manager
    .getRepository(ProductAttribute)
    .findBy({ storeId: category.storeId, categoryId: In(pathIds(category.path)) });
  return withValues(ctx, category.storeId, inLineOrder(category, attributes));
}

/** A category's applicable attributes in the order shoppers see them: inherited ones first, then by sort order and name. */
export function inLineOrder(category: Category, attributes: ProductAttribute[]): ProductAttribute[] {
  const line = pathIds(category.path);
  return attributes.sort(
    (a, b) => line.indexOf(a.categoryId) - line.indexOf(b.categoryId) || a.sortOrder - b.sortOrder || a.name.localeCompare(b.name),
  );
}

/** Attributes with their values, in the values' order. */
export async function withValues(ctx: ServiceContext, storeId: string, attributes: ProductAttribute[]): Promise<AttributeWithValues[]> {
  if (attributes.length === 0) return [];
  const values = await ctx.manager.getRepository(AttributeValue).find({
    where: { storeId, attributeId: In(attributes.map((attribute) => attribute.id)) },
    order: { sortOrder: "ASC", value: "ASC" },
  });
  return pairValues(attributes, values);
}

/** Each attribute with its values, which come in their order (sort order, then value). */
export function pairValues(attributes: ProductAttribute[], values: AttributeValue[]): AttributeWithValues[] {
  return attributes.map((attribute) => ({ attribute, values: values.filter((value) => value.attributeId === attribute.id) }));
}

/** Defines an attribute on a category, with its first values. */
export async function createAttribute(
  ctx: ServiceContext,
  storeId: string,
  categoryId: string,
  input: CreateAttributeInput,
): Promise<AttributeWithValues> {
  const data = createAttributeSchema.parse(input);
  const category = await getCategory(ctx, storeId, categoryId);
  checkCategorizer(data.type, data.isCategorizer);
  const seen = new Set<string>();
  data.values.forEach((value, index) => {
    checkHex(data.type, value.hex, `values.${index}.hex`);
    if (seen.has(value.value)) throw new AttributeValueTakenError(`values.${index}.value`);
    seen.add(value.value);
  });
  // The same name above (inherited) or below (it would inherit this one) would make `color` mean two things.
  const [clash] = await ctx.manager.query(
    `SELECT 1 FROM product_attributes a JOIN categories c ON c.id = a.category_id
      WHERE a.store_id = $1 AND a.name = $2 AND (a.category_id = ANY($3::uuid[]) OR (c.store_id = $1 AND c.path LIKE $4))
      LIMIT 1`,
    [storeId, data.name, pathIds(category.path), `${category.path}%`],
  );
  if (clash) throw new AttributeNameTakenError();
  const attributes = ctx.manager.getRepository(ProductAttribute);
  let attribute: ProductAttribute;
  try {
    attribute = await attributes.save(
      attributes.create({
        storeId,
        categoryId: category.id,
        name: data.name,
        nameFa: data.nameFa,
        type: data.type,
        isRequired: data.isRequired,
        isCategorizer: data.isCategorizer,
        sortOrder: data.sortOrder,
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new AttributeNameTakenError();
    throw error;
  }
  const values = data.values.length
    ? await ctx.manager
        .getRepository(AttributeValue)
        .save(
          data.values.map((value) =>
            ctx.manager.create(AttributeValue, { storeId, attributeId: attribute.id, ...value, hex: value.hex ?? null }),
          ),
        )
    : [];
  await recordAttributeChanged(ctx, attribute, { change: "created" });
  return { attribute, values: values.sort((a, b) => a.sortOrder - b.sortOrder || a.value.localeCompare(b.value)) };
}

export async function updateAttribute(
  ctx: ServiceContext,
  storeId: string,
  id: string,
  input: UpdateAttributeInput,
): Promise<AttributeWithValues> {
  const data = updateAttributeSchema.parse(input);
  const attribute = await getAttribute(ctx, storeId, id);
  checkCategorizer(attribute.type, data.isCategorizer ?? attribute.isCategorizer);
  Object.assign(attribute, Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)));
  await ctx.manager.getRepository(ProductAttribute).save(attribute);
  await recordAttributeChanged(ctx, attribute, { change: "updated" });
  const [result] = await withValues(ctx, storeId, [attribute]);
  return result!;
}

/** Deletes an attribute no product uses, with its values. */
export async function deleteAttribute(ctx: ServiceContext, storeId: string, id: string): Promise<void> {
  const attribute = await getAttribute(ctx, storeId, id);
  if (await ctx.manager.existsBy(ProductAttributeValue, { storeId, attributeId: attribute.id })) throw new AttributeInUseError("attribute");
  await ctx.manager.delete(ProductAttribute, { id: attribute.id, storeId });
  await recordAttributeChanged(ctx, attribute, { change: "deleted" });
}

export async function addAttributeValue(
  ctx: ServiceContext,
  storeId: string,
  attributeId: string,
  input: AttributeValueInput,
): Promise<AttributeValue> {
  const data = attributeValueInputSchema.parse(input);
  const attribute = await getAttribute(ctx, storeId, attributeId);
  checkHex(attribute.type, data.hex, "hex");
  const values = ctx.manager.getRepository(AttributeValue);
  if (await values.existsBy({ storeId, attributeId, value: data.value })) throw new AttributeValueTakenError();
  let value: AttributeValue;
  try {
    value = await values.save(values.create({ storeId, attributeId, ...data, hex: data.hex ?? null }));
  } catch (error) {
    if (isUniqueViolation(error)) throw new AttributeValueTakenError();
    throw error;
  }
  await recordAttributeChanged(ctx, attribute, { change: "value_added", valueId: value.id });
  return value;
}

/** Renames a value or changes its swatch; instances that carry it show the change at once. */
export async function updateAttributeValue(
  ctx: ServiceContext,
  storeId: string,
  attributeId: string,
  valueId: string,
  input: UpdateAttributeValueInput,
): Promise<AttributeValue> {
  const data = updateAttributeValueSchema.parse(input);
  const attribute = await getAttribute(ctx, storeId, attributeId);
  const value = await getAttributeValue(ctx, storeId, attribute.id, valueId);
  if (data.hex !== undefined) checkHex(attribute.type, data.hex, "hex");
  Object.assign(value, Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)));
  await ctx.manager.getRepository(AttributeValue).save(value);
  await ctx.manager.update(
    ProductInstanceAttribute,
    { storeId, attributeValueId: value.id },
    { value: value.valueFa, colorHex: value.hex },
  );
  await recordAttributeChanged(ctx, attribute, { change: "value_updated", valueId: value.id });
  return value;
}

export async function deleteAttributeValue(ctx: ServiceContext, storeId: string, attributeId: string, valueId: string): Promise<void> {
  const attribute = await getAttribute(ctx, storeId, attributeId);
  const value = await getAttributeValue(ctx, storeId, attribute.id, valueId);
  if (await ctx.manager.existsBy(ProductAttributeValue, { storeId, attributeValueId: value.id })) throw new AttributeInUseError("value");
  await ctx.manager.delete(AttributeValue, { id: value.id, storeId });
  await recordAttributeChanged(ctx, attribute, { change: "value_deleted", valueId: value.id });
}

async function getAttributeValue(ctx: ServiceContext, storeId: string, attributeId: string, valueId: string): Promise<AttributeValue> {
  const value = await findInStoreOrFail(ctx, AttributeValue, storeId, valueId, () => new AttributeValueNotFoundError());
  if (value.attributeId !== attributeId) throw new AttributeValueNotFoundError();
  return value;
}

function checkCategorizer(type: AttributeType, isCategorizer: boolean): void {
  if (isCategorizer && type === "description") {
    throw new ValidationError("isCategorizer", "ویژگی از نوع «توضیحات» نمی‌تواند مدل‌های محصول را بسازد.", "description_not_categorizer");
  }
}

function checkHex(type: AttributeType, hex: string | null | undefined, field: string): void {
  if (type === "color" && !hex) throw new ValidationError(field, "برای هر رنگ، کد رنگ (‎#rrggbb‎) را هم وارد کنید.", "color_hex_required");
}

async function recordAttributeChanged(ctx: ServiceContext, attribute: ProductAttribute, payload: Record<string, unknown>): Promise<void> {
  await recordEvent(ctx.manager, {
    storeId: attribute.storeId,
    type: "attribute.changed",
    entityId: attribute.id,
    payload: { ...payload, categoryId: attribute.categoryId, name: attribute.name },
  });
}
