import type { Config } from "../config/config.js";
import { createPlatform } from "./platform.js";
import { onShutdown } from "./lifecycle.js";
import { closeServer, startBot, startServer, startWorkerProcess } from "./start.js";

/**
 * Server, worker and bot in one process, for a laptop (`npm run dev`, and the
 * README's first command). `beforeExit` runs last on shutdown, e.g. to stop
 * an embedded PostgreSQL.
 */
export async function startAll(config: Config, beforeExit: () => Promise<void> = async () => {}): Promise<void> {
  const platform = await createPlatform(config, "dev");
  const server = await startServer(platform);
  const worker = await startWorkerProcess(platform);
  const bot = await startBot(platform);
  const base = `http://localhost:${config.PORT}`;
  process.stdout.write(
    [
      "",
      "Mall is running:",
      `  Landing page  http://${config.PLATFORM_DOMAIN}:${config.PORT}/`,
      `  API docs      ${base}/api/docs`,
      `  Back office   ${base}/admin`,
      `  Demo store    http://demo.${config.PLATFORM_DOMAIN}:${config.PORT}/`,
      `  Demo API      curl -H 'Host: demo.${config.PLATFORM_DOMAIN}' ${base}/api/v1/products`,
      `  Readiness     ${base}/readyz`,
      "Press Ctrl+C to stop.",
    ].join("\n") + "\n",
  );
  onShutdown(platform.logger, async () => {
    await bot.stop();
    await worker.stop();
    await closeServer(server);
    await platform.close();
    await beforeExit();
  });
}
