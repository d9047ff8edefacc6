import { configOrExit } from "../config/config.js";
import { createPlatform } from "./platform.js";
import { onShutdown } from "./lifecycle.js";
import { startBot } from "./start.js";

const config = configOrExit();
const platform = await createPlatform(config, "bot");
const bot = await startBot(platform);
onShutdown(platform.logger, async () => {
  await bot.stop();
  await platform.close();
});
