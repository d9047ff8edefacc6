import { Args, Flags } from "@oclif/core";
import { restoreDatabase, type RestoreResult } from "@mall/server/db/backup.js";
import { MallCommand } from "../../base-command.js";

export default class BackupRestore extends MallCommand {
  static override summary = "Restore a backup into an empty database";

  static override description =
    "Restores in one transaction (all or nothing) into --target-url, by default DATABASE_URL. A database that already has tables is refused unless --replace is given. Afterwards run `mall migrate` (for backups older than this release) and `mall site rebuild --all`.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> nightly.dump --target-url postgres://postgres@127.0.0.1/mall_restored",
    "<%= config.bin %> <%= command.id %> nightly.dump --replace",
  ];

  static override flags = {
    "target-url": Flags.string({ summary: "PostgreSQL URL of the database to restore into (default DATABASE_URL)" }),
    replace: Flags.boolean({ summary: "Drop what the target holds before restoring", default: false }),
  };

  static override args = {
    file: Args.string({ description: "The backup file written by `mall backup create`", required: true }),
  };

  async run(): Promise<RestoreResult> {
    const { args, flags } = await this.parseOrPrompt(BackupRestore);
    const target = flags["target-url"] ?? this.configuration().DATABASE_URL;
    const result = await restoreDatabase(target, args.file, { replace: flags.replace });
    this.log(
      `Restored ${result.file} into ${result.database}: ${result.tables} tables, ${result.migrations} migrations (${(result.durationMs / 1000).toFixed(1)} s).`,
    );
    return result;
  }
}
