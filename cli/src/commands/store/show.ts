import { Args } from "@oclif/core";
import { getStore } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";
import { presentStore, storeLines, type StoreView } from "../../presenters.js";

export default class StoreShow extends MallCommand {
  static override summary = "Show one store";

  static override description = "Status, tenant, owner phone, host, custom domain, theme and layout of a store named by id or slug.";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> 3f0c2d9e-… --json"];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<StoreView> {
    const { args } = await this.parseOrPrompt(StoreShow);
    const view = presentStore(await this.read((ctx) => getStore(ctx, args.store)), this.platformDomain);
    this.log(storeLines(view));
    return view;
  }
}
