import { StoreStatusCommand, storeStatusArgs, storeStatusFlags, type StoreStatusResult } from "../../store-status-command.js";

export default class StoreSuspend extends StoreStatusCommand {
  static override summary = "Suspend a store (its site goes offline, data is kept)";

  static override description =
    "Its site and API answer 410 until it is resumed. Nothing is deleted; the change is recorded as a store.changed event.";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --dry-run"];

  static override flags = storeStatusFlags;

  static override args = storeStatusArgs;

  async run(): Promise<StoreStatusResult> {
    const { args, flags } = await this.parseOrPrompt(StoreSuspend);
    return this.changeStatus(args.store, "suspended", flags["dry-run"]);
  }
}
