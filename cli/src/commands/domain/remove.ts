import { Args } from "@oclif/core";
import { removeCustomDomain } from "@mall/server/tenancy/custom-domain.service.js";
import { MallCommand } from "../../base-command.js";
import { presentDomain, type DomainView } from "../../domain-output.js";

export default class DomainRemove extends MallCommand {
  static override summary = "Remove a store's custom domain (it stops routing to the store)";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab"];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<DomainView & { removed: string | null }> {
    const { args } = await this.parseOrPrompt(DomainRemove);
    const state = await this.write((ctx, platform) => removeCustomDomain(ctx, args.store, platform.config.PLATFORM_DOMAIN));
    const view = { ...presentDomain(state), removed: state.removed };
    this.log(
      view.removed
        ? `Domain ${view.removed} removed from store ${view.store}; it no longer routes there.`
        : `Store ${view.store} has no custom domain; nothing changed.`,
    );
    return view;
  }
}
