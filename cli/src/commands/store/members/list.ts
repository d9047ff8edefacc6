import { Args } from "@oclif/core";
import { getStore, listStoreMembers } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../../base-command.js";
import { presentMember, type MemberView } from "../../../member-output.js";
import { table } from "../../../presenters.js";

export default class StoreMembersList extends MallCommand {
  static override summary = "List a store's members and their roles, owners first";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --json"];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<{ members: MemberView[] }> {
    const { args } = await this.parseOrPrompt(StoreMembersList);
    const members = await this.read(async (ctx) => {
      const store = await getStore(ctx, args.store);
      return (await listStoreMembers(ctx, store.id)).map((member) => presentMember(store, member));
    });
    this.log(
      table(
        ["PHONE", "ROLE"],
        members.map((member) => [member.phone, member.role]),
      ),
    );
    return { members };
  }
}
