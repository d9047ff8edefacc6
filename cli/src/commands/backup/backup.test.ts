import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { dropDatabase, ensureDatabase } from "@mall/server/db/admin.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { testDatabaseUrl } from "@mall/server/test/database-url.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import { cliEnv, runCli, runJson } from "../../test/run-cli.js";

const test = useTestPlatform();
const env = () => cliEnv(test.config);
const folder = await mkdtemp(join(tmpdir(), "mall-backup-"));
const restoredUrls: string[] = [];

afterAll(async () => {
  await Promise.all(restoredUrls.map((url) => dropDatabase(url)));
  await rm(folder, { recursive: true, force: true });
});

async function emptyDatabase(): Promise<string> {
  const url = testDatabaseUrl(test.config.DATABASE_URL, `restore_${Math.random().toString(36).slice(2, 10)}`);
  await ensureDatabase(url);
  restoredUrls.push(url);
  return url;
}

async function queryOne<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows[0] as T;
  } finally {
    await client.end();
  }
}

describe("mall backup", { timeout: 120_000 }, () => {
  it("backs up the database and restores it into an empty one with the same rows", async () => {
    const store = await buildStore(test.platform.dataSource);
    const product = await buildProduct(test.platform.dataSource, store.id, { name: "پیراهن کتان «بهار»" });
    const file = join(folder, "nightly.dump");

    const backup = await runJson<{ file: string; bytes: number }>(["backup", "create", file], env());
    expect(backup.file).toBe(file);
    expect(backup.bytes).toBeGreaterThan(1000);

    const target = await emptyDatabase();
    const restored = await runJson<{ tables: number; migrations: number }>(["backup", "restore", file, "--target-url", target], env());
    const source = await queryOne<{ tables: number; migrations: number }>(
      test.config.DATABASE_URL,
      "SELECT (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public') AS tables, (SELECT count(*)::int FROM migrations) AS migrations",
    );
    expect(restored).toMatchObject(source);
    const copy = await queryOne<{ name: string; store_id: string }>(target, "SELECT name, store_id FROM products WHERE id = $1", [
      product.id,
    ]);
    expect(copy).toEqual({ name: "پیراهن کتان «بهار»", store_id: store.id });
  });

  it("refuses a target that has tables, a missing file and a bad URL with one line, and changes nothing", async () => {
    const file = join(folder, "refusals.dump");
    expect((await runCli(["backup", "create", file], env())).code).toBe(0);
    const target = await emptyDatabase();
    expect((await runCli(["backup", "restore", file, "--target-url", target], env())).code).toBe(0);
    const before = await queryOne<{ count: number }>(target, "SELECT count(*)::int AS count FROM stores");

    const [notEmpty, missing, badUrl] = await Promise.all([
      runCli(["backup", "restore", file, "--target-url", target], env()),
      runCli(["backup", "restore", join(folder, "nope.dump"), "--target-url", target], env()),
      runCli(["backup", "restore", file, "--target-url", "mysql://x/y"], env()),
    ]);
    for (const result of [notEmpty, missing, badUrl]) {
      expect(result.code).toBe(1);
      expect(result.errorLines).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(notEmpty.stderr).toMatch(/^Error: target-url: .*--replace/);
    expect(missing.stderr).toMatch(/^Error: file: /);
    expect(badUrl.stderr).toMatch(/^Error: target-url: /);
    expect(await queryOne(target, "SELECT count(*)::int AS count FROM stores")).toEqual(before);
  });

  it("replaces a database's contents with --replace", async () => {
    const target = await emptyDatabase();
    const file = join(folder, "replace.dump");
    expect((await runCli(["backup", "create", file], env())).code).toBe(0);
    expect((await runCli(["backup", "restore", file, "--target-url", target], env())).code).toBe(0);
    await queryOne(target, "DELETE FROM products");
    const replaced = await runCli(["backup", "restore", file, "--target-url", target, "--replace"], env());
    expect(replaced.stderr).toBe("");
    expect(replaced.code).toBe(0);
    const source = await queryOne(test.config.DATABASE_URL, "SELECT count(*)::int AS count FROM products");
    expect(await queryOne(target, "SELECT count(*)::int AS count FROM products")).toEqual(source);
    expect(existsSync(file)).toBe(true);
  });
});
