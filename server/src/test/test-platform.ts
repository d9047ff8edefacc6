import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { parseConfig, type Config } from "../config/config.js";
import { dropDatabase, ensureDatabase } from "../db/admin.js";
import { createPlatform, type ProcessPlatform } from "../main/platform.js";
import { testDatabaseUrl } from "./database-url.js";
import { throughPooler } from "./pgbouncer.js";

/** A name for this test file's database and Redis prefix, traceable to the file. */
function fileTag(): string {
  const file = expect.getState().testPath ?? "unknown";
  const stem = basename(file)
    .replace(/\.test\.ts$/, "")
    .replace(/[^a-z0-9]+/gi, "_")
    .toLowerCase()
    .slice(0, 30);
  return `${stem}_${randomBytes(4).toString("hex")}`;
}

/**
 * A configuration of this test file's own: a fresh database cloned from the
 * migrated template, a Redis key prefix no other file uses, silent logs.
 */
export async function createTestConfig(overrides: Record<string, string> = {}): Promise<Config> {
  const base = parseConfig(process.env);
  const tag = fileTag();
  const url = testDatabaseUrl(base.DATABASE_URL, `mall_t_${tag}`);
  await ensureDatabase(url, inject("templateDatabase"));
  // In the `pooled` project (pgbouncer-setup.ts) the processes reach this database through PgBouncer.
  const pgbouncerPort = inject("pgbouncerPort");
  // Files (media, built sites) go to a folder of this test file's own.
  const dataDir = mkdtempSync(join(tmpdir(), `mall-${tag}-`));
  // The product cache is forgotten by a worker listening to the outbox, which most tests do not run: off unless a test asks for it.
  return parseConfig({
    ...process.env,
    DATABASE_URL: pgbouncerPort ? throughPooler(url, pgbouncerPort) : url,
    REDIS_PREFIX: `mall-test:${tag}`,
    LOG_LEVEL: "silent",
    PORT: "0",
    DATA_DIR: dataDir,
    PRODUCT_CACHE_SECONDS: "0",
    ...overrides,
  });
}

/** Drops a test database, its files and every Redis key under its prefix. */
export async function destroyTestConfig(config: Config): Promise<void> {
  await dropDatabase(config.DATABASE_URL);
  if (config.DATA_DIR.startsWith(tmpdir())) rmSync(config.DATA_DIR, { recursive: true, force: true });
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${config.REDIS_PREFIX}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/**
 * A platform (database, Redis, queues) of this test file's own, created in
 * beforeAll and torn down in afterAll. Read `.platform` inside tests.
 */
export function useTestPlatform(overrides: Record<string, string> = {}): { readonly platform: ProcessPlatform; readonly config: Config } {
  let platform: ProcessPlatform | undefined;
  let config: Config | undefined;
  beforeAll(async () => {
    config = await createTestConfig(overrides);
    platform = await createPlatform(config, "test");
  });
  afterAll(async () => {
    await platform?.close();
    if (config) await destroyTestConfig(config);
  });
  return {
    get platform() {
      if (!platform) throw new Error("useTestPlatform: used outside a test");
      return platform;
    },
    get config() {
      if (!config) throw new Error("useTestPlatform: used outside a test");
      return config;
    },
  };
}
