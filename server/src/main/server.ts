import { configOrExit } from "../config/config.js";
import { createPlatform } from "./platform.js";
import { onShutdown } from "./lifecycle.js";
import { closeServer, startServer } from "./start.js";

const config = configOrExit();
const platform = await createPlatform(config, "server");
const server = await startServer(platform);
platform.logger.info({ port: config.PORT }, "server listening");
onShutdown(platform.logger, async () => {
  await closeServer(server);
  await platform.close();
});
