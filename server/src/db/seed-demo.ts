/** Seeds the demo tenant and store with a few products (`npm run seed`). */
import { configOrExit } from "../config/config.js";
import { createDataSource } from "./data-source.js";
import { DEMO_OWNER_PHONE, seedDemo } from "./demo-data.js";

const config = configOrExit();
const dataSource = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-seed" });
await dataSource.initialize();
const store = await seedDemo(dataSource);
await dataSource.destroy();
process.stdout.write(`Demo store ready: http://${store.slug}.${config.PLATFORM_DOMAIN}:${config.PORT}/ (owner ${DEMO_OWNER_PHONE}).\n`);
