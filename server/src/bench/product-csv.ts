/**
 * Times the product CSV on a large catalog (issue 16's note):
 * `DATABASE_URL=… npx tsx server/src/bench/product-csv.ts --products=10000`.
 * Seeds the bench store (seed-large-catalog.ts) unless it is there, then
 * times the export, the import of that same file (a round trip: nothing
 * changes), an import changing `--changes` prices (default a tenth of the
 * rows, 4,000 on 10,000 products), and the import of the file's first
 * `--create` products (default 1000) into an empty store with the same
 * categories (every product created through the services). Each import is
 * one transaction, as in production. `--skip=changes,create` leaves steps out.
 *
 * The steps are exported (measureExport, measureRoundTrip, measurePriceChanges,
 * measureCreation): `npm run bench` runs the same ones for its CSV rows.
 */
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { DataSource } from "typeorm";
import { configOrExit } from "../config/config.js";
import { createDataSource } from "../db/data-source.js";
import { migrateDatabase } from "../db/migrations-runner.js";
import { systemContext } from "../core/context.js";
import { BENCH_STORE_SLUG, seedLargeCatalog } from "./seed-large-catalog.js";
import { runCatalogImport } from "../catalog/csv/catalog-import.job.js";
import { BOM, PRODUCT_COLUMNS } from "../catalog/csv/product-csv.columns.js";
import { exportProductsCsv } from "../catalog/csv/product-export.service.js";
import type { ImportSummary } from "../catalog/csv/product-import.service.js";

function arg(name: string, fallback: string): string {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const actor = { kind: "system" as const, name: "bench" };

/** An exported catalog: the file, its instance rows, and how long the export took. */
export interface ExportedCsv {
  csv: string;
  rows: number;
  megabytes: number;
  seconds: number;
}

/** One timed import: how long, and what it did (a file with errors throws: a bench figure of a refused file means nothing). */
export interface TimedImport {
  seconds: number;
  summary: ImportSummary;
}

export async function measureExport(dataSource: DataSource, storeId: string): Promise<ExportedCsv> {
  const started = process.hrtime.bigint();
  const exported = await exportProductsCsv(systemContext(dataSource.manager, "bench"), storeId);
  return { csv: exported.csv, rows: exported.rows, megabytes: Buffer.byteLength(exported.csv) / 1e6, seconds: seconds(started) };
}

async function timedImport(dataSource: DataSource, storeId: string, csv: string): Promise<TimedImport> {
  const started = process.hrtime.bigint();
  const outcome = await runCatalogImport({ dataSource }, { storeId, csv, actor }, () => {});
  if (!outcome.ok) throw new Error(`the bench's CSV was refused: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
  return { seconds: seconds(started), summary: outcome.summary };
}

/** The exported file imported back as it is: every row checked and compared, nothing written. */
export function measureRoundTrip(dataSource: DataSource, storeId: string, exported: ExportedCsv): Promise<TimedImport> {
  return timedImport(dataSource, storeId, exported.csv);
}

/**
 * The exported file with `count` of its instance rows' prices changed (spread
 * evenly: a tenth of the rows is every tenth row), imported into the store it
 * came from. `pass` makes the new prices differ from an earlier pass's, so a
 * second call changes as many. Checks that exactly `count` models changed.
 */
export async function measurePriceChanges(
  dataSource: DataSource,
  storeId: string,
  exported: ExportedCsv,
  count: number,
  pass = 0,
): Promise<TimedImport> {
  const [header, ...rows] = parse(exported.csv.slice(BOM.length)) as string[][];
  const price = header!.indexOf(PRODUCT_COLUMNS.price);
  const changed = rows.map((row, index) =>
    (index * count) % rows.length < count ? row.with(price, String(1_000_000 + index * 10 + (pass % 10))) : row,
  );
  const timed = await timedImport(dataSource, storeId, BOM + stringify([header!, ...changed]));
  if (timed.summary.instances.updated !== Math.min(count, rows.length))
    throw new Error(`${count} prices changed in the file, ${timed.summary.instances.updated} models changed by the import`);
  return timed;
}

/**
 * The exported file's first `count` products imported into a new, empty store
 * with the bench store's categories and attributes: every product created
 * through the services.
 */
export async function measureCreation(dataSource: DataSource, exported: ExportedCsv, count: number): Promise<TimedImport> {
  const [header, ...rows] = parse(exported.csv.slice(BOM.length)) as string[][];
  const slugs = new Set<string>();
  for (const row of rows) if (slugs.size < count) slugs.add(row[0]!);
  const subset = BOM + stringify([header!, ...rows.filter((row) => slugs.has(row[0]!))]);
  const empty = await seedLargeCatalog(dataSource, { slug: `${BENCH_STORE_SLUG}-${Date.now().toString(36)}`, products: 0 });
  const timed = await timedImport(dataSource, empty.storeId, subset);
  if (timed.summary.products.created !== slugs.size)
    throw new Error(`${slugs.size} new products in the file, ${timed.summary.products.created} created`);
  return timed;
}

if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) {
  const config = configOrExit();
  await migrateDatabase(config.DATABASE_URL);
  const dataSource = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-bench-csv" });
  await dataSource.initialize();
  const products = Number(arg("products", "10000"));
  const seeded = await seedLargeCatalog(dataSource, { slug: BENCH_STORE_SLUG, products });
  const line = (label: string, timed: { seconds: number }, detail: unknown) =>
    process.stdout.write(`${label.padEnd(44)} ${timed.seconds.toFixed(1).padStart(6)} s\n  ${JSON.stringify(detail)}\n`);

  const exported = await measureExport(dataSource, seeded.storeId);
  line(`export ${products} products`, exported, `${exported.rows} rows, ${exported.megabytes.toFixed(1)} MB`);
  const same = await measureRoundTrip(dataSource, seeded.storeId, exported);
  line("import the same file (round trip)", same, same.summary);
  const skip = arg("skip", "").split(",");
  if (!skip.includes("changes")) {
    const count = Number(arg("changes", String(Math.round(exported.rows / 10))));
    const edited = await measurePriceChanges(dataSource, seeded.storeId, exported, count);
    line(`import with ${count} prices changed`, edited, edited.summary);
  }
  if (!skip.includes("create")) {
    const count = Number(arg("create", "1000"));
    const created = await measureCreation(dataSource, exported, count);
    line(`import ${created.summary.products.created} new products into an empty store`, created, created.summary);
  }
  await dataSource.destroy();
}
