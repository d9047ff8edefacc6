import type { Request } from "express";
import { z } from "../platform/zod.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import { STORE_LAYOUTS, STORE_THEMES } from "./store.entity.js";
import type { StoreRef } from "./tenancy.schemas.js";

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

export function tenancyRoutes(): AnyRouteSpec[] {
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
  ];
}
