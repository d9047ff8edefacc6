import type { Request } from "express";
import type { DataSource } from "typeorm";
import { authorize } from "../identity/authorization.js";
import { readContext } from "../http/request-context.js";
import { z } from "../platform/zod.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import { STORE_LAYOUTS, STORE_THEMES } from "./store.entity.js";
import { presentStoreMember } from "./tenancy.presenters.js";
import { storeMemberSchema, type StoreRef } from "./tenancy.schemas.js";
import { listStoreMembers } from "./tenancy.service.js";

const publicStoreSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    theme: z.enum(STORE_THEMES),
    layout: z.enum(STORE_LAYOUTS),
  })
  .openapi("Store");

/** The store a request resolved to; set by requireStore before the handler runs. */
export function storeOf(req: Request): StoreRef {
  if (!req.store) throw new Error("route declared without store: true");
  return req.store;
}

export function tenancyRoutes(dataSource: DataSource): AnyRouteSpec[] {
  return [
    defineRoute({
      method: "get",
      path: "/store",
      summary: "The store this host (or X-Store) names",
      tags: ["store"],
      store: true,
      response: publicStoreSchema,
      handler: async (_input, req) => {
        const { id, slug, name, theme, layout } = storeOf(req);
        return { id, slug, name, theme, layout };
      },
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/members",
      summary: "The people who run a store, with their roles (its owners and managers, or staff); another store answers 404",
      tags: ["store"],
      auth: true,
      params: z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") }),
      response: z.object({ items: z.array(storeMemberSchema) }),
      errors: [403, 404],
      handler: async ({ params }, req) => {
        const ctx = readContext(req, dataSource);
        await authorize(ctx, "store.members.read", { storeId: params.storeId });
        return { items: (await listStoreMembers(ctx, params.storeId)).map(presentStoreMember) };
      },
    }),
  ];
}
