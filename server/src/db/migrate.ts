/** Creates the database if needed and runs pending migrations (`npm run migrate`). */
import { configOrExit } from "../config/config.js";
import { migrateDatabase } from "./migrations-runner.js";

const { created, ran } = await migrateDatabase(configOrExit().DATABASE_URL);
process.stdout.write(
  `${created ? "Created the database; " : ""}${ran.length} migration(s) run${ran.length ? `: ${ran.join(", ")}` : ""}.\n`,
);
