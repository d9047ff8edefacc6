import { Brackets, In } from "typeorm";
import { recordAudit, recordAudits } from "../audit/audit.service.js";
import { isUniqueViolation } from "../db/errors.js";
import { UUID_PATTERN } from "../core/ids.js";
import { findInStoreOrFail, findInStoresOrFail } from "../db/find-in-store.js";
import { entityFromRow } from "../db/json-rows.js";
import { recordEvent } from "../jobs/events.js";
import type { ServiceContext } from "../core/context.js";
import { AttributeValue, ProductAttribute } from "./attribute.entity.js";
import { applicableAttributes, inLineOrder, pairValues, type AttributeWithValues } from "./attribute.service.js";
import { CategoryNotFoundError, ProductNotFoundError, ProductSlugTakenError } from "./catalog.errors.js";
import { createProductSchema, updateProductSchema, type CreateProductInput, type UpdateProductInput } from "./catalog.schemas.js";
import { Category } from "./category.entity.js";
import { getCategory } from "./category.service.js";
import { generateInstances, generateInstancesOf, refreshMinPrice, setChoicesOf, setProductChoices } from "./instance.service.js";
import { searchKey, searchText } from "@mall/locale";
import { ProductAttributeValue } from "./product-attribute-value.entity.js";
import { ProductInstance, ProductInstanceAttribute } from "./product-instance.entity.js";
import { Product } from "./product.entity.js";
import { recordSlugChange } from "./slug-redirects.js";
import { slugFromNames, uniqueSlug } from "./slugs.js";

/**
 * Products of one store. The only place their rules live: a product belongs
 * to a category of its own store, its slug is unique in the store, its search
 * text is the normalised names and description, it is deactivated rather than
 * deleted, and every change records `product.changed` in the same transaction.
 */

/** Creates a product with its attribute choices and generates its instances: a batch of one (createProducts holds the rules). */
export async function createProduct(ctx: ServiceContext, storeId: string, input: CreateProductInput): Promise<Product> {
  const [product] = await createProducts(ctx, storeId, [input]);
  return product!;
}

/**
 * Creates products with their attribute choices and generates their
 * instances, many at once (a CSV import's new products; createProduct is a
 * batch of one) in the same few queries whatever their number: the
 * categories and taken slugs read in one query each, the products, their
 * choices (setChoicesOf) and instances (generateInstancesOf) written
 * set-based, one `product.changed` event naming them all (listeners fan out
 * by product) and one audit entry each, written in one statement.
 */
export async function createProducts(ctx: ServiceContext, storeId: string, inputs: readonly CreateProductInput[]): Promise<Product[]> {
  const data = inputs.map((input) => createProductSchema.parse(input));
  if (data.length === 0) return [];
  const categoryIds = [...new Set(data.map((item) => item.categoryId))];
  const categories = new Map(
    (await ctx.manager.findBy(Category, { storeId, id: In(categoryIds) })).map((category) => [category.id, category]),
  );
  if (categories.size !== categoryIds.length) throw new CategoryNotFoundError("categoryId");
  const slugs: string[] = [];
  for (const item of data) slugs.push(item.slug ?? (await uniqueSlug(ctx, "products", storeId, slugFromNames(item.name, item.nameFa))));
  const products = ctx.manager.getRepository(Product);
  if (new Set(slugs).size !== slugs.length || (await products.existsBy({ storeId, slug: In(slugs) }))) throw new ProductSlugTakenError();
  let created: Product[];
  try {
    created = await products.save(
      data.map((item, index) =>
        products.create({
          storeId,
          categoryId: item.categoryId,
          name: item.name,
          nameFa: item.nameFa,
          slug: slugs[index]!,
          description: item.description,
          basePrice: item.basePrice,
          minPrice: item.basePrice,
          isActive: item.isActive,
          searchText: searchText([item.name, item.nameFa, item.description]),
        }),
      ),
      { chunk: 1000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new ProductSlugTakenError();
    throw error;
  }
  await setChoicesOf(
    ctx,
    created.map((product, index) => ({ product, category: categories.get(product.categoryId)!, input: data[index]!.attributes })),
  );
  const ids = created.map((product) => product.id);
  await recordEvent(ctx.manager, { storeId, type: "product.changed", entityId: ids[0]!, payload: { change: "created", productIds: ids } });
  await recordAudits(
    ctx,
    created.map((product) => ({
      storeId,
      action: "product.created",
      entityType: "product" as const,
      entityId: product.id,
      before: null,
      after: auditedProduct(product),
    })),
  );
  // New instances start with their product's stock: one generation per distinct figure (a CSV import's are all 0).
  for (const [stock, group] of Map.groupBy(created, (_, index) => data[index]!.stock))
    await generateInstancesOf(
      ctx,
      storeId,
      group.map((product) => product.id),
      { stock },
    );
  const saved = new Map((await products.findBy({ storeId, id: In(ids) })).map((product) => [product.id, product]));
  return ids.map((id) => saved.get(id)!);
}

/**
 * Changes a product. New attribute choices, or a new category, regenerate its
 * instances (existing combinations keep their stock); choices that no longer
 * apply after a category change are dropped.
 */
export async function updateProduct(ctx: ServiceContext, storeId: string, id: string, input: UpdateProductInput): Promise<Product> {
  const data = updateProductSchema.parse(input);
  const product = await getProduct(ctx, storeId, id);
  const products = ctx.manager.getRepository(Product);
  if (data.slug !== undefined && data.slug !== product.slug && (await products.existsBy({ storeId, slug: data.slug })))
    throw new ProductSlugTakenError();
  const category = data.categoryId !== undefined ? await getCategory(ctx, storeId, data.categoryId, "categoryId") : undefined;
  const moved = category !== undefined && category.id !== product.categoryId;

  const { attributes: choices, ...fields } = data;
  const before = auditedProduct(product);
  const oldSlug = product.slug;
  Object.assign(product, Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)));
  product.searchText = searchText([product.name, product.nameFa, product.description]);
  try {
    await products.update(
      { storeId, id: product.id },
      {
        categoryId: product.categoryId,
        name: product.name,
        nameFa: product.nameFa,
        slug: product.slug,
        description: product.description,
        basePrice: product.basePrice,
        isActive: product.isActive,
        searchText: product.searchText,
      },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new ProductSlugTakenError();
    throw error;
  }
  await recordSlugChange(ctx, storeId, "product", product.id, oldSlug, product.slug);
  if (choices !== undefined || moved) {
    const target = category ?? (await getCategory(ctx, storeId, product.categoryId));
    const kept = choices ?? (await choicesThatStillApply(ctx, product, target));
    await setProductChoices(ctx, product, target, kept);
  }
  await recordEvent(ctx.manager, {
    storeId,
    type: "product.changed",
    entityId: product.id,
    payload: { change: "updated", fields: Object.keys(data) },
  });
  const after = { ...auditedProduct(product), ...(choices !== undefined ? { attributes: choices } : {}) };
  await recordAudit(ctx, { storeId, action: "product.updated", entityType: "product", entityId: product.id, before, after });
  if (choices !== undefined || moved) await generateInstances(ctx, storeId, product.id);
  else if (data.basePrice !== undefined) await refreshMinPrice(ctx, storeId, product.id);
  return products.findOneByOrFail({ storeId, id: product.id });
}

/** Hides a product from the store; its instances stay for the orders that name them. */
export async function deactivateProduct(ctx: ServiceContext, storeId: string, id: string): Promise<Product> {
  return updateProduct(ctx, storeId, id, { isActive: false });
}

export async function getProduct(ctx: ServiceContext, storeId: string, id: string): Promise<Product> {
  return findInStoreOrFail(ctx, Product, storeId, id, () => new ProductNotFoundError());
}

/** A product by id in one of several stores (a back-office upload names the product, which decides the store). */
export async function getProductIn(ctx: ServiceContext, storeIds: readonly string[] | "all", id: string): Promise<Product> {
  return findInStoresOrFail(ctx, Product, storeIds, id, () => new ProductNotFoundError());
}

/** The number of a product's instances on sale. */
export async function activeInstanceCount(ctx: ServiceContext, storeId: string, productId: string): Promise<number> {
  return ctx.manager.countBy(ProductInstance, { storeId, productId, isActive: true });
}

/** A product by id or slug; with `activeOnly`, an inactive one is "not found" (what shoppers get). */
export async function findProduct(
  ctx: ServiceContext,
  storeId: string,
  idOrSlug: string,
  options: { activeOnly: boolean },
): Promise<Product> {
  const where = UUID_PATTERN.test(idOrSlug) ? { storeId, id: idOrSlug } : { storeId, slug: idOrSlug.trim().toLowerCase() };
  const product = await ctx.manager.getRepository(Product).findOneBy(where);
  if (!product || (options.activeOnly && !product.isActive)) throw new ProductNotFoundError();
  return product;
}

/**
 * Products as a merchant types them in a form («ماگ سفالی، tee»): each by its
 * slug or its Persian name, folded as search folds it (the stored search
 * text narrows the candidates; persian-text.ts decides); null where the
 * store has no such product.
 */
export async function productsByName(ctx: ServiceContext, storeId: string, typed: readonly string[]): Promise<Array<Product | null>> {
  const wanted = typed.map((name) => ({ slug: name.trim().toLowerCase(), key: searchKey(name) }));
  if (wanted.length === 0) return [];
  const candidates = await ctx.manager
    .getRepository(Product)
    .createQueryBuilder("product")
    .select(["product.id", "product.storeId", "product.slug", "product.nameFa"])
    .where("product.storeId = :storeId", { storeId })
    .andWhere(
      new Brackets((or) => {
        or.where("product.slug IN (:...slugs)", { slugs: wanted.map((want) => want.slug) });
        // strpos rather than LIKE: a key is matched as it is, with no pattern characters to escape.
        wanted.forEach(
          (want, index) => want.key && or.orWhere(`strpos(product.searchText, :key${index}) > 0`, { [`key${index}`]: want.key }),
        );
      }),
    )
    .getMany();
  return wanted.map(
    ({ slug, key }) =>
      candidates.find((product) => product.slug === slug) ?? candidates.find((product) => searchKey(product.nameFa) === key) ?? null,
  );
}

/** The Persian names of a store's products by id; an id of another store (or none) is left out. */
export async function productNames(ctx: ServiceContext, storeId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const valid = ids.filter((id) => UUID_PATTERN.test(id));
  if (valid.length === 0) return new Map();
  const rows = await ctx.manager.getRepository(Product).find({ where: { storeId, id: In(valid) }, select: { id: true, nameFa: true } });
  return new Map(rows.map((row) => [row.id, row.nameFa]));
}

export interface ProductDetail {
  product: Product;
  category: Category;
  attributes: Array<AttributeWithValues & { chosenValueIds: string[]; text: string | null }>;
  instances: Array<{ instance: ProductInstance; attributes: ProductInstanceAttribute[] }>;
}

/** A product with its category, applicable attributes (and what it chose) and instances. */
export async function productDetail(
  ctx: ServiceContext,
  product: Product,
  options: { activeInstancesOnly: boolean },
): Promise<ProductDetail> {
  const { storeId } = product;
  const category = await getCategory(ctx, storeId, product.categoryId);
  // One after another: inside a transaction ctx.manager is one connection, which runs one query at a time.
  const applicable = await applicableAttributes(ctx, category);
  const choices = await ctx.manager.findBy(ProductAttributeValue, { storeId, productId: product.id });
  const instances = await ctx.manager.find(ProductInstance, {
    where: { storeId, productId: product.id, ...(options.activeInstancesOnly ? { isActive: true } : {}) },
    order: { createdAt: "ASC", sku: "ASC" },
  });
  const instanceAttributes = instances.length
    ? await ctx.manager.findBy(ProductInstanceAttribute, { storeId, instanceId: In(instances.map((instance) => instance.id)) })
    : [];
  return assembleDetail(product, category, applicable, choices, instances, instanceAttributes);
}

/**
 * What productDetail answers for a shopper (an active product by id or slug, its active instances), read in ONE
 * query: the product's row with its category, applicable attributes, values, choices, instances and their values
 * gathered as JSON beside it, each in the order productDetail reads it. The storefront's product read, uncached,
 * is this one round trip (catalog.routes.ts).
 */
export async function shopperProductDetail(ctx: ServiceContext, storeId: string, idOrSlug: string): Promise<ProductDetail> {
  const byId = UUID_PATTERN.test(idOrSlug);
  const [row] = (await ctx.manager.query(
    `WITH p AS (
       SELECT * FROM products WHERE store_id = $1 AND ${byId ? "id = $2::uuid" : "slug = $2"}
     ), c AS (
       SELECT c.* FROM categories c JOIN p ON c.store_id = p.store_id AND c.id = p.category_id
     ), a AS (
       SELECT a.* FROM product_attributes a, c
        WHERE a.store_id = $1 AND a.category_id = ANY (array_remove(string_to_array(c.path, '/'), '')::uuid[])
     ), i AS (
       SELECT i.* FROM product_instances i JOIN p ON i.store_id = p.store_id AND i.product_id = p.id WHERE i.is_active
     )
     SELECT p.*,
       (SELECT to_jsonb(c) FROM c) AS "_category",
       (SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]') FROM a) AS "_attributes",
       (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.sort_order, v.value), '[]')
          FROM attribute_values v WHERE v.store_id = $1 AND v.attribute_id IN (SELECT id FROM a)) AS "_values",
       (SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]')
          FROM product_attribute_values x WHERE x.store_id = $1 AND x.product_id = p.id) AS "_choices",
       (SELECT coalesce(jsonb_agg(to_jsonb(i) ORDER BY i.created_at, i.sku), '[]') FROM i) AS "_instances",
       (SELECT coalesce(jsonb_agg(to_jsonb(ia)), '[]')
          FROM product_instance_attributes ia WHERE ia.store_id = $1 AND ia.instance_id IN (SELECT id FROM i)) AS "_instance_attributes"
     FROM p`,
    [storeId, byId ? idOrSlug : idOrSlug.trim().toLowerCase()],
  )) as Array<Record<string, unknown>>;
  if (!row || row.is_active !== true || !row._category) throw new ProductNotFoundError();
  const rows = (key: string) => row[key] as Array<Record<string, unknown>>;
  const product = entityFromRow(ctx.manager, Product, row);
  const category = entityFromRow(ctx.manager, Category, row._category as Record<string, unknown>);
  const attributes = inLineOrder(
    category,
    rows("_attributes").map((a) => entityFromRow(ctx.manager, ProductAttribute, a)),
  );
  const values = rows("_values").map((v) => entityFromRow(ctx.manager, AttributeValue, v));
  return assembleDetail(
    product,
    category,
    pairValues(attributes, values),
    rows("_choices").map((x) => entityFromRow(ctx.manager, ProductAttributeValue, x)),
    rows("_instances").map((i) => entityFromRow(ctx.manager, ProductInstance, i)),
    rows("_instance_attributes").map((ia) => entityFromRow(ctx.manager, ProductInstanceAttribute, ia)),
  );
}

function assembleDetail(
  product: Product,
  category: Category,
  applicable: AttributeWithValues[],
  choices: ProductAttributeValue[],
  instances: ProductInstance[],
  instanceAttributes: ProductInstanceAttribute[],
): ProductDetail {
  const order = new Map(applicable.map((entry, index) => [entry.attribute.id, index]));
  return {
    product,
    category,
    attributes: applicable.map((entry) => {
      const mine = choices.filter((choice) => choice.attributeId === entry.attribute.id);
      return {
        ...entry,
        chosenValueIds: mine.flatMap((choice) => (choice.attributeValueId ? [choice.attributeValueId] : [])),
        text: mine.find((choice) => choice.text !== null)?.text ?? null,
      };
    }),
    instances: instances.map((instance) => ({
      instance,
      attributes: instanceAttributes
        .filter((row) => row.instanceId === instance.id)
        .sort((a, b) => (order.get(a.attributeId) ?? 99) - (order.get(b.attributeId) ?? 99)),
    })),
  };
}

/** The product fields the audit log compares (its choices are logged as given, when given). */
function auditedProduct(product: Product): Record<string, unknown> {
  const { categoryId, name, nameFa, slug, description, basePrice, isActive } = product;
  return { categoryId, name, nameFa, slug, description, basePrice, isActive };
}

/** The product's choices for attributes that apply to `category` too. */
async function choicesThatStillApply(ctx: ServiceContext, product: Product, category: Category) {
  const applicable = new Set((await applicableAttributes(ctx, category)).map((entry) => entry.attribute.id));
  const rows = await ctx.manager.findBy(ProductAttributeValue, { storeId: product.storeId, productId: product.id });
  const byAttribute = new Map<string, { attributeId: string; valueIds: string[]; text?: string }>();
  for (const row of rows) {
    if (!applicable.has(row.attributeId)) continue;
    const choice = byAttribute.get(row.attributeId) ?? { attributeId: row.attributeId, valueIds: [] };
    if (row.attributeValueId) choice.valueIds.push(row.attributeValueId);
    if (row.text !== null) choice.text = row.text;
    byAttribute.set(row.attributeId, choice);
  }
  return [...byAttribute.values()];
}
