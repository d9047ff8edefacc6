import { ensureDatabase } from "./admin.js";
import { createDataSource } from "./data-source.js";

/** Creates the database if it is missing and runs every pending migration; returns their names. */
export async function migrateDatabase(url: string): Promise<{ created: boolean; ran: string[] }> {
  const created = await ensureDatabase(url);
  const dataSource = createDataSource({ url, applicationName: "mall-migrate" });
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: "each" });
    return { created, ran: ran.map((migration) => migration.name) };
  } finally {
    await dataSource.destroy();
  }
}
