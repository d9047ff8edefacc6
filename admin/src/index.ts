import type { TelegramChannelApi } from "@mall/server/social/telegram-api.js";
import { dirname, join } from "node:path";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { buildRouter } from "@adminjs/express";
import type { VirusScanner } from "@mall/server/media/clamd.js";
import type { AdminPlatform } from "./admin-platform.js";
import AdminJS, { ForbiddenError, NotFoundError, type AdminJSOptions, type BrandingOptions } from "adminjs";
import express, { Router, type ErrorRequestHandler, type RequestHandler } from "express";
import { AccessCache } from "./access.js";
import { loginRoutes, requireAdminSession } from "./auth/login.routes.js";
import { adminSession } from "./auth/session.js";
import { ensureComponentsBundle, type ComponentsBundle } from "./bundle.js";
import { componentLoader, Components } from "./components.js";
import { dashboardData, ordersFromOrderService, type OrderStatsSource } from "./dashboard/dashboard.js";
import { RECORD_NOT_FOUND } from "./errors.js";
import fa from "./locale/fa.json" with { type: "json" };
import { attributeResource } from "./resources/attribute.resource.js";
import { auditResource } from "./resources/audit.resource.js";
import { categoryResource } from "./resources/category.resource.js";
import { customerResource } from "./resources/customer.resource.js";
import { instanceResource } from "./resources/instance.resource.js";
import { orderResource } from "./resources/order.resource.js";
import { paymentGatewayResource } from "./resources/payment-gateway.resource.js";
import { productResource } from "./resources/product.resource.js";
import type { ResourceDeps } from "./resources/service-resource.js";
import { shippingMethodResource } from "./resources/shipping-method.resource.js";
import { discountResource } from "./resources/discount.resource.js";
import { reviewResource } from "./resources/review.resource.js";
import { platformResources } from "./resources/platform.resources.js";
import { staffResources } from "./resources/staff.resources.js";
import { storeResource } from "./resources/store.resource.js";
import { storePageResource } from "./resources/store-page.resource.js";
import { teamResource } from "./resources/team.resource.js";
import { analyticsRoutes } from "./analytics.js";
import { catalogCsvRoutes } from "./catalog-csv.js";
import { invoiceRoutes } from "./invoices.js";
import { instagramLoginRoutes } from "./instagram-login.js";
import { uploadRoutes } from "./uploads.js";
import { stampScriptNonces } from "./script-nonce.js";

export { ensureComponentsBundle } from "./bundle.js";
export type { OrderStatsSource } from "./dashboard/dashboard.js";

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = "/admin";

/** The design system's theme, overridden: Vazirmatn, and Mall's colours. (Its types model `font` as a map; it is a CSS font list.) */
const THEME = {
  font: "Vazirmatn, Tahoma, sans-serif",
  // grey60 (labels of a record's values, notes) darkened from #898a9a to pass 4.5:1 on white.
  colors: {
    primary100: "#0f766e",
    primary80: "#14857b",
    primary60: "#3fa39a",
    primary40: "#8fcac4",
    primary20: "#e2f3f1",
    accent: "#b45309",
    grey60: "#656979",
  },
} as unknown as NonNullable<BrandingOptions["theme"]>;

export interface AdminOptions {
  /** Where the dashboard's order figures come from: the orders service unless a test gives another. */
  orders?: OrderStatsSource;
  /** The virus scanner for uploads; CLAMD_* configuration otherwise. */
  scanner?: VirusScanner;
  /** The platform bot's channel API, for the «کانال تلگرام» page; null when no bot is configured. */
  telegram?: TelegramChannelApi | null;
}

/** AdminJS's configuration: resources, Persian, branding, dashboard. */
export function adminOptions(deps: ResourceDeps, options: AdminOptions = {}): AdminJSOptions {
  return {
    rootPath: ROOT,
    loginPath: `${ROOT}/login`,
    logoutPath: `${ROOT}/logout`,
    componentLoader,
    resources: [
      storeResource(deps),
      storePageResource(deps),
      orderResource(deps),
      shippingMethodResource(deps),
      paymentGatewayResource(deps),
      discountResource(deps),
      reviewResource(deps),
      categoryResource(deps),
      attributeResource(deps),
      productResource(deps),
      instanceResource(deps),
      customerResource(deps),
      auditResource(deps),
      teamResource(deps),
      ...staffResources(deps),
      ...platformResources(deps),
    ],
    locale: { language: "fa", availableLanguages: ["fa"], localeDetection: false, translations: { fa } },
    branding: {
      companyName: "پیشخوان مال",
      logo: false,
      favicon: `${ROOT}/assets/favicon.svg`,
      withMadeWithLove: false,
      theme: THEME,
    },
    assets: { styles: [`${ROOT}/assets/admin.css`] },
    dashboard: {
      component: Components.Dashboard,
      handler: async (_request, _response, context) => {
        const access = await deps.access.of(context.currentAdmin);
        if (!access) throw new ForbiddenError("anyForbiddenError");
        return dashboardData(deps.platform, access, options.orders ?? ordersFromOrderService);
      },
    },
    settings: { defaultPerPage: 20 },
    version: { admin: false },
  };
}

/**
 * The back office, mounted by the server at /admin: sign-in by SMS code,
 * sessions in Redis, AdminJS in Persian and right to left over resources
 * that are tenant-scoped on the server, and uploads through the media
 * service. The custom components are bundled as the router is created; the
 * bundle route waits for that.
 */
export function createAdminRouter(platform: AdminPlatform, options: AdminOptions = {}): Router {
  const { config, logger } = platform;
  // We bundle ourselves (bundle.ts); AdminJS's own production bundling writes to a dot-folder we never serve.
  process.env.ADMIN_JS_SKIP_BUNDLE = "true";
  const access = new AccessCache(() => platform.dataSource.manager);
  const deps: ResourceDeps = { platform, access, telegram: options.telegram ?? null };
  const admin = new AdminJS(adminOptions(deps, options));

  let bundle: Promise<ComponentsBundle> | undefined;
  const components = () => {
    bundle ??= ensureComponentsBundle(admin, config.ADMIN_JS_TMP_DIR, logger).catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
    return bundle;
  };
  components().then(
    ({ file, buildMs }) => {
      // The image builds it at build time (build-bundle.ts): bundling here keeps the bundler in this process's memory.
      if (buildMs > 0 && config.NODE_ENV === "production")
        logger.warn({ file }, "admin: no components bundle built at build time (node admin/src/build-bundle.js); bundled at start");
    },
    (error: unknown) => logger.error({ err: error }, "admin: bundling the custom components failed"),
  );

  const router = Router();
  router.use(pageRewriter());
  router.use(adminSession(config, platform.redis));
  router.get("/frontend/assets/components.bundle.js", async (_req, res) => {
    const { file } = await components();
    res.type("text/javascript; charset=utf-8");
    // sendFile refuses dot-folders unless told otherwise; ADMIN_JS_TMP_DIR may sit under DATA_DIR=.data.
    res.sendFile(file, { dotfiles: "allow", headers: { "Cache-Control": "no-cache" } });
  });
  router.use("/assets/fonts", express.static(vazirmatnFonts(), { immutable: true, maxAge: "365d", fallthrough: false }));
  router.use("/assets/fonts-fd", express.static(vazirmatnFonts("farsi-digits"), { immutable: true, maxAge: "365d", fallthrough: false }));
  router.use("/assets", express.static(join(here, "assets"), { maxAge: "1h", fallthrough: false }));
  router.use(loginRoutes(platform, admin));
  router.use(requireAdminSession(platform, admin.options.loginPath));
  router.use(uploadRoutes(platform, access, options));
  router.use(invoiceRoutes(platform, access));
  router.use(catalogCsvRoutes(platform, access));
  router.use(analyticsRoutes(platform, access));
  router.use(instagramLoginRoutes(platform, access));
  router.use(removeFormUploads);
  // AdminJS's new action throws (a 500) when it is not posted: a GET of it is the caller's mistake.
  router.get("/api/resources/:resourceId/actions/new", (_req, res) => {
    res
      .status(405)
      .set("Allow", "POST")
      .json({
        notice: { message: NEW_ONLY_POSTED, type: "error" },
        error: { code: "method_not_allowed", message: NEW_ONLY_POSTED },
      });
  });
  // AdminJS's own routes, with its form parser (no file fields here: uploads went above); errors go to adminErrors.
  buildRouter(admin, router, { maxFileSize: 1024 * 1024, maxFieldsSize: 2 * 1024 * 1024, maxFields: 2000 });
  router.use(adminErrors);
  return router;
}

/**
 * The webfont files of the `vazirmatn` package, served from our own origin
 * (no font CDN); `farsi-digits` is its variant that draws 0-9 as ۰-۹, for
 * the few numbers AdminJS writes itself (record counts, pages).
 */
function vazirmatnFonts(variant: "standard" | "farsi-digits" = "standard"): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve("vazirmatn/package.json"));
  return variant === "standard" ? join(root, "fonts", "webfonts") : join(root, "misc", "Farsi-Digits", "fonts", "webfonts");
}

/**
 * AdminJS writes its pages itself; this adjusts them on the way out: the
 * CSP nonce on its own script tags (the page has inline scripts, and the
 * nonce lets exactly these run; see stampScriptNonces), `dir="rtl"`, and no request to Google Fonts (we
 * serve Vazirmatn). JSON answers get a Persian message where AdminJS wrote
 * an English sentence for a record that is not there.
 */
function pageRewriter(): RequestHandler {
  return (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (typeof body === "string" && body.trimStart().startsWith("<!DOCTYPE html>")) {
        const nonce = String(res.locals.cspNonce ?? "");
        body = body
          .replace(/<link rel="stylesheet" href="https:\/\/fonts\.googleapis\.com[^>]*>/g, "")
          .replace(/<html lang=([a-zA-Z-]+)>/, '<html lang="$1" dir="rtl">');
        if (nonce) body = stampScriptNonces(body as string, nonce);
      } else if (body && typeof body === "object" && !Buffer.isBuffer(body)) {
        const notice = (body as { notice?: { message?: unknown } }).notice;
        if (
          notice &&
          typeof notice.message === "string" &&
          /^\s*(Record with given id|You have to pass a valid recordId)/.test(notice.message)
        ) {
          notice.message = RECORD_NOT_FOUND;
        }
      }
      return send(body);
    };
    next();
  };
}

/** AdminJS's form parser keeps any posted file in the temp folder; our resources take none, so none is kept. */
const removeFormUploads: RequestHandler = (req, res, next) => {
  res.on("close", () => {
    const files = (req as { files?: Record<string, { path?: string } | Array<{ path?: string }>> }).files;
    for (const file of Object.values(files ?? {}).flat()) if (file.path) void rm(file.path, { force: true });
  });
  next();
};

/** AdminJS's "not found" and "forbidden" outside an action handler (a bulk action on ids none of which is yours). */
const NEW_ONLY_POSTED = "رکورد تازه فقط با فرستادن فرم ساخته می‌شود.";

const adminErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof NotFoundError) {
    res
      .status(404)
      .json({ notice: { message: RECORD_NOT_FOUND, type: "error" }, error: { code: "not_found", message: fa.messages.recordNotFound } });
    return;
  }
  if (error instanceof ForbiddenError) {
    res.status(403).json({
      notice: { message: "anyForbiddenError", type: "error" },
      error: { code: "forbidden", message: fa.messages.anyForbiddenError },
    });
    return;
  }
  next(error);
};
