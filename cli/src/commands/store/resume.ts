import { StoreStatusCommand, storeStatusArgs, storeStatusFlags, type StoreStatusResult } from "../../store-status-command.js";

export default class StoreResume extends StoreStatusCommand {
  static override summary = "Resume a suspended store";

  static override description = "The store becomes active again with all its data; the change is recorded as a store.changed event.";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --json"];

  static override flags = storeStatusFlags;

  static override args = storeStatusArgs;

  async run(): Promise<StoreStatusResult> {
    const { args, flags } = await this.parseOrPrompt(StoreResume);
    return this.changeStatus(args.store, "active", flags["dry-run"]);
  }
}
