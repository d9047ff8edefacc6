import { confirm } from "@inquirer/prompts";
import { Args, Flags } from "@oclif/core";
import { StoreStatusCommand, type StoreStatusResult } from "../../store-status-command.js";

export default class StoreDelete extends StoreStatusCommand {
  static override summary = "Delete a store (soft: its site goes offline for good, its data is kept)";

  static override description =
    "Sets the store's status to deleted: its site and API answer 410 and it leaves the landing page, but nothing is erased (`mall store resume` brings it back). Asks for confirmation on a terminal; elsewhere --yes is required.";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --yes --json"];

  static override flags = {
    yes: Flags.boolean({ char: "y", description: "Delete without asking for confirmation", default: false }),
  };

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<StoreStatusResult> {
    const { args, flags } = await this.parseOrPrompt(StoreDelete);
    if (!flags.yes) {
      if (!process.stdin.isTTY)
        this.error(`not deleting store ${args.store} without --yes when not on a terminal / حذف بدون --yes انجام نمی‌شود`, { exit: 1 });
      const sure = await confirm(
        { message: `Delete store ${args.store}? Its site goes offline; its data is kept.`, default: false },
        { output: process.stderr },
      );
      if (!sure) this.error("Cancelled; nothing changed.", { exit: 1 });
    }
    return this.changeStatus(args.store, "deleted", false);
  }
}
