import type { Server } from "node:http";
import { runBot, type RunningBot } from "@mall/bots/run-bot.js";
import { createApp } from "./app.js";
import { startWorkers, type RunningWorker } from "./workers.js";
import type { ProcessPlatform } from "./platform.js";

/** Starts the HTTP server on the configured port. */
export async function startServer(platform: ProcessPlatform): Promise<Server> {
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

export function startWorkerProcess(platform: ProcessPlatform): RunningWorker {
  return startWorkers(platform);
}

/**
 * The Telegram follower bot (bots/): long polling on a laptop, the webhook
 * registered in production (TELEGRAM_WEBHOOK_URL), idle without a token.
 */
export function startBot(platform: ProcessPlatform): RunningBot {
  return runBot(platform);
}
