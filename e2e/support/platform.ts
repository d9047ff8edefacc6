import type { Server } from "node:http";
import type { RunningBot } from "@mall/bots/run-bot.js";
import type { Config } from "@mall/server/config/config.js";
import type { RunningWorker } from "@mall/server/main/workers.js";
import { closeServer, startBot, startServer, startWorkerProcess } from "@mall/server/main/start.js";
import { createPlatform, type ProcessPlatform } from "@mall/server/main/platform.js";
import { createTestConfig, destroyTestConfig } from "@mall/server/test/test-platform.js";
import { freePort } from "@mall/server/test/free-port.js";

export interface RunningPlatform {
  config: Config;
  platform: ProcessPlatform;
  port: number;
  /** http://localhost:PORT, as `npm run up` prints it. */
  url: string;
  /** A store's site origin: http://{slug}.{PLATFORM_DOMAIN}:PORT. */
  storeOrigin(slug: string): string;
  stop(): Promise<void>;
}

/**
 * The platform as `npm run up` runs it after its setup steps (start-all.ts:
 * server, worker and bot in one process), over a test database of its own
 * and on a free port; `overrides` point its providers at local fakes.
 */
export async function startPlatform(overrides: Record<string, string>): Promise<RunningPlatform> {
  const port = await freePort();
  const config = await createTestConfig({ PORT: String(port), HOST: "127.0.0.1", PLATFORM_DOMAIN: "mall.localhost", ...overrides });
  const platform = await createPlatform(config, "dev");
  let server: Server | undefined;
  let worker: RunningWorker | undefined;
  let bot: RunningBot | undefined;
  try {
    server = await startServer(platform);
    worker = await startWorkerProcess(platform);
    bot = await startBot(platform);
  } catch (error) {
    await platform.close();
    await destroyTestConfig(config);
    throw error;
  }
  return {
    config,
    platform,
    port,
    url: `http://localhost:${port}`,
    storeOrigin: (slug) => `http://${slug}.${config.PLATFORM_DOMAIN}:${port}`,
    async stop() {
      await bot?.stop();
      await worker?.stop();
      if (server) await closeServer(server);
      await platform.close();
      await destroyTestConfig(config);
    },
  };
}
