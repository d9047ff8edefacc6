import { writeFile } from "node:fs/promises";
import { Args } from "@oclif/core";
import { exportProductsCsv } from "@mall/server/catalog/csv/product-export.service.js";
import { getStore } from "@mall/server/tenancy/tenancy.service.js";
import { ValidationError } from "@mall/server/core/errors.js";
import { MallCommand } from "../../base-command.js";

export interface ProductExportView {
  store: string;
  file: string | null;
  products: number;
  rows: number;
}

export default class ProductExport extends MallCommand {
  static override summary = "Export a store's products as CSV (UTF-8 with BOM, for Excel)";

  static override description =
    "One row per instance with the product's columns repeated, categories as paths (پوشاک > مردانه > پیراهن), a column per categorizer attribute, SKU, prices in Rials, stock and image URLs. Written to FILE, or to stdout without one. `mall product import` reads it back.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> ketab products.csv",
    "<%= config.bin %> <%= command.id %> ketab > products.csv",
  ];

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
    file: Args.string({ description: "Where to write the CSV (stdout when not given)" }),
  };

  async run(): Promise<ProductExportView> {
    const { args } = await this.parseOrPrompt(ProductExport);
    const { csv, products, rows } = await this.read(async (ctx) => exportProductsCsv(ctx, (await getStore(ctx, args.store)).id));
    if (!args.file) {
      if (!this.jsonEnabled()) process.stdout.write(csv);
      return { store: args.store, file: null, products, rows };
    }
    try {
      await writeFile(args.file, csv, "utf8");
    } catch (error) {
      throw new ValidationError("file", `cannot write ${args.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    this.log(`Exported ${products} products (${rows} rows) to ${args.file}.`);
    return { store: args.store, file: args.file, products, rows };
  }
}
