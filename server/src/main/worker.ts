import { configOrExit } from "../config/config.js";
import { serveWorkerMetrics } from "./metrics-server.js";
import { createPlatform } from "./platform.js";
import { onShutdown } from "./lifecycle.js";
import { startWorkerProcess } from "./start.js";

const config = configOrExit();
const platform = await createPlatform(config, "worker");
const worker = await startWorkerProcess(platform);
const metrics = config.WORKER_METRICS_PORT > 0 ? await serveWorkerMetrics(platform) : null;
platform.logger.info({ metricsPort: config.WORKER_METRICS_PORT || null }, "worker started");
onShutdown(platform.logger, async () => {
  metrics?.close();
  await worker.stop();
  await platform.close();
});
