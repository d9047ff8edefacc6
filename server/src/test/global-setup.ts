import type { TestProject } from "vitest/node";
import { parseConfig } from "../config/config.js";
import { dropDatabase, ensureDatabase } from "../db/admin.js";
import { createDataSource } from "../db/data-source.js";
import { testDatabaseUrl } from "./database-url.js";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates a template database once per run; each test file clones it (CREATE DATABASE … TEMPLATE). */
export default async function setup(project: TestProject) {
  const base = parseConfig(process.env).DATABASE_URL;
  const name = `mall_test_template_${process.pid}`;
  const url = testDatabaseUrl(base, name);
  await dropDatabase(url);
  await ensureDatabase(url);
  const dataSource = createDataSource({ url, applicationName: "mall-test-template" });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: "each" });
  await dataSource.destroy();
  project.provide("templateDatabase", name);
  return async () => {
    await dropDatabase(url);
  };
}
