import express from "express";
import { authorize } from "../../identity/authorization.js";
import { readContext } from "../../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../../http/route.js";
import type { Platform } from "../../platform/platform.js";
import { z } from "../../platform/zod.js";
import { Store } from "../../tenancy/store.entity.js";
import { StoreNotFoundError } from "../../tenancy/tenancy.errors.js";
import { catalogImportStatus, enqueueCatalogImport } from "./catalog-import.job.js";
import { exportProductsCsv } from "./product-export.service.js";

const storeParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") });
const jobParams = storeParams.extend({ jobId: z.uuid("شناسهٔ درون‌ریزی معتبر نیست.") });
/** Large enough for a catalog of tens of thousands of products. */
const MAX_CSV_BYTES = "50mb";

const errorSchema = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
const countsSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
const statusSchema = z
  .object({
    jobId: z.uuid(),
    state: z.enum(["waiting", "active", "completed", "failed"]),
    progress: z.object({ phase: z.enum(["validating", "importing"]), done: z.number().int(), total: z.number().int() }).nullable(),
    result: z
      .union([
        z.object({ ok: z.literal(true), summary: z.object({ products: countsSchema, instances: countsSchema }) }),
        z.object({ ok: z.literal(false), errors: z.array(errorSchema) }),
      ])
      .nullable(),
    error: z.string().nullable(),
  })
  .openapi("ProductImportStatus");

/** Product CSV export and import for a store's merchants: `/stores/:storeId/products.csv` and `/products/import`. */
export function productCsvRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource, queues } = platform;
  const tags = ["catalog (merchant)"];
  const storeExists = async (storeId: string) => {
    if (!(await dataSource.getRepository(Store).existsBy({ id: storeId }))) throw new StoreNotFoundError();
  };
  return [
    defineRoute({
      method: "get",
      path: "/stores/:storeId/products.csv",
      summary:
        "The store's products as CSV (UTF-8 with BOM): one row per instance, category paths, a column per categorizer attribute, prices in Rials; imports back unchanged",
      tags,
      auth: true,
      params: storeParams,
      response: z.string(),
      csv: true,
      errors: [403, 404],
      handler: async ({ params }, req, res) => {
        const ctx = readContext(req, dataSource);
        await authorize(ctx, "store:read", { storeId: params.storeId });
        await storeExists(params.storeId);
        res.locals.filename = "products.csv";
        return (await exportProductsCsv(ctx, params.storeId)).csv;
      },
    }),
    defineRoute({
      method: "post",
      path: "/stores/:storeId/products/import",
      summary:
        "Starts an import of a product CSV (the body, `Content-Type: text/csv`) as a job: every row is checked first; errors (row, column, Persian message) import nothing, otherwise everything is applied in one transaction",
      tags,
      auth: true,
      params: storeParams,
      body: z.string("فایل CSV را با Content-Type: text/csv بفرستید.").min(1, "فایل CSV خالی است."),
      response: z.object({ jobId: z.uuid() }),
      status: 202,
      errors: [403, 404],
      before: [express.text({ type: ["text/csv", "text/plain", "application/csv"], limit: MAX_CSV_BYTES })],
      handler: async ({ params, body }, req) => {
        const ctx = readContext(req, dataSource);
        await authorize(ctx, "catalog:write", { storeId: params.storeId });
        await storeExists(params.storeId);
        return { jobId: await enqueueCatalogImport(queues, { storeId: params.storeId, csv: body, actor: ctx.actor, surface: "api" }) };
      },
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/products/import/:jobId",
      summary: "An import's progress (`validating` or `importing`, done of total) and, once completed, its summary or its errors",
      tags,
      auth: true,
      params: jobParams,
      response: statusSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        await authorize(readContext(req, dataSource), "catalog:write", { storeId: params.storeId });
        return catalogImportStatus(queues, params.storeId, params.jobId);
      },
    }),
  ];
}
