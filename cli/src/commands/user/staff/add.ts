import { Args } from "@oclif/core";
import { setPlatformStaff } from "@mall/server/identity/staff.service.js";
import { MallCommand } from "../../../base-command.js";

export interface StaffView {
  phone: string;
  userId: string;
  isStaff: boolean;
  changed: boolean;
}

export default class UserStaffAdd extends MallCommand {
  static override summary = "Make a user platform staff (every tenant and store, the back office's staff screens)";

  static override description = "The user with this Iranian mobile number is created on first sight.";

  static override examples = ["<%= config.bin %> <%= command.id %> 09121234567", "<%= config.bin %> <%= command.id %> 09121234567 --json"];

  static override flags = {};

  static override args = {
    phone: Args.string({ description: "The user's mobile number (09…, +98…)", required: true }),
  };

  async run(): Promise<StaffView> {
    const { args } = await this.parseOrPrompt(UserStaffAdd);
    const { user, changed } = await this.write((ctx) => setPlatformStaff(ctx, args.phone, true));
    this.log(changed ? `${user.phone} is now platform staff.` : `${user.phone} was already platform staff; nothing changed.`);
    return { phone: user.phone, userId: user.id, isStaff: user.isStaff, changed };
  }
}
