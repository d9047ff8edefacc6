import { describe, expect, it } from "vitest";
import { useTestPlatform } from "../test/test-platform.js";

const test = useTestPlatform();

describe("migrations", () => {
  it("build exactly the schema the entities describe (no change left for migration:generate)", async () => {
    const pending = await test.platform.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it("can be reverted and re-applied", async () => {
    const { dataSource } = test.platform;
    const count = dataSource.migrations.length;
    for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: "each" });
    const [{ tables }] = await dataSource.query(
      `SELECT count(*)::int AS tables FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
    );
    expect(tables).toBe(0);
    const ran = await dataSource.runMigrations({ transaction: "each" });
    expect(ran).toHaveLength(count);
  });
});
