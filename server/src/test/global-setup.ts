import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { parseConfig } from "../config/config.js";
import { dropDatabase, ensureDatabase } from "../db/admin.js";
import { createDataSource } from "../db/data-source.js";
import { compiledCliDir, startCompiledCliBuild, usesCli } from "./compiled-cli.js";
import { testDatabaseUrl } from "./database-url.js";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
    /** Where this run's compiled CLI is built ("" when no test file of the run spawns the CLI). */
    compiledCli: string;
  }
}

/** Migrates a template database once per run; each test file clones it (CREATE DATABASE … TEMPLATE). */
export default async function setup(project: TestProject) {
  // The compiled CLI builds in the background while the template database is migrated and the first tests run.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
  const files = (await project.vitest.globTestSpecifications(filters)).map((spec) => spec.moduleId);
  const cliDir = (await Promise.all(files.map(usesCli))).some(Boolean) ? compiledCliDir() : "";
  if (cliDir) await startCompiledCliBuild(cliDir);
  project.provide("compiledCli", cliDir);
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
    if (cliDir) await rm(cliDir, { recursive: true, force: true });
  };
}
