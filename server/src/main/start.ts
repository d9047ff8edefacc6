import type { Server } from "node:http";
import { runBot, type RunningBot } from "@mall/bots/run-bot.js";
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
 * The Telegram follower bot (bots/): long polling on a laptop, the webhook
 * registered in production (TELEGRAM_WEBHOOK_URL), idle without a token.
 */
export function startBot(platform: Platform): RunningBot {
  return runBot(platform);
}
