import { randomUUID } from "node:crypto";
import { In } from "typeorm";
import { isUniqueViolation } from "../db/errors.js";
import { UUID_PATTERN } from "../core/ids.js";
import { findInStoreOrFail, findInStoresOrFail } from "../db/find-in-store.js";
import { recordEvent } from "../jobs/events.js";
import type { ServiceContext } from "../core/context.js";
import { recordSlugChange } from "./slug-redirects.js";
import { CategoryCycleError, CategoryNotEmptyError, CategoryNotFoundError, CategorySlugTakenError } from "./catalog.errors.js";
import {
  createCategorySchema,
  moveCategorySchema,
  updateCategorySchema,
  type CreateCategoryInput,
  type UpdateCategoryInput,
} from "./catalog.schemas.js";
import { Category, pathIds } from "./category.entity.js";
import { searchKey } from "@mall/locale";
import { Product } from "./product.entity.js";
import { slugFromNames, uniqueSlug } from "./slugs.js";

/**
 * A store's category tree (materialised paths: see category.entity.ts). The
 * only place its rules live: slugs are unique per store, a category never
 * moves into its own subtree, a category with children or products is not
 * deleted, and every change records `category.changed`.
 */

/**
 * Tree changes of one store run one at a time: a move rewrites the paths of a
 * subtree, and a child created (or a second move made) under a node that is
 * moving at that moment would otherwise keep a stale path or close a cycle.
 * The lock is per store, so stores never wait for each other.
 */
async function lockTree(ctx: ServiceContext, storeId: string): Promise<void> {
  await ctx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('catalog-tree'), hashtext($1))`, [storeId]);
}

export async function getCategory(ctx: ServiceContext, storeId: string, id: string, field?: string): Promise<Category> {
  return findInStoreOrFail(ctx, Category, storeId, id, () => new CategoryNotFoundError(field));
}

/** A category by id in one of several stores (a back-office form names the category, which decides the store). */
export async function getCategoryIn(
  ctx: ServiceContext,
  storeIds: readonly string[] | "all",
  id: string,
  field?: string,
): Promise<Category> {
  return findInStoresOrFail(ctx, Category, storeIds, id, () => new CategoryNotFoundError(field));
}

/** A category by slug or id. */
export async function findCategory(ctx: ServiceContext, storeId: string, slugOrId: string, field?: string): Promise<Category> {
  const category = await ctx.manager
    .getRepository(Category)
    .findOneBy(UUID_PATTERN.test(slugOrId) ? { storeId, id: slugOrId } : { storeId, slug: slugOrId.trim().toLowerCase() });
  if (!category) throw new CategoryNotFoundError(field);
  return category;
}

/** Creates a category, at the root or under a parent of the same store. */
export async function createCategory(ctx: ServiceContext, storeId: string, input: CreateCategoryInput): Promise<Category> {
  const data = createCategorySchema.parse(input);
  await lockTree(ctx, storeId);
  const parent = data.parentId ? await getCategory(ctx, storeId, data.parentId, "parentId") : null;
  const slug = data.slug ?? (await uniqueSlug(ctx, "categories", storeId, slugFromNames(data.name, data.nameFa)));
  const categories = ctx.manager.getRepository(Category);
  if (await categories.existsBy({ storeId, slug })) throw new CategorySlugTakenError();
  const id = randomUUID();
  let category: Category;
  try {
    category = await categories.save(
      categories.create({
        id,
        storeId,
        parentId: parent?.id ?? null,
        path: `${parent?.path ?? "/"}${id}/`,
        depth: parent ? parent.depth + 1 : 0,
        name: data.name,
        nameFa: data.nameFa,
        slug,
        isCategorizer: data.isCategorizer,
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new CategorySlugTakenError();
    throw error;
  }
  await recordCategoryChanged(ctx, category, { change: "created" });
  return category;
}

export async function updateCategory(ctx: ServiceContext, storeId: string, id: string, input: UpdateCategoryInput): Promise<Category> {
  const data = updateCategorySchema.parse(input);
  const category = await getCategory(ctx, storeId, id);
  if (data.slug !== undefined && data.slug !== category.slug && (await ctx.manager.existsBy(Category, { storeId, slug: data.slug }))) {
    throw new CategorySlugTakenError();
  }
  const oldSlug = category.slug;
  Object.assign(category, Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)));
  try {
    await ctx.manager.getRepository(Category).save(category);
  } catch (error) {
    if (isUniqueViolation(error)) throw new CategorySlugTakenError();
    throw error;
  }
  await recordSlugChange(ctx, storeId, "category", category.id, oldSlug, category.slug);
  await recordCategoryChanged(ctx, category, { change: "updated" });
  return category;
}

/**
 * Moves a category, with its whole subtree, under another category of the
 * store (or to the root). Refuses a move into its own subtree: that is a
 * parent whose path starts with the moved category's path.
 */
export async function moveCategory(
  ctx: ServiceContext,
  storeId: string,
  id: string,
  input: { parentId: string | null },
): Promise<Category> {
  const { parentId } = moveCategorySchema.parse(input);
  await lockTree(ctx, storeId);
  // Read after the lock: a move committed while we waited has changed the paths.
  const category = await getCategory(ctx, storeId, id);
  const parent = parentId ? await getCategory(ctx, storeId, parentId, "parentId") : null;
  if (parent && parent.path.startsWith(category.path)) throw new CategoryCycleError();
  if ((parent?.id ?? null) === category.parentId) return category;

  const oldPath = category.path;
  const newPath = `${parent?.path ?? "/"}${category.id}/`;
  const depthChange = (parent ? parent.depth + 1 : 0) - category.depth;
  await ctx.manager.query(
    `UPDATE categories
        SET path = $3 || substr(path, length($2) + 1), depth = depth + $4, updated_at = now()
      WHERE store_id = $1 AND path LIKE $2 || '%'`,
    [storeId, oldPath, newPath, depthChange],
  );
  await ctx.manager.update(Category, { id: category.id, storeId }, { parentId: parent?.id ?? null });
  const moved = await getCategory(ctx, storeId, id);
  await recordCategoryChanged(ctx, moved, { change: "moved", from: category.parentId, to: moved.parentId });
  return moved;
}

/** Deletes an empty category (no children, no products); its attributes go with it. */
export async function deleteCategory(ctx: ServiceContext, storeId: string, id: string): Promise<void> {
  await lockTree(ctx, storeId);
  const category = await getCategory(ctx, storeId, id);
  if (await ctx.manager.existsBy(Category, { storeId, parentId: category.id })) throw new CategoryNotEmptyError("children");
  if (await ctx.manager.existsBy(Product, { storeId, categoryId: category.id })) throw new CategoryNotEmptyError("products");
  await ctx.manager.delete(Category, { id: category.id, storeId });
  await recordCategoryChanged(ctx, category, { change: "deleted" });
}

/**
 * Categories as a merchant types them in a form («پوشاک، کفش»): each by its
 * Persian name, folded as search folds it (persian-text.ts: ي/ی, ک/ك, ZWNJ,
 * spaces, digits), or by its slug; null where the store has no such category.
 */
export async function categoriesByName(ctx: ServiceContext, storeId: string, typed: readonly string[]): Promise<Array<Category | null>> {
  if (typed.length === 0) return [];
  const categories = await ctx.manager
    .getRepository(Category)
    .find({ where: { storeId }, select: { id: true, storeId: true, nameFa: true, slug: true } });
  return typed.map((name) => {
    const key = searchKey(name);
    return categories.find((category) => searchKey(category.nameFa) === key || category.slug === name.trim().toLowerCase()) ?? null;
  });
}

/** The Persian names of a store's categories by id; an id of another store (or none) is left out. */
export async function categoryNames(ctx: ServiceContext, storeId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const valid = ids.filter((id) => UUID_PATTERN.test(id));
  if (valid.length === 0) return new Map();
  const rows = await ctx.manager.getRepository(Category).find({ where: { storeId, id: In(valid) }, select: { id: true, nameFa: true } });
  return new Map(rows.map((row) => [row.id, row.nameFa]));
}

/** Every category of a store, in path order. */
export async function listCategories(ctx: ServiceContext, storeId: string): Promise<Category[]> {
  return ctx.manager.getRepository(Category).find({ where: { storeId }, order: { path: "ASC" } });
}

/** A category and everything below it, from one range scan of (store_id, path). */
export async function subtreeOf(ctx: ServiceContext, category: Category): Promise<Category[]> {
  return ctx.manager
    .getRepository(Category)
    .createQueryBuilder("category")
    .where("category.store_id = :storeId AND category.path LIKE :prefix", { storeId: category.storeId, prefix: `${category.path}%` })
    .orderBy("category.path", "ASC")
    .getMany();
}

/** The ancestors of a category, root first, read by the ids in its path. */
export async function ancestorsOf(ctx: ServiceContext, category: Category): Promise<Category[]> {
  const ids = pathIds(category.path).slice(0, -1);
  if (ids.length === 0) return [];
  const rows = await ctx.manager.getRepository(Category).findBy({ storeId: category.storeId, id: In(ids) });
  return rows.sort((a, b) => a.depth - b.depth);
}

/** The children of a category, ordered by name. */
export async function childrenOf(ctx: ServiceContext, category: Category): Promise<Category[]> {
  const rows = await ctx.manager.getRepository(Category).findBy({ storeId: category.storeId, parentId: category.id });
  return rows.sort(byName);
}

export interface CategoryNode {
  category: Category;
  children: CategoryNode[];
}

const collator = new Intl.Collator("fa", { sensitivity: "base", numeric: true });
/** Siblings are ordered by name, then Persian name (the seed's MPTT order_insertion_by = name). */
export function byName(a: Category, b: Category): number {
  return collator.compare(a.name, b.name) || collator.compare(a.nameFa, b.nameFa) || a.id.localeCompare(b.id);
}

/** Nests categories (any subset that includes each node's parent, or treats it as a root). */
export function buildTree(categories: Category[]): CategoryNode[] {
  const nodes = new Map(categories.map((category) => [category.id, { category, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.category.parentId ? nodes.get(node.category.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: CategoryNode[]) => {
    list.sort((a, b) => byName(a.category, b.category));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

async function recordCategoryChanged(ctx: ServiceContext, category: Category, payload: Record<string, unknown>): Promise<void> {
  await recordEvent(ctx.manager, {
    storeId: category.storeId,
    type: "category.changed",
    entityId: category.id,
    payload: { ...payload, slug: category.slug },
  });
}
