import { Components } from "../components.js";
import { UUID_PATTERN } from "@mall/server/core/ids.js";
import { authorize } from "@mall/server/identity/authorization.js";
import { StorePage, STORE_PAGE_KINDS } from "@mall/server/tenancy/store-page.entity.js";
import {
  createCustomPage,
  deleteStorePage,
  getStorePage,
  listStorePages,
  saveStorePage,
  type StorePageView,
} from "@mall/server/tenancy/store-pages.service.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import { BaseRecord, type ActionContext, type Filter, type ParamsType, type ResourceWithOptions } from "adminjs";
import { In } from "typeorm";
import { allowedTo, storesWith } from "../access.js";
import { recordNotFound } from "../errors.js";
import { readOnly, showOnly, storeReference } from "../features/properties.js";
import { sanitizeDescription } from "../sanitize.js";
import { integer, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope } from "./service-resource.js";
import { storeForNewRow } from "./store-choice.js";

/** A page's record id: its store and slug, so a standard page still showing its default text has one too. */
const recordId = (storeId: string, slug: string) => `${storeId}.${slug}`;
function parseId(id: string): { storeId: string; slug: string } | null {
  const match = /^([0-9a-f-]{36})\.([a-z0-9-]+)$/.exec(id);
  return match && UUID_PATTERN.test(match[1]!) ? { storeId: match[1]!, slug: match[2]! } : null;
}

type PageRow = StorePageView & { storeId: string; storeName: string };

/**
 * A store's content pages (about, contact, shipping, returns, terms, privacy,
 * FAQ and its own): each standard page is listed from the first day with the
 * Persian text made from the store's data, and saving it keeps the
 * merchant's text. Reads and writes go through the pages service within the
 * stores where the person holds `settings:write`; a page's text goes through
 * the same sanitiser as a product description.
 */
export class StorePageResource extends ServiceResource<StorePage> {
  protected readonly resourceId = "storePages";
  protected readonly entity = StorePage;
  protected readonly alias = "page";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };
  protected override readonly readPermission = "settings:write" as const;

  protected specs(): PropertySpec[] {
    return [
      { path: "id", isId: true },
      { path: "storeId", reference: "stores" },
      { path: "title" },
      { path: "slug" },
      { path: "kind", availableValues: STORE_PAGE_KINDS },
      { path: "isDefault", type: "boolean" },
      { path: "bodyHtml", type: "richtext" },
      { path: "sortOrder" },
    ];
  }

  /** The pages of the stores the person may edit (a filter on one store narrows it); staff without a filter see the stored pages of the first stores. */
  private async rows(filter: Filter | undefined, context?: ActionContext): Promise<PageRow[]> {
    const access = await this.accessOf(context);
    const scope = storesWith(access, "settings:write");
    const wanted = filter?.filters?.storeId?.value;
    let storeIds: string[];
    if (typeof wanted === "string" && wanted) storeIds = scope === "all" || scope.includes(wanted) ? [wanted] : [];
    else
      storeIds =
        scope === "all"
          ? (await this.manager().find(Store, { select: { id: true }, order: { createdAt: "ASC" }, take: 20 })).map((store) => store.id)
          : [...scope];
    if (storeIds.length === 0) return [];
    const stores = await this.manager().find(Store, { where: { id: In(storeIds) }, order: { name: "ASC" } });
    const ctx = { manager: this.manager(), actor: access.actor };
    const rows: PageRow[] = [];
    for (const store of stores)
      for (const page of await listStorePages(ctx, store.id)) rows.push({ ...page, storeId: store.id, storeName: store.name });
    const title = filter?.filters?.title?.value;
    return typeof title === "string" && title ? rows.filter((row) => row.title.includes(title)) : rows;
  }

  private record(row: PageRow): BaseRecord {
    return new BaseRecord(this.pageParams(row), this);
  }

  private pageParams(row: PageRow): ParamsType {
    return {
      id: recordId(row.storeId, row.slug),
      storeId: row.storeId,
      title: row.title,
      slug: row.slug,
      kind: row.kind,
      isDefault: row.isDefault,
      bodyHtml: row.bodyHtml,
      sortOrder: row.sortOrder,
    };
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return (await this.rows(filter, context)).length;
  }

  override async find(filter: Filter, options: { limit?: number; offset?: number }, context?: ActionContext): Promise<BaseRecord[]> {
    const rows = await this.rows(filter, context);
    const offset = options.offset ?? 0;
    return rows.slice(offset, offset + Math.min(options.limit ?? 10, 500)).map((row) => this.record(row));
  }

  /** One page, found only within the person's stores (another store's page is simply not found). */
  private async one(id: string, context?: ActionContext): Promise<PageRow | null> {
    const parsed = parseId(id);
    if (!parsed) return null;
    const access = await this.accessOf(context);
    const scope = storesWith(access, "settings:write");
    if (scope !== "all" && !scope.includes(parsed.storeId)) return null;
    const store = await this.manager().findOneBy(Store, { id: parsed.storeId });
    if (!store) return null;
    try {
      const page = await getStorePage({ manager: this.manager(), actor: access.actor }, parsed.storeId, parsed.slug);
      return { ...page, storeId: store.id, storeName: store.name };
    } catch {
      return null;
    }
  }

  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const row = await this.one(String(id), context);
    return row ? this.record(row) : null;
  }

  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const rows = await Promise.all(ids.map((id) => this.one(String(id), context)));
    return rows.filter((row): row is PageRow => row !== null).map((row) => this.record(row));
  }

  private input(params: Params) {
    const body = text(params, "bodyHtml");
    const sortOrder = integer(params, "sortOrder");
    return {
      title: text(params, "title"),
      bodyHtml: body === undefined ? undefined : sanitizeDescription(body),
      slug: text(params, "slug"),
      sortOrder: typeof sortOrder === "number" ? sortOrder : undefined,
    };
  }

  override async create(params: Params, context?: ActionContext): Promise<ParamsType> {
    const page = await this.write(context, async (scope) => {
      const storeId = await storeForNewRow(scope, text(params, "storeId"), "storeId", "settings:write");
      return { ...(await createCustomPage(scope.ctx, storeId, this.input(params))), storeId, storeName: "" };
    });
    return this.pageParams(page);
  }

  override async update(id: string, params: Params, context?: ActionContext): Promise<ParamsType> {
    const parsed = parseId(String(id));
    if (!parsed || !(await this.one(String(id), context))) throw recordNotFound();
    const page = await this.write(context, async ({ ctx }) => {
      await authorize(ctx, "settings:write", { storeId: parsed.storeId });
      return { ...(await saveStorePage(ctx, parsed.storeId, parsed.slug, this.input(params))), storeId: parsed.storeId, storeName: "" };
    });
    return this.pageParams(page);
  }

  override async delete(id: string, context?: ActionContext): Promise<void> {
    const parsed = parseId(String(id));
    if (!parsed || !(await this.one(String(id), context))) throw recordNotFound();
    await this.write(context, async ({ ctx }) => {
      await authorize(ctx, "settings:write", { storeId: parsed.storeId });
      await deleteStorePage(ctx, parsed.storeId, parsed.slug);
    });
  }
}

export function storePageResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new StorePageResource(deps),
    options: {
      navigation: { name: "store", icon: "FileText" },
      titleProperty: "title",
      listProperties: ["title", "slug", "isDefault", "storeId"],
      showProperties: ["title", "slug", "kind", "isDefault", "storeId", "bodyHtml"],
      editProperties: ["storeId", "title", "slug", "bodyHtml", "sortOrder"],
      filterProperties: ["storeId", "title"],
      properties: {
        id: { isVisible: false },
        storeId: storeReference,
        title: { isTitle: true, isRequired: true },
        slug: {
          components: { list: Components.CodeValue, show: Components.CodeValue },
          description: "نشانی صفحه: /pages/نامک/ (فقط حروف انگلیسی کوچک، رقم و خط تیره). نشانی صفحه‌های اصلی ثابت است.",
        },
        kind: readOnly,
        isDefault: showOnly,
        bodyHtml: { type: "richtext", isVisible: { list: false, show: true, edit: true, filter: false } },
        sortOrder: { isVisible: { list: false, show: false, edit: true, filter: false } },
      },
      actions: {
        new: { ...allowedTo("settings:write") },
        edit: { ...allowedTo("settings:write") },
        delete: { ...allowedTo("settings:write"), guard: "confirmDelete" },
        bulkDelete: { isAccessible: false, isVisible: false },
      },
    },
  };
}
