import { Flags } from "@oclif/core";
import { STORE_LAYOUTS, STORE_THEMES } from "@mall/server/tenancy/store.entity.js";
import { createStore, getStore } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";
import { presentStore, storeLines, type StoreView } from "../../presenters.js";

export default class StoreCreate extends MallCommand {
  static override summary = "Create a store for a tenant";

  static override description =
    "The owner is found by phone number, or created, and becomes the store's first member. The store's site is served at {slug}.{PLATFORM_DOMAIN}.";

  static override examples = [
    '<%= config.bin %> <%= command.id %> --tenant nemooneh --name "کتاب‌فروشی نمونه" --slug ketab --owner-phone 09121234567',
    "<%= config.bin %> <%= command.id %> --tenant acme --name Acme --slug acme-shop --owner-phone +989121234567 --theme minimal --layout list --json",
  ];

  static override flags = {
    tenant: Flags.string({ description: "Tenant that owns the store: its id or slug", required: true }),
    name: Flags.string({ description: "Store name shown to shoppers", required: true }),
    slug: Flags.string({ description: "Unique slug, also the subdomain: {slug}.{PLATFORM_DOMAIN}", required: true }),
    "owner-phone": Flags.string({
      description: "Owner's Iranian mobile number, in any usual form (09…, +989…, Persian digits)",
      required: true,
    }),
    theme: Flags.string({ description: "Site theme", options: [...STORE_THEMES], default: "bazaar" }),
    layout: Flags.string({ description: "Product listing layout", options: [...STORE_LAYOUTS], default: "grid" }),
    description: Flags.string({ description: "Short description of the store", default: "" }),
  };

  static override args = {};

  async run(): Promise<StoreView> {
    const { flags } = await this.parseOrPrompt(StoreCreate);
    const store = await this.write(async (ctx) => {
      const created = await createStore(ctx, {
        tenant: flags.tenant,
        name: flags.name,
        slug: flags.slug,
        ownerPhone: flags["owner-phone"],
        theme: flags.theme as (typeof STORE_THEMES)[number],
        layout: flags.layout as (typeof STORE_LAYOUTS)[number],
        description: flags.description,
      });
      return getStore(ctx, created.id);
    });
    const view = presentStore(store, this.platformDomain);
    this.log(`Created store ${view.slug}.`);
    this.log(storeLines(view));
    return view;
  }
}
