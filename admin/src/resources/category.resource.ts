import { applicableAttributes } from "@mall/server/catalog/attribute.service.js";
import { allowedTo } from "../access.js";
import { CategoryNotFoundError } from "@mall/server/catalog/catalog.errors.js";
import { Category, pathIds } from "@mall/server/catalog/category.entity.js";
import {
  createCategory,
  deleteCategory,
  getCategory,
  listCategories,
  moveCategory,
  updateCategory,
} from "@mall/server/catalog/category.service.js";
import { UUID_PATTERN } from "@mall/server/core/ids.js";
import { authorize } from "@mall/server/identity/authorization.js";
import type { ActionContext, ActionHandler, ActionResponse, ParamsType, RecordActionResponse, ResourceWithOptions } from "adminjs";
import { In, type EntityManager } from "typeorm";
import type { Access } from "../access.js";
import { Components } from "../components.js";
import { recordNotFound } from "../errors.js";
import { hidden, persianNumber, showOnly, storeChoice, timestamps } from "../features/properties.js";
import { bulkDeleteInOneTransaction } from "./bulk-delete.js";
import { boolean, defined, nullableText, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";
import { storeForNewRow } from "./store-choice.js";

const BREADCRUMB_SEPARATOR = " › ";

/**
 * A store's category tree. The list is in tree order (by materialised path)
 * with each name indented by its depth and its ancestors as a breadcrumb; a
 * category's page shows every attribute that applies to it, inherited ones
 * marked with the category they come from; "move" re-parents a subtree.
 */
export class CategoryResource extends ServiceResource<Category> {
  protected readonly resourceId = "categories";
  protected readonly entity = Category;
  protected readonly alias = "category";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };
  protected override defaultSort = { column: "path", direction: "ASC" as const };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "nameFa", column: "nameFa", match: "persian" },
      { path: "name", column: "name" },
      { path: "slug", column: "slug" },
      { path: "parentId", reference: "categories", column: "parentId" },
      { path: "isCategorizer", type: "boolean", column: "isCategorizer" },
      { path: "breadcrumb", isSortable: false },
      { path: "depth", numeric: true, column: "depth" },
      { path: "path", column: "path" },
      { path: "applicable", type: "mixed", isArray: true, isSortable: false },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  /** Breadcrumbs for a page of categories from one query: the ancestors' ids are in the paths. */
  protected override async present(rows: Category[]): Promise<ParamsType[]> {
    const ancestorIds = [...new Set(rows.flatMap((row) => pathIds(row.path).slice(0, -1)))];
    const names = new Map<string, string>();
    if (ancestorIds.length > 0) {
      const storeIds = [...new Set(rows.map((row) => row.storeId))];
      const ancestors = await this.manager().find(Category, {
        where: { id: In(ancestorIds), storeId: In(storeIds) },
        select: { id: true, nameFa: true },
      });
      for (const ancestor of ancestors) names.set(ancestor.id, ancestor.nameFa);
    }
    return rows.map((row) => ({
      ...row,
      breadcrumb: pathIds(row.path)
        .slice(0, -1)
        .map((id) => names.get(id) ?? "…")
        .concat(row.nameFa)
        .join(BREADCRUMB_SEPARATOR),
    }));
  }

  protected override async createRow(scope: WriteScope, params: Params): Promise<Category> {
    const parentId = nullableText(params, "parentId") ?? null;
    let named = nullableText(params, "storeId");
    if (!named && parentId) named = (await this.inScope(scope.ctx.manager, scope.access, parentId, "parentId")).storeId;
    const storeId = await storeForNewRow(scope, named);
    return createCategory(scope.ctx, storeId, {
      name: text(params, "name") ?? "",
      nameFa: text(params, "nameFa") ?? "",
      slug: text(params, "slug") || undefined,
      parentId,
      isCategorizer: boolean(params, "isCategorizer") ?? false,
    });
  }

  protected override async updateRow({ ctx }: WriteScope, category: Category, params: Params): Promise<Category> {
    await authorize(ctx, "catalog:write", { storeId: category.storeId });
    return updateCategory(
      ctx,
      category.storeId,
      category.id,
      defined({
        name: text(params, "name"),
        nameFa: text(params, "nameFa"),
        slug: text(params, "slug") || undefined,
        isCategorizer: boolean(params, "isCategorizer"),
      }),
    );
  }

  protected override async deleteRow({ ctx }: WriteScope, category: Category): Promise<void> {
    await authorize(ctx, "catalog:write", { storeId: category.storeId });
    await deleteCategory(ctx, category.storeId, category.id);
  }

  /** A category of the person's stores, or "not found" on the given field. */
  private async inScope(manager: EntityManager, access: Access, id: string, field: string): Promise<Category> {
    const query = this.scoped(this.query(manager), access);
    if (!UUID_PATTERN.test(id)) throw new CategoryNotFoundError(field);
    const category = await query.andWhere("category.id = :id", { id }).getOne();
    if (!category) throw new CategoryNotFoundError(field);
    return category;
  }

  /** Moves a category (with its subtree) under another of the same store, or to the root. */
  async move(context: ActionContext, id: string, parentId: string | null): Promise<Category> {
    return this.write(context, async ({ ctx, access }) => {
      const category = await this.loadForWrite(ctx.manager, access, id);
      await authorize(ctx, "catalog:write", { storeId: category.storeId });
      return moveCategory(ctx, category.storeId, category.id, { parentId });
    });
  }

  /** Where a category may move: the root or any category of its store outside its own subtree, in tree order. */
  async moveTargets(context: ActionContext, id: string): Promise<Array<{ id: string; nameFa: string; depth: number }>> {
    const access = await this.accessOf(context);
    const category = await this.inScope(this.manager(), access, id, "id").catch(() => {
      throw recordNotFound();
    });
    const all = await listCategories({ manager: this.manager(), actor: access.actor }, category.storeId);
    return all.filter((row) => !row.path.startsWith(category.path)).map((row) => ({ id: row.id, nameFa: row.nameFa, depth: row.depth }));
  }

  /** The attributes that apply to a category, its own and inherited, for its page. */
  async applicable(context: ActionContext, id: string): Promise<Array<Record<string, unknown>>> {
    const access = await this.accessOf(context);
    const ctx = { manager: this.manager(), actor: access.actor };
    const category = await this.inScope(ctx.manager, access, id, "id");
    const entries = await applicableAttributes(ctx, category);
    const owners = new Map<string, string>();
    for (const categoryId of new Set(entries.map((entry) => entry.attribute.categoryId))) {
      owners.set(categoryId, categoryId === category.id ? category.nameFa : (await getCategory(ctx, category.storeId, categoryId)).nameFa);
    }
    return entries.map(({ attribute, values }) => ({
      id: attribute.id,
      nameFa: attribute.nameFa,
      name: attribute.name,
      type: attribute.type,
      isCategorizer: attribute.isCategorizer,
      isRequired: attribute.isRequired,
      inheritedFrom: attribute.categoryId === category.id ? null : owners.get(attribute.categoryId),
      values: values.map((value) => ({ valueFa: value.valueFa, hex: value.hex })),
    }));
  }
}

const moveHandler: ActionHandler<RecordActionResponse & { targets?: unknown }> = async (request, _response, context) => {
  const { record, resource, currentAdmin, h } = context;
  if (!record) throw recordNotFound();
  const categories = resource as CategoryResource;
  const id = String(record.id());
  if (request.method !== "post") {
    return { record: record.toJSON(currentAdmin), targets: await categories.moveTargets(context, id) };
  }
  const parentId = nullableText((request.payload ?? {}) as Params, "parentId") ?? null;
  await categories.move(context, id, parentId);
  const moved = await resource.findOne(id, context);
  return {
    record: (moved ?? record).toJSON(currentAdmin),
    notice: { message: "categoryMoved", type: "success" },
    redirectUrl: h.resourceUrl({ resourceId: "categories" }),
  };
};

/** Adds the applicable attributes to a category's page. */
const withApplicable = async (response: ActionResponse, _request: unknown, context: ActionContext): Promise<ActionResponse> => {
  const id = response.record?.id;
  if (id && response.record)
    response.record.params.applicable = await (context.resource as CategoryResource).applicable(context, String(id));
  return response;
};

export function categoryResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new CategoryResource(deps),
    options: {
      navigation: { name: "catalog", icon: "Folder" },
      titleProperty: "nameFa",
      sort: { sortBy: "path", direction: "asc" },
      listProperties: ["nameFa", "name", "slug", "isCategorizer", "storeId", "createdAt"],
      showProperties: [
        "breadcrumb",
        "nameFa",
        "name",
        "slug",
        "parentId",
        "isCategorizer",
        "applicable",
        "storeId",
        "createdAt",
        "updatedAt",
      ],
      editProperties: ["storeId", "parentId", "nameFa", "name", "slug", "isCategorizer"],
      filterProperties: ["nameFa", "name", "slug", "isCategorizer", "parentId", "storeId"],
      properties: {
        id: hidden,
        storeId: { ...storeChoice, isVisible: { list: true, show: true, edit: true, filter: true } },
        nameFa: { isTitle: true, isRequired: true, components: { list: Components.CategoryName } },
        name: { isRequired: true },
        slug: { description: "slugHelp" },
        parentId: { description: "parentHelp" },
        breadcrumb: showOnly,
        depth: { ...persianNumber, ...hidden },
        path: hidden,
        applicable: { ...showOnly, type: "mixed", components: { show: Components.ApplicableAttributes } },
        ...timestamps(),
      },
      actions: {
        new: { ...allowedTo("catalog:write") },
        delete: { ...allowedTo("catalog:write") },
        edit: {
          ...allowedTo("catalog:write"),
          // Moves are their own action (below), so the parent is shown but not changed here.
          before: async (request) => {
            if (request.payload) delete request.payload.parentId;
            return request;
          },
        },
        show: { after: withApplicable },
        bulkDelete: { handler: bulkDeleteInOneTransaction, ...allowedTo("catalog:write") },
        move: {
          ...allowedTo("catalog:write"),
          actionType: "record",
          icon: "Move",
          component: Components.MoveCategory,
          handler: moveHandler,
        },
      },
    },
  };
}
