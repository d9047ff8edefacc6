import { Flags } from "@oclif/core";
import { createTenant } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";
import { presentTenant, tenantLines, type TenantView } from "../../presenters.js";

export default class TenantCreate extends MallCommand {
  static override summary = "Create a tenant (an account that owns stores)";

  static override description = "A tenant is the account that owns one or more stores. Its slug is unique across the platform.";

  static override examples = [
    '<%= config.bin %> <%= command.id %> --name "بازرگانی نمونه" --slug nemooneh',
    "<%= config.bin %> <%= command.id %> --name Acme --slug acme --json",
  ];

  static override flags = {
    name: Flags.string({ description: "Display name of the tenant (Persian is fine)", required: true }),
    slug: Flags.string({ description: "Unique slug: lowercase Latin letters, digits and dashes", required: true }),
  };

  static override args = {};

  async run(): Promise<TenantView> {
    const { flags } = await this.parseOrPrompt(TenantCreate);
    const tenant = presentTenant(await this.write((ctx) => createTenant(ctx, { name: flags.name, slug: flags.slug })));
    this.log(`Created tenant ${tenant.slug}.`);
    this.log(tenantLines(tenant));
    return tenant;
  }
}
