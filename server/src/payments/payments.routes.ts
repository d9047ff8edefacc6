import express, { type Request } from "express";
import type { Redis } from "ioredis";
import { readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { storeOf } from "../tenancy/tenancy.routes.js";
import { createGateways, type PaymentDeps } from "./gateway-drivers.js";
import { gatewaySettingsRoutes } from "./gateway-settings.routes.js";
import { messagePage, sandboxPage } from "./payment-pages.js";
import { FAILURE_MESSAGES } from "./payment-state.js";
import { getMyPayment, handleCallback, startPayment, storeGateways } from "./payment.service.js";
import { PaymentNotFoundError } from "./payments.errors.js";
import { presentPayment } from "./payments.presenters.js";
import { gatewayListSchema, paymentRedirectSchema, paymentSchema, sandboxDecisionSchema, startPaymentSchema } from "./payments.schemas.js";
import { refundRoutes } from "./refund.routes.js";
import { decideSandboxPayment, readSandboxSession, SANDBOX_PATH } from "./sandbox-gateway.js";

const orderParams = z.object({ orderId: z.uuid("شناسهٔ سفارش معتبر نیست.") });
const paymentParams = z.object({ paymentId: z.string().max(64) });
const htmlSchema = z.string().openapi({ description: "An HTML page" });
const callbackFields = express.urlencoded({ extended: false, limit: "64kb" });

/** The site's address as the shopper reached it (the gateway sends them back there). */
function originOf(req: Request): string {
  return `${req.protocol}://${req.get("host") ?? ""}`;
}

function fieldsOf(req: Request): Record<string, string> {
  const merged = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
  return Object.fromEntries(
    Object.entries(merged)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string")
      .slice(0, 50),
  );
}

/**
 * Paying an order: the store's gateways, starting an attempt (the shopper,
 * own order), the gateway's return (GET or POST, as each bank sends it) and
 * the result the order page shows; and the sandbox's own payment page.
 */
export function paymentsRoutes(platform: Platform, gateways = createGateways(platform)): AnyRouteSpec[] {
  const deps: PaymentDeps = { config: platform.config, gateways };
  // Paying and refunding open their own transactions around each gateway call: they take the request's context outside one.
  const contextOf = (req: Request) => readContext(req, platform.dataSource);
  const callback = (method: "get" | "post") =>
    defineRoute({
      method,
      path: "/payments/:paymentId/callback",
      summary: `Where the gateway returns the shopper (${method.toUpperCase()}): verifies with the gateway, then redirects to the store's order page with the result`,
      tags: ["payments"],
      params: paymentParams,
      response: htmlSchema,
      html: true,
      redirect: true,
      errors: [400, 404],
      before: method === "post" ? [callbackFields] : [],
      handler: async ({ params }, req, res) => {
        try {
          const result = await handleCallback(contextOf(req), deps, params.paymentId, fieldsOf(req));
          if (result.kind === "refused") {
            res.locals.status = 400;
            return messagePage("پرداخت ناموفق", FAILURE_MESSAGES.tampered);
          }
          res.locals.redirect = `/order/?id=${encodeURIComponent(result.payment.orderId)}&payment=${encodeURIComponent(result.payment.id)}`;
          return "";
        } catch (error) {
          if (!(error instanceof PaymentNotFoundError)) throw error;
          res.locals.status = 404;
          return messagePage(
            "پرداخت ناموفق",
            "این پرداخت پیدا نشد. اگر مبلغی از حساب شما کسر شده باشد، بانک آن را تا ۷۲ ساعت بازمی‌گرداند.",
          );
        }
      },
    });
  const routes: AnyRouteSpec[] = [
    defineRoute({
      method: "get",
      path: "/payment-gateways",
      summary: "The gateways this store offers at checkout",
      tags: ["payments"],
      store: true,
      response: gatewayListSchema,
      handler: async (_input, req) => ({ items: await storeGateways(contextOf(req), deps, storeOf(req).id) }),
    }),
    defineRoute({
      method: "post",
      path: "/orders/:orderId/payments",
      summary: "Starts paying the signed-in shopper's own order at one of the store's gateways; answers where to send the browser",
      tags: ["payments"],
      store: true,
      auth: true,
      params: orderParams,
      body: startPaymentSchema,
      response: paymentRedirectSchema,
      status: 201,
      errors: [404, 409, 422, 503],
      handler: async ({ params, body }, req) => {
        const started = await startPayment(contextOf(req), deps, storeOf(req).id, params.orderId, body.gateway, originOf(req));
        return { paymentId: started.payment.id, redirect: started.redirect };
      },
    }),
    defineRoute({
      method: "get",
      path: "/payments/:paymentId",
      summary: "One of the signed-in shopper's payments: its state, the reference number once paid, or why it failed (Persian)",
      tags: ["payments"],
      store: true,
      auth: true,
      params: paymentParams,
      response: paymentSchema,
      errors: [404],
      handler: async ({ params }, req) => presentPayment(await getMyPayment(contextOf(req), storeOf(req).id, params.paymentId)),
    }),
    callback("get"),
    callback("post"),
    ...gatewaySettingsRoutes(platform, deps),
    ...refundRoutes(platform, deps),
  ];
  if (gateways.sandbox) routes.push(...sandboxRoutes(platform.redis));
  return routes;
}

const authorityParams = z.object({ authority: z.string().max(64) });

/** The sandbox gateway's own payment page (development and demos only: PAYMENT_SANDBOX). */
function sandboxRoutes(redis: Redis): AnyRouteSpec[] {
  const path = `${SANDBOX_PATH.replace("/api/v1", "")}/:authority`;
  return [
    defineRoute({
      method: "get",
      path,
      summary: "The sandbox gateway's payment page: pay, fail or cancel",
      tags: ["payments"],
      params: authorityParams,
      response: htmlSchema,
      html: true,
      errors: [404],
      handler: async ({ params }, _req, res) => {
        const session = await readSandboxSession(redis, params.authority);
        if (!session) {
          res.locals.status = 404;
          return messagePage("درگاه آزمایشی", "این جلسهٔ پرداخت پیدا نشد یا منقضی شده است.");
        }
        return sandboxPage(params.authority, session);
      },
    }),
    defineRoute({
      method: "post",
      path,
      summary: "The shopper's choice on the sandbox page; redirects back to the shop's callback",
      tags: ["payments"],
      params: authorityParams,
      body: sandboxDecisionSchema,
      response: htmlSchema,
      html: true,
      redirect: true,
      errors: [404],
      before: [callbackFields],
      handler: async ({ params, body }, _req, res) => {
        const next = await decideSandboxPayment(redis, params.authority, body.action);
        if (!next) {
          res.locals.status = 404;
          return messagePage("درگاه آزمایشی", "این جلسهٔ پرداخت پیدا نشد یا منقضی شده است.");
        }
        res.locals.redirect = next;
        return "";
      },
    }),
  ];
}
