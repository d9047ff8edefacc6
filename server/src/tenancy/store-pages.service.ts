import type { EntityManager } from "typeorm";
import { recordAudit } from "../audit/audit.service.js";
import { sanitizeDescription } from "../catalog/description-html.js";
import { isUniqueViolation } from "../db/errors.js";
import { ValidationError } from "../core/errors.js";
import type { ServiceContext } from "../core/context.js";
import { StorePage, type StorePageKind } from "./store-page.entity.js";
import { defaultPageBody, RESERVED_PAGE_SLUGS, STANDARD_PAGES } from "./store-pages.js";
import { Store } from "./store.entity.js";
import { PageSlugTakenError, StorePageNotFoundError, StoreNotFoundError } from "./tenancy.errors.js";
import { recordStoreChanged } from "./tenancy.service.js";

/** A page as the back office and the site read it; `isDefault`: a standard page still showing its default text. */
export interface StorePageView {
  id: string | null;
  kind: StorePageKind;
  slug: string;
  title: string;
  bodyHtml: string;
  sortOrder: number;
  isDefault: boolean;
}

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Every page of the store in the footer's order: the standard pages (their
 * saved text, or the default made from the store's data) then the
 * merchant's own pages by their order.
 */
export async function sitePages(
  manager: EntityManager,
  store: Pick<Store, "id" | "name" | "description" | "contact">,
): Promise<StorePageView[]> {
  const rows = await manager.getRepository(StorePage).find({ where: { storeId: store.id }, order: { sortOrder: "ASC", slug: "ASC" } });
  const standard = STANDARD_PAGES.map((page, index): StorePageView => {
    const row = rows.find((candidate) => candidate.kind === page.kind);
    if (row)
      return { id: row.id, kind: row.kind, slug: row.slug, title: row.title, bodyHtml: row.bodyHtml, sortOrder: index, isDefault: false };
    return {
      id: null,
      kind: page.kind,
      slug: page.slug,
      title: page.title,
      bodyHtml: defaultPageBody(page.kind, { name: store.name, description: store.description, contact: store.contact ?? {} }),
      sortOrder: index,
      isDefault: true,
    };
  });
  const custom = rows
    .filter((row) => row.kind === "custom")
    .map((row): StorePageView => ({
      id: row.id,
      kind: row.kind,
      slug: row.slug,
      title: row.title,
      bodyHtml: row.bodyHtml,
      sortOrder: STANDARD_PAGES.length + row.sortOrder,
      isDefault: false,
    }));
  return [...standard, ...custom];
}

async function storeFor(ctx: ServiceContext, storeId: string): Promise<Store> {
  const store = await ctx.manager.getRepository(Store).findOneBy({ id: storeId });
  if (!store) throw new StoreNotFoundError();
  return store;
}

export async function listStorePages(ctx: ServiceContext, storeId: string): Promise<StorePageView[]> {
  return sitePages(ctx.manager, await storeFor(ctx, storeId));
}

export async function getStorePage(ctx: ServiceContext, storeId: string, slug: string): Promise<StorePageView> {
  const page = (await listStorePages(ctx, storeId)).find((candidate) => candidate.slug === slug);
  if (!page) throw new StorePageNotFoundError();
  return page;
}

export interface StorePageInput {
  title?: string | undefined;
  bodyHtml?: string | undefined;
  /** Custom pages only: where the page lives, /pages/{slug}/. */
  slug?: string | undefined;
  sortOrder?: number | undefined;
}

function cleanTitle(title: string | undefined, required: boolean): string | undefined {
  if (title === undefined) {
    if (required) throw new ValidationError("title", "عنوان صفحه را بنویسید.");
    return undefined;
  }
  const trimmed = title.trim();
  if (!trimmed) throw new ValidationError("title", "عنوان صفحه را بنویسید.");
  if (trimmed.length > 120) throw new ValidationError("title", "عنوان صفحه حداکثر ۱۲۰ نویسه است.");
  return trimmed;
}

/** Rich text through the product descriptions' sanitiser; a page is never saved blank. */
function cleanBody(bodyHtml: string | undefined, required: boolean): string | undefined {
  if (bodyHtml === undefined) {
    if (required) throw new ValidationError("bodyHtml", "متن صفحه را بنویسید.");
    return undefined;
  }
  if (bodyHtml.length > 100_000) throw new ValidationError("bodyHtml", "متن صفحه حداکثر ۱۰۰٬۰۰۰ نویسه است.");
  const clean = sanitizeDescription(bodyHtml);
  if (!clean.replace(/<[^>]*>/g, "").trim()) throw new ValidationError("bodyHtml", "متن صفحه نمی‌تواند خالی باشد.");
  return clean;
}

function cleanSlug(slug: string | undefined): string {
  const value = (slug ?? "").trim().toLowerCase();
  if (!SLUG_PATTERN.test(value) || value.length > 60)
    throw new ValidationError("slug", "نشانی صفحه فقط حروف انگلیسی کوچک، رقم و خط تیره است (مثلاً gift-cards).");
  if (RESERVED_PAGE_SLUGS.has(value)) throw new PageSlugTakenError();
  return value;
}

/**
 * Saves a page: a standard page (by its slug) keeps its slug and kind and
 * stores its first row on first save; a custom page changes its title, text,
 * slug or order. Audited, and the site is rebuilt (store.changed).
 */
export async function saveStorePage(ctx: ServiceContext, storeId: string, slug: string, input: StorePageInput): Promise<StorePageView> {
  const store = await storeFor(ctx, storeId);
  const current = await getStorePage(ctx, storeId, slug);
  const title = cleanTitle(input.title, false) ?? current.title;
  const bodyHtml = cleanBody(input.bodyHtml, false) ?? current.bodyHtml;
  const repository = ctx.manager.getRepository(StorePage);
  const changes: Partial<StorePage> = { title, bodyHtml };
  if (current.kind === "custom") {
    if (input.slug !== undefined && input.slug !== current.slug) changes.slug = cleanSlug(input.slug);
    if (input.sortOrder !== undefined) changes.sortOrder = Math.max(0, Math.trunc(input.sortOrder));
  } else if (input.slug !== undefined && input.slug !== current.slug) {
    throw new ValidationError("slug", "نشانی صفحه‌های اصلی فروشگاه ثابت است.");
  }
  let id = current.id;
  try {
    if (id) await repository.update({ storeId, id }, changes);
    else
      id = (await repository.save(repository.create({ storeId, kind: current.kind, slug: current.slug, title, bodyHtml, sortOrder: 0 })))
        .id;
  } catch (error) {
    if (isUniqueViolation(error)) throw new PageSlugTakenError();
    throw error;
  }
  await recordAudit(ctx, {
    storeId,
    action: "page.saved",
    entityType: "page",
    entityId: id,
    before: { slug: current.slug, title: current.title },
    after: { slug: changes.slug ?? current.slug, title },
  });
  await recordStoreChanged(ctx, store, { change: "pages" });
  return getStorePage(ctx, storeId, changes.slug ?? current.slug);
}

/** A page of the merchant's own at /pages/{slug}/. */
export async function createCustomPage(ctx: ServiceContext, storeId: string, input: StorePageInput): Promise<StorePageView> {
  const store = await storeFor(ctx, storeId);
  const slug = cleanSlug(input.slug);
  const title = cleanTitle(input.title, true)!;
  const bodyHtml = cleanBody(input.bodyHtml, true)!;
  const repository = ctx.manager.getRepository(StorePage);
  let page: StorePage;
  try {
    page = await repository.save(
      repository.create({ storeId, kind: "custom", slug, title, bodyHtml, sortOrder: Math.max(0, Math.trunc(input.sortOrder ?? 0)) }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new PageSlugTakenError();
    throw error;
  }
  await recordAudit(ctx, { storeId, action: "page.created", entityType: "page", entityId: page.id, before: null, after: { slug, title } });
  await recordStoreChanged(ctx, store, { change: "pages" });
  return getStorePage(ctx, storeId, slug);
}

/** Deletes a custom page; a standard page goes back to its default text instead. */
export async function deleteStorePage(ctx: ServiceContext, storeId: string, slug: string): Promise<void> {
  const store = await storeFor(ctx, storeId);
  const current = await getStorePage(ctx, storeId, slug);
  if (!current.id) return;
  await ctx.manager.getRepository(StorePage).delete({ storeId, id: current.id });
  await recordAudit(ctx, {
    storeId,
    action: current.kind === "custom" ? "page.deleted" : "page.reset",
    entityType: "page",
    entityId: current.id,
    before: { slug, title: current.title },
    after: null,
  });
  await recordStoreChanged(ctx, store, { change: "pages" });
}
