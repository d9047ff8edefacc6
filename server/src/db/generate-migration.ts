/**
 * Writes a migration holding the difference between the entities and the
 * database at DATABASE_URL (migrate that database first).
 * Usage: npm run migration:generate -- Name
 */
import { writeFileSync } from "node:fs";
import { configOrExit } from "../config/config.js";
import { createDataSource } from "./data-source.js";

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  process.stderr.write("Usage: npm run migration:generate -- PascalCaseName\n");
  process.exit(1);
}

const dataSource = createDataSource({ url: configOrExit().DATABASE_URL, applicationName: "mall-generate-migration" });
await dataSource.initialize();
const sql = await dataSource.driver.createSchemaBuilder().log();
await dataSource.destroy();
if (sql.upQueries.length === 0) {
  process.stdout.write("No changes: the database matches the entities.\n");
  process.exit(0);
}
const timestamp = Date.now();
const quote = (query: string) => "`" + query.replace(/`/g, "\\`") + "`";
const lines = (queries: { query: string }[]) => queries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join("\n");
const className = `${name}${timestamp}`;
const file = new URL(`./migrations/${timestamp}-${name}.ts`, import.meta.url);
writeFileSync(
  file,
  `import type { MigrationInterface, QueryRunner } from "typeorm";

export class ${className} implements MigrationInterface {
  name = "${className}";

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(sql.upQueries)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines([...sql.downQueries].reverse())}
  }
}
`,
);
process.stdout.write(`Wrote ${file.pathname}; add ${className} to migrations/index.ts.\n`);
