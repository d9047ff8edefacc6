import { readFile } from "node:fs/promises";
import { Args } from "@oclif/core";
import { runCatalogImport } from "@mall/server/catalog/csv/catalog-import.job.js";
import type { ImportError, ImportSummary } from "@mall/server/catalog/csv/product-import.service.js";
import { getStore } from "@mall/server/tenancy/tenancy.service.js";
import { ValidationError } from "@mall/server/core/errors.js";
import { MallCommand } from "../../base-command.js";
import { ProgressBar } from "../../progress-bar.js";

export type ProductImportView =
  { store: string; file: string; ok: true; summary: ImportSummary } | { store: string; file: string; ok: false; errors: ImportError[] };

const PHASES = { validating: "checking rows", importing: "importing products" } as const;

export default class ProductImport extends MallCommand {
  static override summary = "Import a product CSV into a store (the format `mall product export` writes)";

  static override description =
    "Checks every row first: any error (row and column, in Persian) imports nothing and exits 1. Otherwise applies everything in one transaction through the catalog services, recorded in the store's audit log as platform staff from the CLI. Rows that match the store change nothing, so importing an export changes nothing. A progress bar is drawn on stderr when it is a terminal.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> ketab products.csv",
    "<%= config.bin %> <%= command.id %> ketab products.csv --json",
  ];

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
    file: Args.string({ description: "The CSV file (UTF-8, with or without BOM)", required: true }),
  };

  async run(): Promise<ProductImportView> {
    const { args } = await this.parseOrPrompt(ProductImport);
    let csv: string;
    try {
      csv = await readFile(args.file, "utf8");
    } catch (error) {
      throw new ValidationError("file", `cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    let bar: ProgressBar | undefined;
    let phase = "";
    const outcome = await this.read(async (ctx, platform) => {
      const store = await getStore(ctx, args.store);
      try {
        return await runCatalogImport(platform, { storeId: store.id, csv, actor: ctx.actor }, (progress) => {
          if (progress.phase !== phase) {
            bar?.stop();
            bar = new ProgressBar(progress.total);
            phase = progress.phase;
          }
          bar?.update(progress.done, PHASES[progress.phase]);
        });
      } finally {
        bar?.stop();
      }
    });
    if (!outcome.ok) {
      const view: ProductImportView = { store: args.store, file: args.file, ok: false, errors: outcome.errors };
      if (this.jsonEnabled()) this.logJson(view);
      for (const error of outcome.errors) process.stderr.write(`row ${error.row}, ${error.column}: ${error.message}\n`);
      process.stderr.write(`Nothing imported: ${outcome.errors.length} error(s) in ${args.file}.\n`);
      this.exit(1);
    }
    const { products, instances } = outcome.summary;
    this.log(
      `Imported ${args.file}: products ${products.created} created, ${products.updated} updated, ${products.unchanged} unchanged; instances ${instances.created} created, ${instances.updated} updated, ${instances.unchanged} unchanged.`,
    );
    return { store: args.store, file: args.file, ok: true, summary: outcome.summary };
  }
}
