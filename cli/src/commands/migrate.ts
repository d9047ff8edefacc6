import { migrateDatabase } from "@mall/server/db/migrations-runner.js";
import { MallCommand } from "../base-command.js";

export default class Migrate extends MallCommand {
  static override summary = "Run the database's pending migrations (creating the database if it is missing)";

  static override description =
    "Each migration runs in its own transaction; the ones that ran are printed in order. Running it again changes nothing.";

  static override examples = ["<%= config.bin %> <%= command.id %>", "<%= config.bin %> <%= command.id %> --json"];

  static override flags = {};

  async run(): Promise<{ created: boolean; ran: string[] }> {
    await this.parse(Migrate);
    const result = await migrateDatabase(this.configuration().DATABASE_URL);
    if (result.created) this.log("Created the database.");
    if (result.ran.length === 0) this.log("No pending migrations; the database is up to date.");
    for (const name of result.ran) this.log(`ran ${name}`);
    if (result.ran.length > 0) this.log(`${result.ran.length} migration(s) run.`);
    return result;
  }
}
