import { listTenants } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";
import { presentTenant, table, type TenantView } from "../../presenters.js";

export default class TenantList extends MallCommand {
  static override summary = "List tenants";

  static override description = "Oldest first, with the number of stores each tenant owns.";

  static override examples = ["<%= config.bin %> <%= command.id %>", "<%= config.bin %> <%= command.id %> --json"];

  static override flags = {};

  static override args = {};

  async run(): Promise<TenantView[]> {
    await this.parse(TenantList);
    const tenants = (await this.read((ctx) => listTenants(ctx))).map(presentTenant);
    if (tenants.length === 0) {
      this.log("No tenants yet. Create one with: mall tenant create --name NAME --slug SLUG");
    } else {
      this.log(
        table(
          ["SLUG", "NAME", "STORES", "ACTIVE", "ID"],
          tenants.map((tenant) => [tenant.slug, tenant.name, String(tenant.storeCount ?? 0), tenant.isActive ? "yes" : "no", tenant.id]),
        ),
      );
    }
    return tenants;
  }
}
