import type { RequestHandler } from "express";
import type { ProcessPlatform } from "./platform.js";
import { lazyHandler } from "../http/lazy-handler.js";
import { adminSecurityHeaders } from "../http/security.js";
import type { TelegramChannelApi } from "../social/telegram-api.js";

/**
 * The back office at /admin (admin/, AdminJS). It is loaded on first use:
 * AdminJS takes about two seconds to import and holds about 100 MiB of the
 * server's memory (its package entry loads its React front end too), which
 * a process that never serves /admin (the API's replicas, a test, the CLI)
 * should not pay. The first back-office request after a start waits for
 * that import; its components bundle is built at build time (build-bundle.ts).
 */
export function adminMount(platform: ProcessPlatform, options: { telegram?: TelegramChannelApi | null }): RequestHandler[] {
  return [
    adminSecurityHeaders(),
    lazyHandler(async () => {
      const { createAdminRouter } = await import("@mall/admin");
      return createAdminRouter(platform, { telegram: options.telegram ?? null });
    }),
  ];
}
