import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import type { Config } from "@mall/server/config/config.js";
import { waitForCompiledCli } from "@mall/server/test/compiled-cli.js";

/** The CLI's entry point in the sources (tsx compiles it as it loads): only when no compiled build was made for this run. */
const SOURCE_BIN = fileURLToPath(new URL("../../bin/run.js", import.meta.url));

/**
 * The CLI's entry point as staff run it: the compiled build the test run's
 * global setup makes (server/src/test/compiled-cli.ts), waited for if it is
 * still compiling.
 */
export async function cliBin(): Promise<string> {
  const dir = inject("compiledCli");
  return dir ? waitForCompiledCli(dir) : SOURCE_BIN;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stderr split into its non-empty lines. */
  errorLines: string[];
}

/** The environment a test's CLI runs in: this file's database and Redis prefix, no logs. */
export function cliEnv(config: Pick<Config, "DATABASE_URL" | "REDIS_PREFIX">, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: config.DATABASE_URL, REDIS_PREFIX: config.REDIS_PREFIX, LOG_LEVEL: "silent", ...overrides };
}

/**
 * Runs `mall ARGS` as a child process with stdin not a terminal (so it never
 * prompts), under the Node that runs the tests.
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  const bin = await cliBin();
  // Each run loads TypeORM and the services (~0.5 s of CPU); on a 2-core machine running other test files, a dozen at once would time out.
  while (running >= MAX_PARALLEL) await new Promise<void>((wake) => waiting.push(wake));
  running++;
  try {
    return await spawnCli(bin, args, env, timeoutMs);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const MAX_PARALLEL = 3;
let running = 0;
const waiting: Array<() => void> = [];

function spawnCli(bin: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, errorLines: stderr.split("\n").filter((line) => line.trim() !== "") }));
  });
}

/** Runs a CLI command that must succeed with `--json`, and returns its parsed output. */
export async function runJson<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const result = await runCli([...args, "--json"], env);
  if (result.code !== 0) throw new Error(`mall ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
