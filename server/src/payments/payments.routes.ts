import express, { type Request } from "express";
import type { Redis } from "ioredis";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { storeOf } from "../tenancy/tenancy.routes.js";
import { gatewaySettingsRoutes } from "./gateway-settings.routes.js";
import { createGateways } from "./gateways.js";
import { refundRoutes } from "./refund.routes.js";
import { FAILURE_MESSAGES, GATEWAYS } from "./payment-state.js";
import type { Payment } from "./payment.entity.js";
import { getMyPayment, handleCallback, startPayment, storeGateways, type PaymentDeps } from "./payment.service.js";
import { PaymentNotFoundError } from "./payments.errors.js";
import { decideSandboxPayment, readSandboxSession, SANDBOX_PATH } from "./sandbox-gateway.js";
import { messagePage, sandboxPage } from "./payment-pages.js";

const orderParams = z.object({ orderId: z.uuid("شناسهٔ سفارش معتبر نیست.") });
const paymentParams = z.object({ paymentId: z.string().max(64) });
const startSchema = z.object({ gateway: z.enum(GATEWAYS, "درگاه پرداخت را انتخاب کنید.") }).openapi("StartPayment");
const redirectSchema = z
  .object({
    paymentId: z.uuid(),
    redirect: z.object({ url: z.string(), method: z.enum(["GET", "POST"]), fields: z.record(z.string(), z.string()) }),
  })
  .openapi("PaymentRedirect", { description: "Send the browser to `url` (a form with `fields`, by `method`)." });
const paymentSchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    gateway: z.enum(GATEWAYS),
    state: z.enum(["created", "redirected", "verifying", "paid", "failed", "reversed"]),
    amount: z.number().int(),
    reference: z.string().nullable(),
    cardPan: z.string().nullable(),
    failureCode: z.string().nullable(),
    failureMessage: z.string().nullable(),
  })
  .openapi("Payment");
const gatewayListSchema = z.object({ items: z.array(z.object({ gateway: z.enum(GATEWAYS), label: z.string() })) });
const htmlSchema = z.string().openapi({ description: "An HTML page" });
const callbackFields = express.urlencoded({ extended: false, limit: "64kb" });

function presentPayment(payment: Payment) {
  return {
    id: payment.id,
    orderId: payment.orderId,
    gateway: payment.gateway,
    state: payment.state,
    amount: payment.amount,
    reference: payment.state === "paid" ? payment.reference : null,
    cardPan: payment.cardPan,
    failureCode: payment.failureCode,
    failureMessage: payment.failureCode && payment.state !== "paid" ? FAILURE_MESSAGES[payment.failureCode] : null,
  };
}

/** The site's address as the shopper reached it (the gateway sends them back there). */
function originOf(req: Request): string {
  return `${req.protocol}://${req.get("host") ?? ""}`;
}

function fieldsOf(req: Request): Record<string, string> {
  const merged = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => typeof entry[1] === "string").slice(0, 50));
}

/**
 * Paying an order: the store's gateways, starting an attempt (the shopper,
 * own order), the gateway's return (GET or POST, as each bank sends it) and
 * the result the order page shows; and the sandbox's own payment page.
 */
export function paymentsRoutes(platform: Platform, gateways = createGateways(platform)): AnyRouteSpec[] {
  const deps: PaymentDeps = { dataSource: platform.dataSource, config: platform.config, gateways };
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
          const result = await handleCallback(deps, params.paymentId, fieldsOf(req));
          if (result.kind === "refused") {
            res.locals.status = 400;
            return messagePage("پرداخت ناموفق", FAILURE_MESSAGES.tampered);
          }
          res.locals.redirect = `/order/?id=${encodeURIComponent(result.payment.orderId)}&payment=${encodeURIComponent(result.payment.id)}`;
          return "";
        } catch (error) {
          if (!(error instanceof PaymentNotFoundError)) throw error;
          res.locals.status = 404;
          return messagePage("پرداخت ناموفق", "این پرداخت پیدا نشد. اگر مبلغی از حساب شما کسر شده باشد، بانک آن را تا ۷۲ ساعت بازمی‌گرداند.");
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
      handler: async (_input, req) => ({ items: await storeGateways(deps, storeOf(req).id) }),
    }),
    defineRoute({
      method: "post",
      path: "/orders/:orderId/payments",
      summary: "Starts paying the signed-in shopper's own order at one of the store's gateways; answers where to send the browser",
      tags: ["payments"],
      store: true,
      auth: true,
      params: orderParams,
      body: startSchema,
      response: redirectSchema,
      status: 201,
      errors: [404, 409, 422, 503],
      handler: async ({ params, body }, req) => {
        const started = await startPayment(deps, { actor: req.actor ?? { kind: "anonymous" } }, storeOf(req).id, params.orderId, body.gateway, originOf(req));
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
      handler: async ({ params }, req) => presentPayment(await getMyPayment(deps, { actor: req.actor ?? { kind: "anonymous" } }, storeOf(req).id, params.paymentId)),
    }),
    callback("get"),
    callback("post"),
    ...gatewaySettingsRoutes(platform, gateways),
    ...refundRoutes(platform, gateways),
  ];
  if (gateways.sandbox) routes.push(...sandboxRoutes(platform.redis));
  return routes;
}

const authorityParams = z.object({ authority: z.string().max(64) });
const decisionSchema = z.object({ action: z.enum(["pay", "fail", "cancel"]) });

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
      body: decisionSchema,
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
