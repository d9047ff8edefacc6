import { Args } from "@oclif/core";
import { setPlatformStaff } from "@mall/server/identity/staff.service.js";
import { MallCommand } from "../../../base-command.js";
import type { StaffView } from "./add.js";

export default class UserStaffRemove extends MallCommand {
  static override summary = "Take the platform staff role from a user (their store memberships stay)";

  static override examples = ["<%= config.bin %> <%= command.id %> 09121234567"];

  static override flags = {};

  static override args = {
    phone: Args.string({ description: "The user's mobile number (09…, +98…)", required: true }),
  };

  async run(): Promise<StaffView> {
    const { args } = await this.parseOrPrompt(UserStaffRemove);
    const { user, changed } = await this.write((ctx) => setPlatformStaff(ctx, args.phone, false));
    this.log(changed ? `${user.phone} is no longer platform staff.` : `${user.phone} was not platform staff; nothing changed.`);
    return { phone: user.phone, userId: user.id, isStaff: user.isStaff, changed };
  }
}
