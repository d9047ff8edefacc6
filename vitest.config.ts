import { defineConfig } from "vitest/config";

/**
 * One run for the whole monorepo. Each test file gets its own database
 * (cloned from a template migrated once in globalSetup) and its own Redis
 * key prefix, so files run in parallel and never see each other's data.
 */
export default defineConfig({
  test: {
    include: ["{locale,server,admin,cli,bots,sites,e2e}/**/*.test.ts"],
    // Fault tests (Redis/PostgreSQL cut, the worker killed, a hanging gateway) run with `npm run test:faults`.
    exclude: ["**/node_modules/**", "**/dist/**", "**/*.faults.test.ts"],
    globalSetup: ["server/src/test/global-setup.ts"],
    pool: "forks",
    // Files share a worker's module graph (each still gets its own database and Redis prefix): the suite evaluates
    // server, AdminJS and Astro modules once per worker instead of once per file, which was about a quarter of its time.
    isolate: false,
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: "silent", NODE_ENV: "test" },
    reporters: ["default", "json"],
    outputFile: { json: ".reports/vitest.json" },
  },
});
