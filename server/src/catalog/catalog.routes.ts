import type { DataSource } from "typeorm";
import { z } from "../platform/zod.js";
import { readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import { storeOf } from "../tenancy/tenancy.routes.js";
import { presentProduct } from "./catalog.presenters.js";
import { paginationSchema, productListSchema, productSchema } from "./catalog.schemas.js";
import { getActiveProduct, listActiveProducts } from "./catalog.service.js";

export function catalogRoutes(dataSource: DataSource): AnyRouteSpec[] {
  return [
    defineRoute({
      method: "get",
      path: "/products",
      summary: "Active products of the store, newest first",
      tags: ["catalog"],
      store: true,
      query: paginationSchema,
      response: productListSchema,
      handler: async ({ query }, req) => {
        const { items, total } = await listActiveProducts(readContext(req, dataSource), storeOf(req).id, query);
        return { items: items.map(presentProduct), page: query.page, perPage: query.perPage, total };
      },
    }),
    defineRoute({
      method: "get",
      path: "/products/:id",
      summary: "One active product of the store",
      tags: ["catalog"],
      store: true,
      params: z.object({ id: z.uuid("شناسهٔ محصول معتبر نیست.") }),
      response: productSchema,
      errors: [404],
      handler: async ({ params }, req) => presentProduct(await getActiveProduct(readContext(req, dataSource), storeOf(req).id, params.id)),
    }),
  ];
}
