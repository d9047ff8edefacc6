import type { RequestHandler, Router } from "express";
import type { ProcessPlatform } from "./platform.js";
import { adminSecurityHeaders } from "../http/security.js";
import type { TelegramChannelApi } from "../social/telegram-api.js";

/**
 * The back office at /admin (admin/, AdminJS). It is loaded on first use:
 * AdminJS takes about two seconds to import, which a process that never
 * serves /admin (a test of the API, the CLI) should not pay. With `eager`
 * (the server process outside tests) it starts loading, and bundling its
 * components, at once, so the first merchant does not wait.
 */
export function adminMount(platform: ProcessPlatform, options: { eager: boolean; telegram?: TelegramChannelApi | null }): RequestHandler[] {
  let loading: Promise<Router> | undefined;
  const load = () => {
    loading ??= import("@mall/admin")
      .then(({ createAdminRouter }) => createAdminRouter(platform, { telegram: options.telegram ?? null }))
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
  if (options.eager) load().catch((error: unknown) => platform.logger.error({ err: error }, "admin: the back office could not be loaded"));
  return [
    adminSecurityHeaders(),
    (req, res, next) => {
      load().then((router) => router(req, res, next), next);
    },
  ];
}
