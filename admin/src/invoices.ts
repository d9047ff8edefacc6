import { ForbiddenError } from "@mall/server/core/errors.js";
import { orderInvoice } from "@mall/server/orders/invoice.js";
import { getOrderIn } from "@mall/server/orders/order.service.js";
import type { Platform } from "@mall/server/platform/platform.js";
import { Router } from "express";
import type { AccessCache } from "./access.js";

/**
 * The printable invoice of an order, at /admin/orders/:orderId/invoice: one
 * of the person's stores' orders (else "not found"), rendered by the orders
 * service (which checks `store.manage` itself).
 */
export function invoiceRoutes(platform: Platform, accessCache: AccessCache): Router {
  const { dataSource } = platform;
  const router = Router();
  router.get("/orders/:orderId/invoice", async (req, res) => {
    const access = await accessCache.of(req.session.adminUser);
    if (!access) throw new ForbiddenError();
    const orderId = String(req.params.orderId);
    const ctx = { manager: dataSource.manager, actor: access.actor };
    const order = await getOrderIn(ctx, access.storeIds, orderId);
    const html = await orderInvoice(ctx, order.storeId, order.id);
    res.setHeader("Cache-Control", "private, no-store");
    res.type("text/html; charset=utf-8").send(html);
  });
  return router;
}
