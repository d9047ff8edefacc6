import { StoreStatusCommand, type StoreStatusResult } from "../../store-status-command.js";

export default class StoreResume extends StoreStatusCommand {
  static override description = "Resume a suspended store: it becomes active again with all its data.";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --json"];

  async run(): Promise<StoreStatusResult> {
    const { args, flags } = await this.parseOrPrompt(StoreResume);
    return this.changeStatus(args.store, "active", flags["dry-run"]);
  }
}
