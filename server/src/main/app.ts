import "../http/types.js";
import { NotFoundError } from "../core/errors.js";
import { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { lazyTelegramChannelApi } from "@mall/bots/lazy-telegram-client.js";
import express, { Router, type Express, type RequestHandler } from "express";
import type { RequestListener } from "node:http";
import compression from "compression";
import swaggerUi from "swagger-ui-express";
import { analyticsRoutes } from "../analytics/analytics.routes.js";
import { catalogAdminRoutes } from "../catalog/catalog-admin.routes.js";
import { productCsvRoutes } from "../catalog/csv/product-csv.routes.js";
import { catalogRoutes } from "../catalog/catalog.routes.js";
import { reviewsRoutes } from "../reviews/reviews.routes.js";
import { retentionRoutes } from "../retention/retention.routes.js";
import { savedCartRoutes } from "../orders/saved-cart.routes.js";
import { EMALLS_PATH, TOROB_PATH } from "../retention/comparison-webservice.js";
import { emallsWebservice } from "../retention/emalls.routes.js";
import { torobWebservice } from "../retention/torob.routes.js";
import { discountsRoutes } from "../discounts/discounts.routes.js";
import { createAuthentication } from "../http/authentication.js";
import { identityRoutes } from "../identity/identity.routes.js";
import { mediaStatic } from "../media/media-static.routes.js";
import { mediaRoutes } from "../media/media.routes.js";
import { ordersAdminRoutes } from "../orders/orders-admin.routes.js";
import { ordersRoutes } from "../orders/orders.routes.js";
import { paymentsRoutes } from "../payments/payments.routes.js";
import type { ProcessPlatform } from "./platform.js";
import { siteStatic, type SiteStatic } from "../sites/site-static.routes.js";
import { acmeChallengeRoutes } from "../ssl/acme-challenge.routes.js";
import { InstagramGraphClient } from "../social/instagram-graph.js";
import { socialRoutes } from "../social/social.routes.js";
import { instrumentTelegram } from "../social/telegram-metrics.js";
import { storeRequestRoutes } from "../tenancy/store-request.routes.js";
import { tenancyRoutes } from "../tenancy/tenancy.routes.js";
import { storeSettingsRoutes } from "../tenancy/store-settings.routes.js";
import { adminMount } from "./admin-mount.js";
import { errorMiddleware, notFoundHandler } from "../http/error-middleware.js";
import { reportUnexpectedErrors } from "../http/error-reporting.js";
import { healthRoutes } from "../http/health.routes.js";
import { lazyHandler } from "../http/lazy-handler.js";
import { httpMetrics } from "../http/metrics.js";
import { openApiDocument } from "../http/openapi.js";
import { rateLimit } from "../http/rate-limit.js";
import { requestLog } from "../http/request-log.js";
import { BEARER_SCHEME, errorBodySchema, mountRoutes } from "../http/route.js";
import { corsPolicy, securityHeaderList, securityHeaders } from "../http/security.js";

/** Whether a Host is a store's custom domain (any name outside the platform's domain, localhost and IPs): what the merchant may point elsewhere. */
function isCustomDomain(platform: ProcessPlatform, host: string | undefined): boolean {
  return host !== undefined && platform.storeResolver.keyForHost(host)?.by === "domain";
}

/** Finds the request's store (by Host or X-Store) or answers 404/410. */
function requireStore(platform: ProcessPlatform): RequestHandler {
  return async (req, _res, next) => {
    req.store = await platform.storeResolver.resolve({ host: req.headers.host, storeHeader: req.get("x-store") });
    next();
  };
}

/**
 * Finds the request's store when its Host or X-Store names one, and goes on
 * without one on the platform's own host (sign-in works on both).
 */
function optionalStore(platform: ProcessPlatform): RequestHandler {
  return async (req, _res, next) => {
    const host = req.headers.host;
    const storeHeader = req.get("x-store");
    if ((host && platform.storeResolver.keyForHost(host)) || storeHeader !== undefined) {
      req.store = await platform.storeResolver.resolve({ host, storeHeader });
    }
    next();
  };
}

/**
 * The server's request listener (`http.createServer(createApp(platform))`): a page or asset of a store's live build goes
 * out first, as nginx sends it from disk (`siteStatic().files`: found by the
 * Host's link, with the security headers, and no log line, metrics, store
 * lookup or rate limit), ahead of Express itself, whose per-request set-up
 * (prototypes swapped, the router's layers, a final handler made) was a third
 * of a static hit's time; every other request goes to the Express application.
 */
export function createApp(platform: ProcessPlatform): RequestListener {
  const { app, siteFiles } = createExpressApp(platform);
  return (req, res) => siteFiles(req, res, () => app(req, res));
}

/**
 * The Express application: one error path, one request id per request,
 * security headers, metrics, and `/api/v1` documented from the same zod schemas that validate it;
 * and the live builds' files that createApp puts ahead of it.
 */
export function createExpressApp(platform: ProcessPlatform): { app: Express; siteFiles: SiteStatic["files"] } {
  const { config, logger } = platform;
  const app = express();
  app.disable("x-powered-by");
  // Exactly the configured hops (never `true`, which believes a client's own X-Forwarded-For).
  app.set("trust proxy", config.TRUST_PROXY_HOPS);
  app.set("query parser", "simple");

  const site = siteStatic(platform, { securityHeaders: securityHeaderList() });
  app.use(requestLog(logger));
  app.use(httpMetrics(platform.metrics));
  app.use(securityHeaders());
  app.use(compression());
  app.use(healthRoutes(platform));
  // ACME HTTP-01 answers for any Host, before any store is looked up.
  app.use(acmeChallengeRoutes(platform));
  // Uploaded media on the local disk; on S3 the bucket (or a CDN in front of it) serves it.
  const media = mediaStatic(platform.mediaStorage);
  if (media) app.use("/media/public", media);

  const registry = new OpenAPIRegistry();
  registry.register("Error", errorBodySchema);
  registry.registerComponent("securitySchemes", BEARER_SCHEME, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The access token from /api/v1/auth/verify-otp or /api/v1/auth/refresh-token; it lives 15 minutes.",
  });
  const { requireAuth } = createAuthentication({
    dataSource: platform.dataSource,
    jwtSecret: config.JWT_SECRET,
    isCustomDomain: (host) => isCustomDomain(platform, host),
  });
  // Telegram's updates: before the API's per-IP rate limit, which Telegram's few addresses would exhaust.
  // The bot (grammY) is imported on the first update, not at start.
  app.post(
    "/api/v1/telegram/webhook",
    express.json({ limit: "1mb" }),
    lazyHandler(async () => (await import("@mall/bots/webhook.js")).telegramWebhook(platform)),
  );
  // Torob's product webservice on each store's own host (its guide's path; refusals in its own shape).
  app.post(TOROB_PATH, express.text({ type: () => true, limit: "256kb" }), torobWebservice(platform));
  // Emalls' product webservice beside it (emalls.service.ts says what is known of Emalls' side), GET or POST.
  const emalls = [express.text({ type: () => true, limit: "16kb" }), emallsWebservice(platform)];
  app.get(EMALLS_PATH, ...emalls);
  app.post(EMALLS_PATH, ...emalls);
  const social = {
    telegram: instrumentTelegram(lazyTelegramChannelApi(config, { timeoutSeconds: 20 }), platform.metrics),
    graph: new InstagramGraphClient({ baseUrl: config.INSTAGRAM_GRAPH_URL, timeoutMs: 20_000 }),
  };
  const api = Router();
  api.use(corsPolicy(config));
  api.use(rateLimit(platform.redis, logger, { name: "api", points: 600, durationSeconds: 60, failOpen: true }));
  api.use(express.json({ limit: "1mb" }));
  const routes = [
    ...identityRoutes(platform),
    ...tenancyRoutes(platform.dataSource, platform),
    ...storeSettingsRoutes(platform),
    ...catalogRoutes(platform),
    ...catalogAdminRoutes(platform),
    ...productCsvRoutes(platform),
    ...mediaRoutes(platform),
    ...socialRoutes(platform, social),
    ...storeRequestRoutes(platform),
    ...ordersRoutes(platform),
    ...savedCartRoutes(platform),
    ...ordersAdminRoutes(platform),
    ...discountsRoutes(platform),
    ...reviewsRoutes(platform),
    ...retentionRoutes(platform),
    ...paymentsRoutes(platform),
    ...analyticsRoutes(platform),
  ];
  mountRoutes(api, registry, "/api/v1", routes, {
    requireStore: requireStore(platform),
    optionalStore: optionalStore(platform),
    requireAuth,
  });
  api.use(notFoundHandler);
  app.use("/api/v1", api);

  // The back office: its own CSP (a nonce for AdminJS's inline scripts), sessions and error answers.
  // Never on a store's custom domain: the merchant may point it at a server of theirs, and a session made there must not exist.
  app.use(
    "/admin",
    (req, _res, next) => next(isCustomDomain(platform, req.headers.host) ? new NotFoundError() : undefined),
    ...adminMount(platform, { telegram: social.telegram }),
  );

  // Written on its first request, not at start: generating it runs every schema's defaults (sanitize-html's among them)
  // and the document is kept for the process's life.
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get("/api/openapi.json", (_req, res) => {
    res.json((document ??= openApiDocument(registry, "/")));
  });
  app.use(
    "/api/docs",
    swaggerUi.serve,
    swaggerUi.setup(undefined, { swaggerOptions: { url: "/api/openapi.json" }, customSiteTitle: "Mall API" }),
  );

  // Everything else on a store's host is its built site: its 404 page, old addresses, an unknown or suspended store.
  app.use(site.pages);
  app.use(notFoundHandler);
  app.use(reportUnexpectedErrors());
  app.use(errorMiddleware(logger));
  return { app, siteFiles: site.files };
}
