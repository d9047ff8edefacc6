import { analyticsCsv, analyticsCsvName } from "@mall/server/analytics/analytics.csv.js";
import { analyticsCsvQuerySchema, analyticsQuerySchema } from "@mall/server/analytics/analytics.schemas.js";
import { storeAnalytics } from "@mall/server/analytics/analytics.service.js";
import { UUID_PATTERN } from "@mall/server/core/ids.js";
import { ForbiddenError } from "@mall/server/core/errors.js";
import { parseInput } from "@mall/server/core/validation.js";
import type { ServiceContext } from "@mall/server/core/context.js";
import type { Platform } from "@mall/server/platform/platform.js";
import { StoreNotFoundError } from "@mall/server/tenancy/tenancy.errors.js";
import { storesAmong } from "@mall/server/tenancy/tenancy.service.js";
import { Router, type Request } from "express";
import { reachesStore, storesWith, type AccessCache } from "./access.js";

/**
 * The dashboard's analytics, beside AdminJS: the same service and query
 * schema as `GET /api/v1/stores/{id}/analytics`, for the signed-in person's
 * session. `storeId` must be one of their stores (else "not found"); the
 * service checks `analytics:read` itself.
 */
export function analyticsRoutes(platform: Platform, accessCache: AccessCache): Router {
  const { dataSource } = platform;
  const router = Router();

  async function inStore(req: Request): Promise<{ ctx: ServiceContext; storeId: string }> {
    const access = await accessCache.of(req.session.adminUser);
    if (!access) throw new ForbiddenError();
    const storeId = String(req.query.storeId ?? "");
    if (!UUID_PATTERN.test(storeId) || !reachesStore(access, storeId)) throw new StoreNotFoundError("storeId");
    return { ctx: { manager: dataSource.manager, actor: access.actor, surface: "admin" }, storeId };
  }

  /** The stores whose analytics the person may read, for the dashboard's picker. */
  router.get("/analytics/stores", async (req, res) => {
    const access = await accessCache.of(req.session.adminUser);
    if (!access) throw new ForbiddenError();
    const storeIds = storesWith(access, "analytics:read");
    const stores = await storesAmong({ manager: dataSource.manager, actor: access.actor }, storeIds, 500);
    res.json({ items: stores.map((store) => ({ id: store.id, name: store.name })) });
  });

  router.get("/analytics/report", async (req, res) => {
    const { ctx, storeId } = await inStore(req);
    const { storeId: _ignored, ...query } = req.query;
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await storeAnalytics(ctx, storeId, parseInput(analyticsQuerySchema, query, "query")));
  });

  router.get("/analytics/export.csv", async (req, res) => {
    const { ctx, storeId } = await inStore(req);
    const { storeId: _ignored, ...raw } = req.query;
    const query = parseInput(analyticsCsvQuerySchema, raw, "query");
    const report = await storeAnalytics(ctx, storeId, { ...query, limit: query.report === "products" ? 100 : query.limit });
    res.setHeader("Cache-Control", "private, no-store");
    res.attachment(analyticsCsvName(report, query.report)).type("text/csv; charset=utf-8").send(analyticsCsv(report, query.report));
  });

  return router;
}
