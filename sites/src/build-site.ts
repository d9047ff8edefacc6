/**
 * Builds one store's site: `MALL_SNAPSHOT=… MALL_SITE_ORIGIN=… MALL_OUT_DIR=… tsx sites/src/build-site.ts`.
 * The server's build job runs this in a child process per build, so a
 * crashing or leaking build never takes the worker with it.
 */
import { build } from "astro";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = process.env.MALL_OUT_DIR;
if (!outDir || !process.env.MALL_SNAPSHOT) {
  process.stderr.write("MALL_SNAPSHOT and MALL_OUT_DIR are required\n");
  process.exit(2);
}
process.env.ASTRO_TELEMETRY_DISABLED = "1";
// Astro resolves some build folders (.astro/) from the working directory, and its prerender chunks must resolve packages from sites/.
process.chdir(root);
const started = Date.now();
await build({ root, outDir, logLevel: process.env.MALL_BUILD_LOG === "info" ? "info" : "error", telemetry: false } as Parameters<typeof build>[0]);
process.stdout.write(`${JSON.stringify({ ok: true, ms: Date.now() - started })}\n`);
