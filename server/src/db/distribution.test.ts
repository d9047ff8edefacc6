import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useTestPlatform } from "../test/test-platform.js";
import { citusCalls, distributionPlan, type Queryable } from "./distribution.js";

/**
 * The schema the migrations build can be distributed by store_id (Citus): read
 * from PostgreSQL, not from the entities. The last tests break the schema on
 * purpose, inside a transaction that is rolled back, to show the check fails.
 */
const test = useTestPlatform();

/** Runs the check against a schema changed by `breakIt`, then rolls the change back. */
async function problemsAfter(breakIt: (db: Queryable) => Promise<void>): Promise<string[]> {
  const runner = test.platform.dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
    const db: Queryable = { query: (sql, parameters) => runner.query(sql, parameters) };
    await breakIt(db);
    return (await distributionPlan(db)).problems;
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe("distribution by store_id", () => {
  it("holds for every table the migrations build: store_id in every primary and unique key and in every foreign key between store tables", async () => {
    const plan = await distributionPlan(test.platform.dataSource);
    expect(plan.problems).toEqual([]);
    expect(plan.reference).toEqual(["stores", "tenants", "users"]);
    expect(plan.distributed).toEqual(
      expect.arrayContaining(["products", "product_instances", "orders", "order_lines", "payments", "media", "categories"]),
    );
  });

  it("is what docs/scaling.md tells operators to run", async () => {
    const plan = await distributionPlan(test.platform.dataSource);
    const doc = readFileSync(new URL("../../../docs/scaling.md", import.meta.url), "utf8");
    for (const call of citusCalls(plan)) expect(doc).toContain(call);
  });

  it("fails when a primary key loses store_id", async () => {
    const problems = await problemsAfter(async (db) => {
      const [primary] = await db.query<Array<{ name: string }>>(
        `SELECT conname AS name FROM pg_constraint WHERE conrelid = 'products'::regclass AND contype = 'p'`,
      );
      await db.query(`ALTER TABLE products DROP CONSTRAINT "${primary!.name}" CASCADE`);
      await db.query(`ALTER TABLE products ADD PRIMARY KEY (id)`);
    });
    expect(problems).toContain("products: primary key (id) lacks store_id");
  });

  it("fails when a unique key leaves store_id out", async () => {
    const problems = await problemsAfter(async (db) => {
      await db.query(`CREATE UNIQUE INDEX products_slug_alone ON products (slug)`);
    });
    expect(problems).toEqual(["products: unique key products_slug_alone (slug) lacks store_id"]);
  });

  it("fails when a foreign key between store tables does not carry store_id", async () => {
    const problems = await problemsAfter(async (db) => {
      // What a careless migration would add: a key on id alone, and a foreign key to it.
      await db.query(`CREATE UNIQUE INDEX products_id_alone ON products (id)`);
      await db.query(`ALTER TABLE media ADD CONSTRAINT media_product_alone FOREIGN KEY (product_id) REFERENCES products (id)`);
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "products: unique key products_id_alone (id) lacks store_id",
        "media: foreign key media_product_alone (product_id) → products (id) does not carry store_id to store_id",
      ]),
    );
  });

  it("fails when a store table's store_id column is dropped, or a new table is not classified", async () => {
    const problems = await problemsAfter(async (db) => {
      await db.query(`ALTER TABLE media_infections DROP COLUMN store_id`);
      await db.query(`CREATE TABLE wishlists (id uuid PRIMARY KEY, user_id uuid NOT NULL)`);
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "media_infections: has no store_id and is not classified as a reference or platform table in distribution.ts",
        "wishlists: has no store_id and is not classified as a reference or platform table in distribution.ts",
      ]),
    );
  });
});
