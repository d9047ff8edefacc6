/**
 * Times the product CSV on a large catalog (issue 16's note):
 * `DATABASE_URL=… npx tsx server/src/bench/product-csv.ts --products=10000`.
 * Seeds the bench store (seed-large-catalog.ts) unless it is there, then
 * times the export, the import of that same file (a round trip: nothing
 * changes), an import changing a tenth of the prices, and the import of the
 * file's first `--create` products (default 1000) into an empty store with the
 * same categories (every product created through the services). Each import
 * is one transaction, as in production. `--skip=changes,create` leaves steps out.
 */
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { configOrExit } from "../config/config.js";
import { createDataSource } from "../db/data-source.js";
import { migrateDatabase } from "../db/migrations-runner.js";
import { systemContext } from "../core/context.js";
import { BENCH_STORE_SLUG, seedLargeCatalog } from "./seed-large-catalog.js";
import { runCatalogImport } from "../catalog/csv/catalog-import.job.js";
import { BOM, PRODUCT_COLUMNS } from "../catalog/csv/product-csv.columns.js";
import { exportProductsCsv } from "../catalog/csv/product-export.service.js";

function arg(name: string, fallback: string): string {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  process.stdout.write(`${label.padEnd(44)} ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1).padStart(6)} s\n`);
  return result;
}

if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) {
  const config = configOrExit();
  await migrateDatabase(config.DATABASE_URL);
  const dataSource = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-bench-csv" });
  await dataSource.initialize();
  const products = Number(arg("products", "10000"));
  const seeded = await seedLargeCatalog(dataSource, { slug: BENCH_STORE_SLUG, products });
  const platform = { dataSource };
  const actor = { kind: "system" as const, name: "bench" };
  const ctx = systemContext(dataSource.manager, "bench");

  const exported = await timed(`export ${products} products`, () => exportProductsCsv(ctx, seeded.storeId));
  process.stdout.write(`  ${exported.rows} rows, ${(Buffer.byteLength(exported.csv) / 1e6).toFixed(1)} MB\n`);
  const same = await timed("import the same file (round trip)", () =>
    runCatalogImport(platform, { storeId: seeded.storeId, csv: exported.csv, actor }, () => {}),
  );
  process.stdout.write(`  ${JSON.stringify(same.ok ? same.summary : same.errors.slice(0, 3))}\n`);

  const skip = arg("skip", "").split(",");
  const [header, ...rows] = parse(exported.csv.slice(1)) as string[][];
  if (!skip.includes("changes")) {
    const priceColumn = header!.indexOf(PRODUCT_COLUMNS.price);
    const changedRows = rows.map((row, index) => (index % 10 === 0 ? row.with(priceColumn, String(1_000_000 + index * 10)) : row));
    const changed = BOM + stringify([header!, ...changedRows]);
    const edited = await timed(`import with ${changedRows.length / 10} prices changed`, () =>
      runCatalogImport(platform, { storeId: seeded.storeId, csv: changed, actor }, () => {}),
    );
    process.stdout.write(`  ${JSON.stringify(edited.ok ? edited.summary : edited.errors.slice(0, 3))}\n`);
  }
  if (!skip.includes("create")) {
    const count = Number(arg("create", "1000"));
    const slugs = new Set<string>();
    for (const row of rows) if (slugs.size < count) slugs.add(row[0]!);
    const subset = BOM + stringify([header!, ...rows.filter((row) => slugs.has(row[0]!))]);
    const empty = await seedLargeCatalog(dataSource, { slug: `${BENCH_STORE_SLUG}-${Date.now().toString(36)}`, products: 0 });
    const created = await timed(`import ${slugs.size} new products into an empty store`, () =>
      runCatalogImport(platform, { storeId: empty.storeId, csv: subset, actor }, () => {}),
    );
    process.stdout.write(`  ${JSON.stringify(created.ok ? created.summary : created.errors.slice(0, 3))}\n`);
  }
  await dataSource.destroy();
}
