import { Args, Flags } from "@oclif/core";
import { STORE_ROLES, type StoreRole } from "@mall/server/tenancy/store-member.entity.js";
import { addStoreMember } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../../base-command.js";
import { presentMember, type MemberView } from "../../../member-output.js";

export default class StoreMembersAdd extends MallCommand {
  static override summary = "Add a member to a store, or change a member's role";

  static override description = "The user with this mobile number is created on first sight. The store's owner stays its owner.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> ketab 09121234567",
    "<%= config.bin %> <%= command.id %> ketab 09121234567 --role owner --json",
  ];

  static override flags = {
    role: Flags.string({ description: "The member's role", options: [...STORE_ROLES], default: "manager" }),
  };

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
    phone: Args.string({ description: "The member's mobile number", required: true }),
  };

  async run(): Promise<MemberView & { changed: boolean }> {
    const { args, flags } = await this.parseOrPrompt(StoreMembersAdd);
    const { store, member, changed } = await this.write((ctx) => addStoreMember(ctx, args.store, args.phone, flags.role as StoreRole));
    const view = presentMember(store, member);
    this.log(
      changed
        ? `${view.phone} is now ${view.role} of store ${view.store}.`
        : `${view.phone} was already ${view.role} of store ${view.store}; nothing changed.`,
    );
    return { ...view, changed };
  }
}
