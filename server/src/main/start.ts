import type { Server } from "node:http";
import { createApp } from "../http/app.js";
import { startWorkers, type RunningWorker } from "../jobs/worker.js";
import type { Platform } from "../platform/platform.js";

/** Starts the HTTP server on the configured port. */
export async function startServer(platform: Platform): Promise<Server> {
  const app = createApp(platform);
  const server = app.listen(platform.config.PORT, platform.config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return server;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function startWorkerProcess(platform: Platform): RunningWorker {
  return startWorkers(platform);
}

/**
 * The Telegram bot. It idles until the Telegram issue gives it work; it is
 * still its own process so that deployment already runs three roles.
 */
export function startBot(platform: Platform): { stop(): Promise<void> } {
  platform.logger.info("bot started (no Telegram token configured: idling)");
  const keepAlive = setInterval(() => {}, 1 << 30);
  return {
    async stop() {
      clearInterval(keepAlive);
    },
  };
}
