/** Creates the database if needed and runs pending migrations (`npm run migrate`). */
import { configOrExit } from "../config/config.js";
import { ensureDatabase } from "./admin.js";
import { createDataSource } from "./data-source.js";

const config = configOrExit();
const created = await ensureDatabase(config.DATABASE_URL);
const dataSource = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-migrate" });
await dataSource.initialize();
const ran = await dataSource.runMigrations({ transaction: "each" });
await dataSource.destroy();
process.stdout.write(`${created ? "Created the database; " : ""}${ran.length} migration(s) run${ran.length ? `: ${ran.map((m) => m.name).join(", ")}` : ""}.\n`);
