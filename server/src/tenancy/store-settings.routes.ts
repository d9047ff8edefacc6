import type { MediaStorage } from "../media/storage.js";
import type { Platform } from "../platform/platform.js";
import { authorize } from "../identity/authorization.js";
import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import { z } from "../platform/zod.js";
import { STORE_PAGE_KINDS } from "./store-page.entity.js";
import {
  createCustomPage,
  deleteStorePage,
  getStorePage,
  listStorePages,
  saveStorePage,
  type StorePageView,
} from "./store-pages.service.js";
import { SOCIAL_KINDS } from "./store-settings.js";
import { STORE_LAYOUTS, STORE_THEMES, type Store } from "./store.entity.js";
import { updateStoreSettingsSchema } from "./tenancy.schemas.js";
import { getStore, updateStoreSettings } from "./tenancy.service.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });
const pageParams = storeParams.extend({ slug: z.string().trim().min(1).max(60) });

const linkSchema = z.object({ label: z.string(), href: z.string() });
const storeSettingsSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    theme: z.enum(STORE_THEMES),
    layout: z.enum(STORE_LAYOUTS),
    accent: z.string().nullable(),
    showLatinName: z.boolean(),
    logo: z
      .string()
      .nullable()
      .openapi({ description: "The logo's address (its largest WebP); uploaded through POST /stores/{storeId}/logo" }),
    contact: z.object({
      phone: z.string().nullable(),
      email: z.string().nullable(),
      address: z.string().nullable(),
      provinceId: z.number().int().nullable(),
      city: z.string().nullable(),
      postalCode: z.string().nullable(),
      workingHours: z.string().nullable(),
      social: z.array(z.object({ kind: z.enum(SOCIAL_KINDS), url: z.string() })),
    }),
    banners: z.array(z.object({ mediaId: z.uuid(), title: z.string(), link: z.string().nullable() })),
    announcement: z.object({ text: z.string(), link: z.string().nullable() }).nullable(),
    headerLinks: z.array(linkSchema),
    footerLinks: z.array(linkSchema).nullable().openapi({ description: "Null: the content pages" }),
    enamad: z.object({ id: z.string(), code: z.string() }).nullable(),
  })
  .openapi("StoreSettings");

const storePageSchema = z
  .object({
    kind: z.enum(STORE_PAGE_KINDS),
    slug: z.string(),
    title: z.string(),
    bodyHtml: z.string(),
    isDefault: z.boolean().openapi({ description: "A standard page still showing the default text made from the store's data" }),
  })
  .openapi("StorePage");

const pageBodySchema = z.object({
  title: z.string().optional(),
  bodyHtml: z.string().optional(),
  slug: z.string().optional(),
  sortOrder: z.number().int().optional(),
});

function presentSettings(store: Store, platform: Platform & { mediaStorage: MediaStorage }): z.input<typeof storeSettingsSchema> {
  const contact = store.contact ?? {};
  return {
    id: store.id,
    slug: store.slug,
    name: store.name,
    description: store.description,
    theme: store.theme,
    layout: store.layout,
    accent: store.accent,
    showLatinName: store.showLatinName,
    logo: store.logo ? platform.mediaStorage.url(store.logo) : null,
    contact: {
      phone: contact.phone ?? null,
      email: contact.email ?? null,
      address: contact.address ?? null,
      provinceId: contact.provinceId ?? null,
      city: contact.city ?? null,
      postalCode: contact.postalCode ?? null,
      workingHours: contact.workingHours ?? null,
      social: contact.social ?? [],
    },
    banners: store.banners,
    announcement: store.announcement,
    headerLinks: store.headerLinks,
    footerLinks: store.footerLinks,
    enamad: store.enamad,
  };
}

const presentPage = (page: StorePageView) => ({
  kind: page.kind,
  slug: page.slug,
  title: page.title,
  bodyHtml: page.bodyHtml,
  isDefault: page.isDefault,
});

/** A store's settings and content pages for its owners and managers (the back office goes through the same services). */
export function storeSettingsRoutes(platform: Platform & { mediaStorage: MediaStorage }): AnyRouteSpec[] {
  const { dataSource } = platform;
  return [
    defineRoute({
      method: "get",
      path: "/stores/:storeId/settings",
      summary: "A store's settings: name, description, theme, accent, logo, contact details, banners, announcement, links, eNamad",
      tags: ["store"],
      auth: true,
      params: storeParams,
      response: storeSettingsSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        const ctx = readContext(req, dataSource);
        await authorize(ctx, "settings:write", { storeId: params.storeId });
        return presentSettings(await getStore(ctx, params.storeId), platform);
      },
    }),
    defineRoute({
      method: "patch",
      path: "/stores/:storeId/settings",
      summary: "Changes a store's settings (owners and managers); audited, and the site is rebuilt",
      tags: ["store"],
      auth: true,
      params: storeParams,
      body: updateStoreSettingsSchema,
      response: storeSettingsSchema,
      errors: [400, 403, 404],
      handler: ({ params, body }, req) =>
        inTransaction(req, dataSource, async (ctx) => {
          await authorize(ctx, "settings:write", { storeId: params.storeId });
          return presentSettings(await updateStoreSettings(ctx, params.storeId, body), platform);
        }),
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/pages",
      summary:
        "A store's content pages: about, contact, shipping, returns, terms, privacy, FAQ (their default text until saved) and its own",
      tags: ["store"],
      auth: true,
      params: storeParams,
      response: z.object({ items: z.array(storePageSchema) }),
      errors: [403, 404],
      handler: async ({ params }, req) => {
        const ctx = readContext(req, dataSource);
        await authorize(ctx, "settings:write", { storeId: params.storeId });
        return { items: (await listStorePages(ctx, params.storeId)).map(presentPage) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/stores/:storeId/pages",
      summary: "Adds a page of the store's own at /pages/{slug}/ (rich text through the sanitiser)",
      tags: ["store"],
      auth: true,
      params: storeParams,
      body: pageBodySchema,
      response: storePageSchema,
      status: 201,
      errors: [400, 403, 404, 409],
      handler: ({ params, body }, req) =>
        inTransaction(req, dataSource, async (ctx) => {
          await authorize(ctx, "settings:write", { storeId: params.storeId });
          return presentPage(await createCustomPage(ctx, params.storeId, body));
        }),
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/pages/:slug",
      summary: "One content page of the store",
      tags: ["store"],
      auth: true,
      params: pageParams,
      response: storePageSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        const ctx = readContext(req, dataSource);
        await authorize(ctx, "settings:write", { storeId: params.storeId });
        return presentPage(await getStorePage(ctx, params.storeId, params.slug));
      },
    }),
    defineRoute({
      method: "patch",
      path: "/stores/:storeId/pages/:slug",
      summary: "Changes a page's title or text (a custom page also its slug and order)",
      tags: ["store"],
      auth: true,
      params: pageParams,
      body: pageBodySchema,
      response: storePageSchema,
      errors: [400, 403, 404, 409],
      handler: ({ params, body }, req) =>
        inTransaction(req, dataSource, async (ctx) => {
          await authorize(ctx, "settings:write", { storeId: params.storeId });
          return presentPage(await saveStorePage(ctx, params.storeId, params.slug, body));
        }),
    }),
    defineRoute({
      method: "delete",
      path: "/stores/:storeId/pages/:slug",
      summary: "Deletes a page of the store's own; a standard page goes back to its default text",
      tags: ["store"],
      auth: true,
      params: pageParams,
      response: z.object({ deleted: z.literal(true) }),
      errors: [403, 404],
      handler: ({ params }, req) =>
        inTransaction(req, dataSource, async (ctx) => {
          await authorize(ctx, "settings:write", { storeId: params.storeId });
          await deleteStorePage(ctx, params.storeId, params.slug);
          return { deleted: true as const };
        }),
    }),
  ];
}
