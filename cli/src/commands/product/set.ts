import { Args, Flags } from "@oclif/core";
import { findInstanceBySku, updateInstance } from "@mall/server/catalog/instance.service.js";
import { getStore } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";

export interface InstanceView {
  store: string;
  sku: string;
  price: number | null;
  stock: number;
  active: boolean;
}

export default class ProductSet extends MallCommand {
  static override summary = "Change one instance's price, stock or active flag, by SKU";

  static override description =
    "Goes through the catalog service as the back office does (stock never below zero, the lowest price kept, the site rebuilt) and is written to the store's audit log as a change by platform staff from the CLI. Prices are in Rials.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> ketab SHIRT-RED-M --price 3500000",
    "<%= config.bin %> <%= command.id %> ketab SHIRT-RED-M --stock 12 --json",
  ];

  static override flags = {
    price: Flags.integer({ description: "Price in Rials (not Tomans)", min: 0 }),
    stock: Flags.integer({ description: "Stock as counted", min: 0 }),
    active: Flags.boolean({ description: "Sell it (--no-active hides it)", allowNo: true }),
  };

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
    sku: Args.string({ description: "The instance's SKU", required: true }),
  };

  async run(): Promise<InstanceView> {
    const { args, flags } = await this.parseOrPrompt(ProductSet);
    if (flags.price === undefined && flags.stock === undefined && flags.active === undefined)
      this.error("give --price, --stock or --active/--no-active", { exit: 1 });
    const saved = await this.write(async (ctx) => {
      const store = await getStore(ctx, args.store);
      const instance = await findInstanceBySku(ctx, store.id, args.sku);
      return updateInstance(ctx, store.id, instance.id, { price: flags.price, stock: flags.stock, isActive: flags.active });
    });
    const view: InstanceView = { store: args.store, sku: saved.sku, price: saved.price, stock: saved.stock, active: saved.isActive };
    this.log(
      `${view.sku}: price ${view.price ?? "(product's base price)"} Rials, stock ${view.stock}, ${view.active ? "active" : "inactive"}.`,
    );
    return view;
  }
}
