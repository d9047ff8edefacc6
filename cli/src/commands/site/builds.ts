import { Args, Flags } from "@oclif/core";
import { latestBuilds } from "@mall/server/sites/site-build.service.js";
import { getStore } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";

export interface BuildRow {
  id: string;
  status: string;
  trigger: string;
  pages: number | null;
  seconds: number | null;
  startedAt: string;
  error: string | null;
}

export default class SiteBuilds extends MallCommand {
  static override summary = "Show a store's latest site builds (also: site status)";

  static override aliases = ["site:status"];

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --limit 3 --json"];

  static override flags = {
    limit: Flags.integer({ description: "How many builds to show", default: 10, min: 1, max: 100 }),
  };

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<{ builds: BuildRow[] }> {
    const { args, flags } = await this.parseOrPrompt(SiteBuilds);
    const builds = await this.read(async (ctx, platform) => latestBuilds(platform, (await getStore(ctx, args.store)).id, flags.limit));
    const rows = builds.map((b) => ({
      id: b.id,
      status: b.status,
      trigger: b.trigger,
      pages: b.pageCount,
      seconds: b.durationMs === null ? null : Math.round(b.durationMs / 100) / 10,
      startedAt: b.createdAt.toISOString(),
      error: b.error ? b.error.split("\n")[0]! : null,
    }));
    if (rows.length === 0) this.log("No builds yet.");
    for (const row of rows)
      this.log(
        `${row.startedAt}  ${row.status.padEnd(9)}  ${String(row.pages ?? "-").padStart(6)} pages  ${String(row.seconds ?? "-").padStart(6)} s  ${row.trigger}${row.error ? `  ${row.error}` : ""}`,
      );
    return { builds: rows };
  }
}
