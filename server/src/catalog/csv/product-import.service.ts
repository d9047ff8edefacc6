import { parse } from "csv-parse/sync";
import { In } from "typeorm";
import type { ServiceContext } from "../../core/context.js";
import { type z } from "../../platform/zod.js";
import { applicableAttributes, type AttributeWithValues } from "../attribute.service.js";
import { catalogSlugSchema, createProductSchema, skuSchema, type CreateProductInput } from "../catalog.schemas.js";
import { Category } from "../category.entity.js";
import { sanitizeDescription } from "../description-html.js";
import { updateInstances, type InstanceUpdate } from "../instance.service.js";
import { ProductAttributeValue } from "../product-attribute-value.entity.js";
import { ProductInstance } from "../product-instance.entity.js";
import { Product } from "../product.entity.js";
import { createProducts, updateProduct } from "../product.service.js";
import {
  ATTRIBUTE_PREFIX,
  BOM,
  PATH_SEPARATOR,
  PRODUCT_COLUMNS,
  parseWholeNumber,
  parseYesNo,
  type ProductColumn,
} from "./product-csv.columns.js";
import { formatNumber } from "@mall/locale";

/**
 * Product CSV import (issue 16): every row is checked first, and any error
 * (row and column named, in Persian) imports nothing; otherwise everything is
 * applied through the catalog services in the caller's one transaction, so
 * SKU, stock and price rules, outbox events and the audit log apply as on
 * every other surface. Rows are keyed by the product's slug and the
 * instance's categorizer values; a row that matches what is stored changes
 * nothing, so importing an exported file changes nothing.
 */

/** One problem: the file's row (the header is row 1) and the column as its header reads. */
export interface ImportError {
  row: number;
  column: string;
  message: string;
}

export interface ImportProgress {
  phase: "validating" | "importing";
  done: number;
  total: number;
}

export interface ImportSummary {
  products: { created: number; updated: number; unchanged: number };
  instances: { created: number; updated: number; unchanged: number };
}

export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; errors: ImportError[] };

/** At most this many errors are reported: enough to fix a file in one go, never a megabyte of them. */
const MAX_ERRORS = 200;
export const MAX_IMPORT_ROWS = 200_000;

interface PlannedInstance {
  row: number;
  sku: string | null;
  price: number | null;
  stock: number;
  isActive: boolean;
  /** The categorizer values' ids, sorted and joined: ProductInstance.combinationKey. */
  key: string;
}

interface PlannedProduct {
  row: number;
  slug: string;
  /** The Latin name; null when the row leaves it empty; undefined when the file has no such column (kept as it is). */
  name: string | null | undefined;
  nameFa: string;
  description: string;
  basePrice: number;
  isActive: boolean;
  category: Category;
  /** Categorizer attribute id → the value ids its rows use. */
  values: Map<string, Set<string>>;
  instances: PlannedInstance[];
}

type Progress = (progress: ImportProgress) => void | Promise<void>;

/** Checks, then (only when every row is right) applies the file; see the module comment. */
export async function importProductsCsv(
  ctx: ServiceContext,
  storeId: string,
  csv: string,
  onProgress: Progress = () => {},
): Promise<ImportOutcome> {
  const planned = await planImport(ctx, storeId, csv, onProgress);
  if (!planned.ok) return planned;
  return { ok: true, summary: await applyImport(ctx, storeId, planned.products, onProgress) };
}

// ─── Checking ──────────────────────────────────────────────────────────

async function planImport(
  ctx: ServiceContext,
  storeId: string,
  csv: string,
  onProgress: Progress,
): Promise<{ ok: true; products: PlannedProduct[] } | { ok: false; errors: ImportError[] }> {
  const errors: ImportError[] = [];
  const fail = (row: number, column: string, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ row, column, message });
  };
  let records: string[][];
  try {
    records = parse(csv.startsWith(BOM) ? csv.slice(1) : csv, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      ok: false,
      errors: [{ row: line, column: "-", message: `فایل CSV خوانا نیست (نقل‌قول یا ستون‌ها را بررسی کنید): ${(error as Error).message}` }],
    };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ row: 1, column: "-", message: "فایل خالی است؛ سطر اول باید نام ستون‌ها باشد." }] };
  if (rows.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      errors: [{ row: MAX_IMPORT_ROWS + 2, column: "-", message: `حداکثر ${formatNumber(MAX_IMPORT_ROWS)} ردیف در هر فایل.` }],
    };
  const index = new Map(header.map((name, position) => [name.trim(), position]));
  // The Latin name's column may be left out: a Persian shop names its products in Persian only.
  for (const key of ["slug", "nameFa", "category", "basePrice", "sku", "price", "stock"] as const) {
    if (!index.has(PRODUCT_COLUMNS[key])) fail(1, PRODUCT_COLUMNS[key], `ستون «${PRODUCT_COLUMNS[key]}» در سطر اول نیست.`);
  }
  if (errors.length > 0) return { ok: false, errors };
  const attributeColumns = header.flatMap((name, position) =>
    name.trim().startsWith(ATTRIBUTE_PREFIX)
      ? [{ name: name.trim().slice(ATTRIBUTE_PREFIX.length).trim(), header: name.trim(), position }]
      : [],
  );
  const cell = (row: string[], key: ProductColumn) =>
    index.has(PRODUCT_COLUMNS[key]) ? (row[index.get(PRODUCT_COLUMNS[key])!] ?? "") : "";

  const categories = await ctx.manager.find(Category, { where: { storeId } });
  const categoryByPath = categoryPaths(categories);
  const applicable = new Map<string, AttributeWithValues[]>();
  const products = new Map<string, PlannedProduct>();
  const skuRows = new Map<string, number>();

  for (const [offset, row] of rows.entries()) {
    const line = offset + 2;
    if (offset % 500 === 0) await onProgress({ phase: "validating", done: offset, total: rows.length });
    const errorsBefore = errors.length;
    const slug = check(catalogSlugSchema, cell(row, "slug").trim().toLowerCase(), line, PRODUCT_COLUMNS.slug, fail);
    const nameFa = check(createProductSchema.shape.nameFa, cell(row, "nameFa"), line, PRODUCT_COLUMNS.nameFa, fail);
    const name = index.has(PRODUCT_COLUMNS.name)
      ? check(createProductSchema.shape.name, cell(row, "name"), line, PRODUCT_COLUMNS.name, fail)
      : undefined;
    const description = cell(row, "description");
    if (description.length > 20000) fail(line, PRODUCT_COLUMNS.description, "توضیحات حداکثر ۲۰٬۰۰۰ نویسه است.");
    const basePrice = number(cell(row, "basePrice"), line, PRODUCT_COLUMNS.basePrice, fail, { required: true });
    const productActive = yesNo(cell(row, "productActive"), line, PRODUCT_COLUMNS.productActive, fail);
    const skuText = cell(row, "sku").trim();
    const sku = skuText === "" ? null : check(skuSchema, skuText, line, PRODUCT_COLUMNS.sku, fail);
    const price = number(cell(row, "price"), line, PRODUCT_COLUMNS.price, fail, { required: false });
    const stock = number(cell(row, "stock"), line, PRODUCT_COLUMNS.stock, fail, { required: true, max: 1_000_000_000 });
    const instanceActive = yesNo(cell(row, "instanceActive"), line, PRODUCT_COLUMNS.instanceActive, fail);

    const pathText = cell(row, "category")
      .split(">")
      .map((part) => part.trim())
      .filter(Boolean)
      .join(PATH_SEPARATOR);
    const found = categoryByPath.get(pathText);
    if (!pathText) fail(line, PRODUCT_COLUMNS.category, "دسته را با مسیرش بنویسید، مثل «پوشاک > مردانه > پیراهن».");
    else if (!found) fail(line, PRODUCT_COLUMNS.category, `دسته‌ای با مسیر «${pathText}» در این فروشگاه نیست.`);
    else if (found === "ambiguous")
      fail(line, PRODUCT_COLUMNS.category, `چند دسته با مسیر «${pathText}» هست؛ نام یکی را در پیشخوان تغییر دهید.`);
    const category = found && found !== "ambiguous" ? found : null;

    // The row's categorizer values, each against the attributes that apply to its category.
    const picked = new Map<string, string>();
    if (category) {
      if (!applicable.has(category.id)) applicable.set(category.id, await applicableAttributes(ctx, category));
      const attributes = applicable.get(category.id)!;
      for (const column of attributeColumns) {
        const text = (row[column.position] ?? "").trim();
        if (!text) continue;
        const entry = attributes.find((candidate) => candidate.attribute.isCategorizer && candidate.attribute.nameFa === column.name);
        if (!entry) {
          fail(line, column.header, `ویژگی «${column.name}» برای دستهٔ «${pathText}» تعریف نشده است.`);
          continue;
        }
        const value = entry.values.find((candidate) => candidate.valueFa === text || candidate.value === text);
        if (!value)
          fail(line, column.header, `مقدار «${text}» برای ویژگی «${column.name}» تعریف نشده است؛ اول آن را در پیشخوان اضافه کنید.`);
        else picked.set(entry.attribute.id, value.id);
      }
      const required = attributes.find((entry) => entry.attribute.isRequired && !entry.attribute.isCategorizer);
      if (required && slug && !products.has(slug) && !(await ctx.manager.existsBy(Product, { storeId, slug }))) {
        fail(
          line,
          PRODUCT_COLUMNS.category,
          `ویژگی اجباری «${required.attribute.nameFa}» این دسته را نمی‌توان از CSV پر کرد؛ این محصول را در پیشخوان بسازید.`,
        );
      }
    }
    if (sku) {
      const earlier = skuRows.get(sku);
      if (earlier !== undefined) fail(line, PRODUCT_COLUMNS.sku, `این SKU در ردیف ${formatNumber(earlier)} هم آمده است.`);
      else skuRows.set(sku, line);
    }
    if (errors.length > errorsBefore || !slug || !category) continue;

    const instance: PlannedInstance = {
      row: line,
      sku,
      price,
      stock: stock!,
      isActive: instanceActive ?? true,
      key: [...picked.values()].sort().join(","),
    };
    const existing = products.get(slug);
    if (!existing) {
      const values = new Map([...picked].map(([attributeId, valueId]) => [attributeId, new Set([valueId])]));
      products.set(slug, {
        row: line,
        slug,
        name,
        nameFa: nameFa!,
        description,
        basePrice: basePrice!,
        isActive: productActive ?? true,
        category,
        values,
        instances: [instance],
      });
      continue;
    }
    // The product's columns repeat on each of its rows and must agree with its first row.
    const differs: Array<[string, boolean]> = [
      [PRODUCT_COLUMNS.nameFa, existing.nameFa !== nameFa],
      [PRODUCT_COLUMNS.name, existing.name !== name],
      [PRODUCT_COLUMNS.category, existing.category.id !== category.id],
      [PRODUCT_COLUMNS.description, existing.description !== description],
      [PRODUCT_COLUMNS.basePrice, existing.basePrice !== basePrice],
      [PRODUCT_COLUMNS.productActive, existing.isActive !== (productActive ?? true)],
    ];
    for (const [column, different] of differs) {
      if (different)
        fail(
          line,
          column,
          `با ردیف ${formatNumber(existing.row)} (همین محصول) یکی نیست؛ ستون‌های محصول در همهٔ ردیف‌هایش باید یکسان باشند.`,
        );
    }
    if (new Set(picked.keys()).size !== existing.values.size || [...picked.keys()].some((id) => !existing.values.has(id))) {
      fail(
        line,
        attributeColumns[0]?.header ?? PRODUCT_COLUMNS.sku,
        `ویژگی‌های این ردیف با ردیف ${formatNumber(existing.row)} (همین محصول) یکی نیست؛ هر مدل باید یک مقدار از همان ویژگی‌ها داشته باشد.`,
      );
    } else if (existing.instances.some((other) => other.key === instance.key)) {
      fail(line, attributeColumns[0]?.header ?? PRODUCT_COLUMNS.sku, "این ترکیب ویژگی‌ها برای همین محصول در ردیف دیگری هم آمده است.");
    } else {
      for (const [attributeId, valueId] of picked) existing.values.get(attributeId)!.add(valueId);
      existing.instances.push(instance);
    }
  }
  await checkAgainstStore(ctx, storeId, [...products.values()], fail);
  await onProgress({ phase: "validating", done: rows.length, total: rows.length });
  return errors.length > 0 ? { ok: false, errors: errors.sort((a, b) => a.row - b.row) } : { ok: true, products: [...products.values()] };
}

/** What only the database can tell: a SKU used by another product, or by another model of the same one. */
async function checkAgainstStore(
  ctx: ServiceContext,
  storeId: string,
  products: PlannedProduct[],
  fail: (row: number, column: string, message: string) => void,
): Promise<void> {
  const skus = products.flatMap((product) => product.instances.flatMap((instance) => (instance.sku ? [instance.sku] : [])));
  if (skus.length === 0) return;
  const rows = (await ctx.manager.query(
    `SELECT i.sku, i.combination_key, p.slug FROM product_instances i JOIN products p ON p.store_id = i.store_id AND p.id = i.product_id
      WHERE i.store_id = $1 AND i.sku = ANY($2::text[])`,
    [storeId, skus],
  )) as Array<{ sku: string; combination_key: string; slug: string }>;
  const owner = new Map(rows.map((row) => [row.sku, row]));
  for (const product of products) {
    for (const instance of product.instances) {
      const held = instance.sku ? owner.get(instance.sku) : undefined;
      if (!held) continue;
      if (held.slug !== product.slug) fail(instance.row, PRODUCT_COLUMNS.sku, `این SKU مال محصول «${held.slug}» است.`);
      else if (held.combination_key !== instance.key) fail(instance.row, PRODUCT_COLUMNS.sku, "این SKU مال مدل دیگری از همین محصول است.");
    }
  }
}

/** Category paths by Persian names («پوشاک > مردانه»); "ambiguous" when two categories read the same. */
function categoryPaths(categories: Category[]): Map<string, Category | "ambiguous"> {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const paths = new Map<string, Category | "ambiguous">();
  for (const category of categories) {
    const path = category.path
      .split("/")
      .filter(Boolean)
      .map((id) => byId.get(id)?.nameFa.trim() ?? "")
      .join(PATH_SEPARATOR);
    paths.set(path, paths.has(path) ? "ambiguous" : category);
  }
  return paths;
}

function check<T>(
  schema: z.ZodType<T>,
  value: string,
  row: number,
  column: string,
  fail: (row: number, column: string, message: string) => void,
): T | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  fail(row, column, parsed.error.issues[0]?.message ?? "مقدار معتبر نیست.");
  return null;
}

function number(
  text: string,
  row: number,
  column: string,
  fail: (row: number, column: string, message: string) => void,
  options: { required: boolean; max?: number },
): number | null {
  if (text.trim() === "") {
    if (options.required) fail(row, column, "این ستون نمی‌تواند خالی باشد.");
    return null;
  }
  const value = parseWholeNumber(text);
  if (value === null) fail(row, column, `«${text}» عدد صحیح نیست؛ مبلغ به ریال و بدون اعشار نوشته شود.`);
  else if (value < 0) fail(row, column, "عدد منفی پذیرفته نیست.");
  else if (options.max !== undefined && value > options.max) fail(row, column, "عدد بیش از اندازه بزرگ است.");
  else return value;
  return null;
}

function yesNo(text: string, row: number, column: string, fail: (row: number, column: string, message: string) => void): boolean | null {
  if (text.trim() === "") return null;
  const value = parseYesNo(text);
  if (value === null) fail(row, column, `«${text}» را «بله» یا «خیر» بنویسید.`);
  return value;
}

// ─── Applying ──────────────────────────────────────────────────────────

/** Instances changed per set-based batch (updateInstances): one event and one audit statement each. */
const INSTANCE_BATCH = 1000;
/** New products per set-based batch (createProducts): one event and one audit statement each. */
const PRODUCT_BATCH = 500;

/**
 * Applies a checked plan through the services; anything they refuse throws
 * and the caller's transaction rolls back. What is stored is read in three
 * queries up front, so a row that changes nothing costs no query at all.
 * New products are created in batches of PRODUCT_BATCH through
 * createProducts (createProduct's rules, set-based: their choices, generated
 * instances, events and audit entries written a batch at a time), products
 * that differ are changed one at a time (updateProduct); then every instance
 * row that differs is applied in batches of INSTANCE_BATCH through
 * updateInstances, whose rules are updateInstance's, set-based: a file of
 * 4,000 new prices is four statements, not 4,000 round trips of a dozen
 * queries, and 1,000 new products a few dozen, not 25,000 (issue 25).
 */
async function applyImport(ctx: ServiceContext, storeId: string, products: PlannedProduct[], onProgress: Progress): Promise<ImportSummary> {
  const summary: ImportSummary = {
    products: { created: 0, updated: 0, unchanged: 0 },
    instances: { created: 0, updated: 0, unchanged: 0 },
  };
  // A large file reads the whole store's catalog (an indexed scan by store_id) rather than send thousands of ids.
  const whole = products.length > 500;
  const stored = await ctx.manager.find(Product, {
    where: whole ? { storeId } : { storeId, slug: In(products.map((product) => product.slug)) },
  });
  const bySlug = new Map(stored.map((product) => [product.slug, product]));
  const ids = stored.map((product) => product.id);
  const scope = whole ? { storeId } : { storeId, productId: In(ids) };
  const choices = Map.groupBy(ids.length ? await ctx.manager.find(ProductAttributeValue, { where: scope }) : [], (row) => row.productId);
  const instances = Map.groupBy(ids.length ? await ctx.manager.find(ProductInstance, { where: scope }) : [], (row) => row.productId);

  const fresh = products.filter((plan) => !bySlug.has(plan.slug));
  const createdIds = new Map<string, string>();
  for (let start = 0; start < fresh.length; start += PRODUCT_BATCH) {
    await onProgress({ phase: "importing", done: start, total: products.length });
    const batch = fresh.slice(start, start + PRODUCT_BATCH);
    const created = await createProducts(ctx, storeId, batch.map(newProduct));
    created.forEach((product, index) => createdIds.set(batch[index]!.slug, product.id));
  }
  summary.products.created = fresh.length;
  const createdInstances = Map.groupBy(
    createdIds.size > 0 ? await ctx.manager.find(ProductInstance, { where: { storeId, productId: In([...createdIds.values()]) } }) : [],
    (row) => row.productId,
  );

  const updates: InstanceUpdate[] = [];
  for (const [done, plan] of products.entries()) {
    if (done % 100 === 0) await onProgress({ phase: "importing", done: fresh.length + done, total: fresh.length + products.length });
    const product = bySlug.get(plan.slug);
    let current: ProductInstance[];
    let before: Set<string>;
    if (product) {
      before = new Set((instances.get(product.id) ?? []).map((row) => row.id));
      const regenerated = await updateExisting(ctx, storeId, product, choices.get(product.id) ?? [], plan, summary);
      current = regenerated
        ? await ctx.manager.find(ProductInstance, { where: { storeId, productId: product.id } })
        : (instances.get(product.id) ?? []);
    } else {
      before = new Set();
      current = createdInstances.get(createdIds.get(plan.slug)!) ?? [];
    }
    const byKey = new Map(current.map((instance) => [instance.combinationKey, instance]));
    for (const wanted of plan.instances) {
      const instance = byKey.get(wanted.key);
      if (!instance) throw new Error(`import: no instance for ${plan.slug} ${wanted.key}`);
      const changes = {
        ...(wanted.sku !== null && wanted.sku !== instance.sku ? { sku: wanted.sku } : {}),
        ...(wanted.price !== instance.price ? { price: wanted.price } : {}),
        ...(wanted.stock !== instance.stock ? { stock: wanted.stock } : {}),
        ...(wanted.isActive !== instance.isActive ? { isActive: wanted.isActive } : {}),
      };
      if (Object.keys(changes).length > 0) updates.push({ instanceId: instance.id, input: changes });
      summary.instances[!before.has(instance.id) ? "created" : Object.keys(changes).length > 0 ? "updated" : "unchanged"]++;
    }
  }
  for (let start = 0; start < updates.length; start += INSTANCE_BATCH) {
    await onProgress({ phase: "importing", done: products.length, total: products.length });
    await updateInstances(ctx, storeId, updates.slice(start, start + INSTANCE_BATCH));
  }
  await onProgress({ phase: "importing", done: products.length, total: products.length });
  return summary;
}

function choicesOf(plan: PlannedProduct): Array<{ attributeId: string; valueIds: string[] }> {
  return [...plan.values].map(([attributeId, valueIds]) => ({ attributeId, valueIds: [...valueIds] }));
}

/** A new product's row as createProducts takes it; its models' SKUs, prices and stock follow as instance updates. */
function newProduct(plan: PlannedProduct): CreateProductInput {
  return {
    categoryId: plan.category.id,
    name: plan.name ?? null,
    nameFa: plan.nameFa,
    slug: plan.slug,
    description: plan.description,
    basePrice: plan.basePrice,
    isActive: plan.isActive,
    attributes: choicesOf(plan),
    stock: 0,
  };
}

/**
 * Changes only what differs from the row: the product's own columns, and its
 * choices when a row names a categorizer value it has not chosen yet (its
 * other choices, descriptions and texts included, are kept). True when its
 * instances may have changed and must be read again.
 */
async function updateExisting(
  ctx: ServiceContext,
  storeId: string,
  product: Product,
  rows: ProductAttributeValue[],
  plan: PlannedProduct,
  summary: ImportSummary,
): Promise<boolean> {
  const changes: Record<string, unknown> = {};
  if (product.nameFa !== plan.nameFa) changes.nameFa = plan.nameFa;
  if (plan.name !== undefined && product.name !== plan.name) changes.name = plan.name;
  if (product.categoryId !== plan.category.id) changes.categoryId = plan.category.id;
  if (product.description !== sanitizeDescription(plan.description)) changes.description = plan.description;
  if (product.basePrice !== plan.basePrice) changes.basePrice = plan.basePrice;
  if (product.isActive !== plan.isActive) changes.isActive = plan.isActive;
  const chosen = new Set(rows.flatMap((row) => (row.attributeValueId ? [row.attributeValueId] : [])));
  const missing = [...plan.values.values()].some((valueIds) => [...valueIds].some((valueId) => !chosen.has(valueId)));
  if (missing && changes.categoryId === undefined) {
    const merged = new Map<string, { attributeId: string; valueIds: string[]; text?: string }>();
    for (const row of rows) {
      const choice = merged.get(row.attributeId) ?? { attributeId: row.attributeId, valueIds: [] };
      if (row.attributeValueId) choice.valueIds.push(row.attributeValueId);
      if (row.text !== null) choice.text = row.text;
      merged.set(row.attributeId, choice);
    }
    for (const [attributeId, valueIds] of plan.values) {
      const choice = merged.get(attributeId) ?? { attributeId, valueIds: [] };
      choice.valueIds = [...new Set([...choice.valueIds, ...valueIds])];
      merged.set(attributeId, choice);
    }
    changes.attributes = [...merged.values()];
  } else if (changes.categoryId !== undefined) {
    // A new category: its applicable categorizers are the ones the rows name.
    changes.attributes = choicesOf(plan);
  }
  if (Object.keys(changes).length === 0) {
    summary.products.unchanged++;
    return false;
  }
  await updateProduct(ctx, storeId, product.id, changes);
  summary.products.updated++;
  // New choices or a new category regenerate the instances; other changes keep them as they were read.
  return changes.attributes !== undefined || changes.categoryId !== undefined || changes.basePrice !== undefined;
}
