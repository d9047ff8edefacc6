import { configOrExit } from "../config/config.js";
import { createPlatform } from "../platform/platform.js";
import { onShutdown } from "./lifecycle.js";
import { startWorkerProcess } from "./start.js";

const config = configOrExit();
const platform = await createPlatform(config, "worker");
const worker = startWorkerProcess(platform);
platform.logger.info("worker started");
onShutdown(platform.logger, async () => {
  await worker.stop();
  await platform.close();
});
