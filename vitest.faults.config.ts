import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * `npm run test:faults`, two projects:
 *
 * - `faults`: tests that take a dependency away for real (Redis and
 *   PostgreSQL cut through a proxy, the worker process killed mid-build, a
 *   gateway that never answers, a server and a worker stopped under load
 *   behind nginx). They wait for recovery (BullMQ notices a dead worker's job
 *   only after its lock runs out), so they are kept out of `npm test`'s run
 *   and run on their own, one file at a time.
 * - `pooled`: the checkout, payment, catalog and site-build suites of
 *   `npm test` again, with every process's DATABASE_URL through a real
 *   PgBouncer in transaction pooling mode (server/src/test/pgbouncer-setup.ts).
 *
 * One project alone: `npm run test:faults -- --project pooled`.
 */
const POOLED = [
  "server/src/catalog/*.test.ts",
  "server/src/orders/*.test.ts",
  "server/src/payments/*.test.ts",
  "server/src/sites/site-build*.test.ts",
  "server/src/main/replicas.test.ts",
];

// Each project names its own files and global setup: with `extends: true`, lists set here would be added to the projects'.
const { include: _include, exclude: _exclude, globalSetup: _globalSetup, ...shared } = base.test!;

export default defineConfig({
  ...base,
  test: {
    ...shared,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    outputFile: { json: ".reports/vitest-faults.json" },
    projects: [
      {
        extends: true,
        test: {
          name: "faults",
          include: ["server/src/**/*.faults.test.ts"],
          globalSetup: ["server/src/test/global-setup.ts"],
          exclude: ["**/node_modules/**", "**/dist/**"],
          fileParallelism: false,
          // Projects with different worker counts run as separate groups (Vitest refuses them in one): the faults first, one file at a time.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "pooled",
          include: POOLED,
          exclude: ["**/node_modules/**", "**/dist/**", "**/*.faults.test.ts", "**/*browser*.test.ts"],
          globalSetup: ["server/src/test/global-setup.ts", "server/src/test/pgbouncer-setup.ts"],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
