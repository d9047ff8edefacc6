import { Args } from "@oclif/core";
import { join } from "node:path";
import { backupDatabase, type BackupResult } from "@mall/server/db/backup.js";
import { MallCommand } from "../../base-command.js";

export default class BackupCreate extends MallCommand {
  static override summary = "Back up the database to a file (pg_dump, custom format)";

  static override description =
    "Writes every table, including the migrations table, to one compressed file that `mall backup restore` reads. Media (S3 or .data/media) and built sites are not in it: sites are rebuilt from the catalog.";

  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> /var/backups/mall/nightly.dump --json",
  ];

  static override flags = {};

  static override args = {
    file: Args.string({ description: "Where to write the backup (default .data/backups/mall-<time>.dump)", required: false }),
  };

  async run(): Promise<BackupResult> {
    const { args } = await this.parse(BackupCreate);
    const config = this.configuration();
    const file = args.file ?? join(".data", "backups", `mall-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}.dump`);
    const result = await backupDatabase(config.DATABASE_URL, file);
    this.log(`Backed up ${result.database} to ${result.file} (${formatBytes(result.bytes)}, ${(result.durationMs / 1000).toFixed(1)} s).`);
    return result;
  }
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
