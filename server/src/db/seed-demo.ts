/** Seeds the demo tenant and store with a few products, their pictures, shipping and contact details (`npm run seed`). */
import { configOrExit } from "../config/config.js";
import { createStorage } from "../media/create-storage.js";
import { createLogger } from "../platform/logger.js";
import { createDataSource } from "./data-source.js";
import { DEMO_OWNER_PHONE, seedDemo, seedDemoMedia } from "./demo-data.js";

const config = configOrExit();
const dataSource = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-seed" });
await dataSource.initialize();
const store = await seedDemo(dataSource);
await seedDemoMedia(
  dataSource,
  { storage: await createStorage(config), logger: createLogger(config, "seed"), maxImagePixels: config.MEDIA_MAX_IMAGE_PIXELS },
  store.id,
);
await dataSource.destroy();
process.stdout.write(`Demo store ready: http://${store.slug}.${config.PLATFORM_DOMAIN}:${config.PORT}/ (owner ${DEMO_OWNER_PHONE}).\n`);
