import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * `npm run test:faults`: tests that take a dependency away for real (Redis
 * and PostgreSQL cut through a proxy, the worker process killed mid-build, a
 * gateway that never answers). They wait for recovery (BullMQ notices a dead
 * worker's job only after its lock runs out), so they are kept out of
 * `npm test`'s run and run on their own, one file at a time.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["server/src/**/*.faults.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    outputFile: { json: ".reports/vitest-faults.json" },
  },
});
