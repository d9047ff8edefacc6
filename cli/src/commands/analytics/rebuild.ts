import { Args } from "@oclif/core";
import { rebuildStoreAnalytics } from "@mall/server/analytics/analytics.service.js";
import { getStore } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";

interface RebuildResult {
  store: string;
  days: number;
}

export default class AnalyticsRebuild extends MallCommand {
  static override summary = "Recompute a store's daily report rows from its orders";

  static override description =
    "Reports read pre-aggregated daily rows that the worker keeps as orders change. After a restore, a bulk import or a change of what counts as revenue, this recomputes every Tehran day the store has orders on, in one transaction.";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --json"];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<RebuildResult> {
    const { args } = await this.parseOrPrompt(AnalyticsRebuild);
    const result = await this.write(async (ctx) => {
      const store = await getStore(ctx, args.store);
      const { days } = await rebuildStoreAnalytics(ctx, store.id);
      return { store: store.slug, days };
    });
    this.log(`Rebuilt the daily report rows of ${result.store}: ${result.days} day(s) with orders.`);
    return result;
  }
}
