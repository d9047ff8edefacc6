import type { TestProject } from "vitest/node";
import { parseConfig } from "../config/config.js";
import { startPgBouncer } from "./pgbouncer.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The port of the PgBouncer (transaction pooling) every test file's DATABASE_URL goes through, in the `pooled` project. */
    pgbouncerPort?: number;
  }
}

/**
 * The `pooled` project of `npm run test:faults`: one real PgBouncer in
 * transaction pooling mode in front of the test PostgreSQL, and every test
 * file's DATABASE_URL through it (createTestConfig), so the checkout, payment
 * and catalog suites run as they would behind the pooler in production.
 * Creating and dropping each file's database still goes straight to PostgreSQL.
 */
export default async function setup(project: TestProject) {
  const direct = new URL(parseConfig(process.env).DATABASE_URL);
  // A small pool, so statements of one client really do land on different server connections.
  const pooler = await startPgBouncer({ target: `${direct.hostname}:${direct.port || "5432"}`, poolSize: 4 });
  project.provide("pgbouncerPort", pooler.port);
  return async () => {
    const transactions = await pooler.transactions();
    await pooler.stop();
    // The run proves nothing unless the suites' queries really went through the pooler.
    if (transactions < 100) throw new Error(`only ${transactions} transactions went through PgBouncer: the pooled project did not use it`);
  };
}
