import { Flags } from "@oclif/core";
import { STORE_STATUSES } from "@mall/server/tenancy/store.entity.js";
import { listStores } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";
import { presentStore, table, type StoreView } from "../../presenters.js";

export default class StoreList extends MallCommand {
  static override summary = "List stores";

  static override description =
    "Oldest first, optionally only one tenant's stores or only stores in one status. Shows slug, name, status, tenant, owner phone and host.";

  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> --tenant nemooneh --status suspended",
    "<%= config.bin %> <%= command.id %> --json",
  ];

  static override flags = {
    tenant: Flags.string({ description: "Only stores of this tenant (id or slug)" }),
    status: Flags.string({ description: "Only stores in this status", options: [...STORE_STATUSES] }),
  };

  static override args = {};

  async run(): Promise<StoreView[]> {
    const { flags } = await this.parse(StoreList);
    const stores = await this.read((ctx) =>
      listStores(ctx, { tenant: flags.tenant, status: flags.status as (typeof STORE_STATUSES)[number] | undefined }),
    );
    const views = stores.map((store) => presentStore(store, this.platformDomain));
    if (views.length === 0) {
      this.log("No stores match.");
    } else {
      this.log(
        table(
          ["SLUG", "NAME", "STATUS", "TENANT", "OWNER PHONE", "HOST"],
          views.map((store) => [store.slug, store.name, store.status, store.tenant?.slug ?? "-", store.ownerPhone ?? "-", store.host]),
        ),
      );
    }
    return views;
  }
}
