import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../config/config.js";
import { startPgBouncer, type PgBouncer } from "../test/pgbouncer.js";
import { createTestConfig, destroyTestConfig } from "../test/test-platform.js";
import { withAdvisoryLock } from "./advisory-lock.js";
import { createDataSource } from "./data-source.js";
import type { DataSource } from "typeorm";

/**
 * Builds, channel posts and Instagram publishes of one store or product never
 * overlap, whichever process runs them, also behind PgBouncer in transaction
 * pooling mode, where one client's statements between transactions share
 * server connections with other clients (one server connection here, so they
 * always do).
 */
let config: Config;
let pooler: PgBouncer;
let pooled: DataSource;

beforeAll(async () => {
  config = await createTestConfig();
  const direct = new URL(config.DATABASE_URL);
  pooler = await startPgBouncer({ target: `${direct.hostname}:${direct.port || "5432"}`, poolSize: 1 });
  pooled = createDataSource({ url: pooler.through(config.DATABASE_URL), poolSize: 4, applicationName: "mall-advisory-lock-test" });
  await pooled.initialize();
});

afterAll(async () => {
  if (pooled?.isInitialized) await pooled.destroy();
  await pooler?.stop();
  if (config) await destroyTestConfig(config);
});

async function advisoryLocksHeld(): Promise<number> {
  const client = new pg.Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ held: number }>(
      `SELECT count(*)::int AS held FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()`,
    );
    return rows[0]!.held;
  } finally {
    await client.end();
  }
}

describe("withAdvisoryLock behind PgBouncer (transaction pooling)", () => {
  it("lets one holder of a key in at a time and leaves no lock behind", async () => {
    const spans: { start: number; end: number }[] = [];
    const hold = () =>
      withAdvisoryLock(pooled, "site-build:store-1", async () => {
        const start = Date.now();
        await new Promise((wake) => setTimeout(wake, 300));
        spans.push({ start, end: Date.now() });
      });
    await Promise.all([hold(), hold(), hold()]);
    spans.sort((x, y) => x.start - y.start);
    expect(spans).toHaveLength(3);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    expect(await advisoryLocksHeld()).toBe(0);
    // The key is free again for the next holder, on whatever server connection it lands.
    expect(await withAdvisoryLock(pooled, "site-build:store-1", async () => "again")).toBe("again");
  });

  it("releases the lock when the work fails", async () => {
    await expect(
      withAdvisoryLock(pooled, "telegram-sync:product-1", async () => {
        throw new Error("telegram said no");
      }),
    ).rejects.toThrow("telegram said no");
    expect(await advisoryLocksHeld()).toBe(0);
    expect(await withAdvisoryLock(pooled, "telegram-sync:product-1", async () => 1)).toBe(1);
  });
});
