import { spawn } from "node:child_process";
import { copyFile, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const WORKSPACES = ["server", "admin", "bots", "cli"] as const;

/**
 * Tests drive the CLI staff run: compiled JavaScript, laid out as the
 * production image lays it (scripts/check-image.sh). Once per test run (and
 * only when a test file of the run uses the CLI), the production build
 * (`tsconfig.build.json`, as `npm run build`) is compiled into
 * `build/test-<pid>/`, each workspace gets its package.json and an
 * `@mall/<workspace>` link there, and `cli/bin/run.js` beside the compiled
 * commands, so Node resolves every workspace import to compiled files and
 * tsx is never loaded. The build runs in the background while the first
 * tests start; `runCli` waits for it (the marker files below).
 */
export function compiledCliDir(pid = process.pid): string {
  return join(ROOT, "build", `test-${pid}`);
}

/** Written when the build is ready (holds nothing) or has failed (holds tsc's output). */
export const READY_MARKER = ".ready";
export const FAILED_MARKER = ".failed";

export async function startCompiledCliBuild(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const started = Date.now();
  const child = spawn(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", dir, "--sourceMap", "false"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.on("close", (code) => {
    // 2: type errors, JavaScript still written. Type errors are `npm run check`'s to report; these tests need the emitted code.
    const finish =
      code === 0 || code === 2
        ? layOut(dir).then(() => writeFile(join(dir, READY_MARKER), `${Date.now() - started}`))
        : Promise.reject(new Error(`tsc -p tsconfig.build.json failed:\n${output}`));
    finish.catch((error: unknown) =>
      writeFile(join(dir, FAILED_MARKER), error instanceof Error ? error.message : String(error)).catch(() => {}),
    );
  });
}

/** The image's layout around the compiled code: package.json files, `@mall/*` links, the CLI's entry, the site sources Node runs as they are. */
async function layOut(dir: string): Promise<void> {
  for (const workspace of WORKSPACES) {
    await mkdir(join(dir, workspace), { recursive: true });
    await copyFile(join(ROOT, workspace, "package.json"), join(dir, workspace, "package.json"));
    await mkdir(join(dir, "node_modules", "@mall"), { recursive: true });
    await symlink(relative(join(dir, "node_modules", "@mall"), join(dir, workspace)), join(dir, "node_modules", "@mall", workspace));
    // A workspace's own (unhoisted) dependencies.
    if (existsSync(join(ROOT, workspace, "node_modules")))
      await symlink(join(ROOT, workspace, "node_modules"), join(dir, workspace, "node_modules"));
  }
  await mkdir(join(dir, "cli", "bin"), { recursive: true });
  await copyFile(join(ROOT, "cli", "bin", "run.js"), join(dir, "cli", "bin", "run.js"));
  // tsc wrote the few site modules the server imports types from; Node runs the site build from its sources (erasable TypeScript).
  await rm(join(dir, "sites"), { recursive: true, force: true });
  await symlink(join(ROOT, "sites"), join(dir, "sites"));
}

/** Waits for the background build; the CLI's entry point once it is ready. */
export async function waitForCompiledCli(dir: string, timeoutMs = 300_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(join(dir, READY_MARKER))) return join(dir, "cli", "bin", "run.js");
    if (existsSync(join(dir, FAILED_MARKER))) throw new Error(await readFile(join(dir, FAILED_MARKER), "utf8"));
    await new Promise((wake) => setTimeout(wake, 200));
  }
  throw new Error(`the compiled CLI was not built within ${timeoutMs / 1000} s (${dirname(dir)})`);
}

/** Whether a test file spawns the CLI (imports the run-cli helper). */
export async function usesCli(file: string): Promise<boolean> {
  return (await readFile(file, "utf8").catch(() => "")).includes("test/run-cli.js");
}
