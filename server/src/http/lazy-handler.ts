import type { RequestHandler } from "express";

/**
 * A handler whose module is imported on its first request, not when the
 * server starts: what few requests need (the back office, Telegram's
 * webhook) then holds no memory in a server that never serves them. The
 * first request waits for the import; a failed import is tried again on the
 * next request.
 */
export function lazyHandler(load: () => Promise<RequestHandler>): RequestHandler {
  let loading: Promise<RequestHandler> | undefined;
  return (req, res, next) => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    loading.then((handler) => handler(req, res, next), next);
  };
}
