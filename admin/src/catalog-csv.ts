import { catalogImportStatus, enqueueCatalogImport } from "@mall/server/catalog/csv/catalog-import.job.js";
import { exportProductsCsv } from "@mall/server/catalog/csv/product-export.service.js";
import { UUID_PATTERN } from "@mall/server/core/ids.js";
import { ForbiddenError, ValidationError } from "@mall/server/core/errors.js";
import { authorize, type StorePermission } from "@mall/server/identity/authorization.js";
import type { ServiceContext } from "@mall/server/core/context.js";
import type { Platform } from "@mall/server/platform/platform.js";
import { StoreNotFoundError } from "@mall/server/tenancy/tenancy.errors.js";
import { storesAmong } from "@mall/server/tenancy/tenancy.service.js";
import express, { Router, type Request } from "express";
import { reachesStore, storesWith, type AccessCache } from "./access.js";

/**
 * The back office's product CSV, beside AdminJS (it speaks files, not
 * records): download the export, send a file to import (a catalog-import
 * job, as the signed-in person, audited as the back office), and poll the
 * job's progress. The products list's «CSV» action draws it (components/product-csv.ts).
 */
export function catalogCsvRoutes(platform: Platform, accessCache: AccessCache): Router {
  const { dataSource, queues } = platform;
  const router = Router();

  /** The person's context in a store they reach, holding `permission` there (the one helper decides). */
  async function inStore(req: Request, permission: StorePermission): Promise<{ ctx: ServiceContext; storeId: string }> {
    const access = await accessCache.of(req.session.adminUser);
    if (!access) throw new ForbiddenError();
    const storeId = String(req.query.storeId ?? "");
    if (!UUID_PATTERN.test(storeId) || !reachesStore(access, storeId)) throw new StoreNotFoundError("storeId");
    const ctx: ServiceContext = { manager: dataSource.manager, actor: access.actor, surface: "admin" };
    await authorize(ctx, permission, { storeId });
    return { ctx, storeId };
  }

  /** The stores whose catalog the person may import into (the one helper's table), for the page's store picker. */
  router.get("/catalog-csv/stores", async (req, res) => {
    const access = await accessCache.of(req.session.adminUser);
    if (!access) throw new ForbiddenError();
    const storeIds = storesWith(access, "catalog:write");
    const stores = await storesAmong({ manager: dataSource.manager, actor: access.actor }, storeIds, 500);
    res.json({ items: stores.map((store) => ({ id: store.id, name: store.name })) });
  });

  router.get("/catalog-csv/export", async (req, res) => {
    const { ctx, storeId } = await inStore(req, "store:read");
    const { csv } = await exportProductsCsv(ctx, storeId);
    res.setHeader("Cache-Control", "private, no-store");
    res.attachment("products.csv").type("text/csv; charset=utf-8").send(csv);
  });

  router.post("/catalog-csv/import", express.text({ type: () => true, limit: "50mb" }), async (req, res) => {
    const { ctx, storeId } = await inStore(req, "catalog:write");
    const csv = typeof req.body === "string" ? req.body : "";
    if (csv.trim() === "") throw new ValidationError("file", "فایل CSV خالی است.");
    res.status(202).json({ jobId: await enqueueCatalogImport(queues, { storeId, csv, actor: ctx.actor, surface: "admin" }) });
  });

  router.get("/catalog-csv/import/:jobId", async (req, res) => {
    const { storeId } = await inStore(req, "catalog:write");
    const jobId = String(req.params.jobId);
    if (!UUID_PATTERN.test(jobId)) throw new ValidationError("jobId", "شناسهٔ درون‌ریزی معتبر نیست.");
    res.setHeader("Cache-Control", "no-store");
    res.json(await catalogImportStatus(queues, storeId, jobId));
  });
  return router;
}
