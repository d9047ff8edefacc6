import { Args } from "@oclif/core";
import { removeStoreMember } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../../base-command.js";
import { presentMember, type MemberView } from "../../../member-output.js";

export default class StoreMembersRemove extends MallCommand {
  static override summary = "Remove a member from a store (never its owner)";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab 09121234567"];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
    phone: Args.string({ description: "The member's mobile number", required: true }),
  };

  async run(): Promise<MemberView> {
    const { args } = await this.parseOrPrompt(StoreMembersRemove);
    const { store, member } = await this.write((ctx) => removeStoreMember(ctx, args.store, args.phone));
    const view = presentMember(store, member);
    this.log(`${view.phone} (${view.role}) removed from store ${view.store}.`);
    return view;
  }
}
