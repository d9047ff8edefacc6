import { createServer, type Server } from "node:http";
import type { RunningBot } from "@mall/bots/run-bot.js";
import type { RunningWorker } from "./workers.js";
import type { ProcessPlatform } from "./platform.js";

// Each role imports only its own module graph, when it starts: the worker never
// loads Express, the API's routes or the back office, the bot neither those nor
// the job processors (see docs/architecture.md, "Memory per role").

/** Starts the HTTP server on the configured port. */
export async function startServer(platform: ProcessPlatform): Promise<Server> {
  const { createApp } = await import("./app.js");
  const server = createServer(createApp(platform)).listen(platform.config.PORT, platform.config.HOST);
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

export async function startWorkerProcess(platform: ProcessPlatform): Promise<RunningWorker> {
  const { startWorkers } = await import("./workers.js");
  return startWorkers(platform);
}

/**
 * The Telegram follower bot (bots/): long polling on a laptop, the webhook
 * registered in production (TELEGRAM_WEBHOOK_URL), idle without a token.
 */
export async function startBot(platform: ProcessPlatform): Promise<RunningBot> {
  const { runBot } = await import("@mall/bots/run-bot.js");
  return runBot(platform);
}
