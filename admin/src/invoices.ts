import { UUID_PATTERN } from "@mall/server/core/ids.js";
import { ForbiddenError } from "@mall/server/core/errors.js";
import { orderInvoice } from "@mall/server/orders/invoice.js";
import { Order } from "@mall/server/orders/order.entity.js";
import { OrderNotFoundError } from "@mall/server/orders/orders.errors.js";
import type { Platform } from "@mall/server/platform/platform.js";
import { Router } from "express";
import { reachesStore, type AccessCache } from "./access.js";

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
    const order = UUID_PATTERN.test(orderId) ? await dataSource.getRepository(Order).findOne({ where: { id: orderId }, select: { id: true, storeId: true } }) : null;
    if (!order || !reachesStore(access, order.storeId)) throw new OrderNotFoundError();
    const html = await orderInvoice({ manager: dataSource.manager, actor: access.actor }, order.storeId, order.id);
    res.setHeader("Cache-Control", "private, no-store");
    res.type("text/html; charset=utf-8").send(html);
  });
  return router;
}
