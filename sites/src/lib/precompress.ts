/**
 * The compressed twins of a build's text files, written at build time beside
 * each file (`index.html.br`, `index.html.gz`), so neither the Node
 * storefront nor nginx (gzip_static) compresses anything per request.
 * Images and fonts are compressed already and get none; a twin that would
 * not be smaller than its file is not written (the file is served as it is).
 * The output is deterministic (same bytes in, same twins out), so an
 * incremental build equals a full one byte for byte.
 */
import type { AstroIntegration } from "astro";
import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { isTwin } from "./twins.ts";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The files that get twins: text (pages, styles, scripts, data, feeds, vector images). */
const COMPRESSIBLE = /\.(html|css|js|mjs|json|xml|svg|txt|webmanifest)$/;

/**
 * Brotli's quality and gzip's level: the best (11, 9) for the hashed assets
 * (`_astro/`: scripts, styles; small, and the same bytes build after build).
 * Everything a build writes anew (pages, and the data files: search index,
 * category indexes, feeds, sitemap) gets brotli 5 and gzip 6. On pages: a
 * store has one per product (on a 54 KB home page brotli 11 took 36 ms of
 * CPU, 9 took 13 ms; on 300 product pages of a 10,000-product build, 44 KB
 * each, brotli 6 took 1.3 ms a page and 5 took 1.0 ms for 0.5 % more bytes;
 * gzip 9 took 0.8 ms and 6 took 0.6 ms for 0.3 % more). On data: brotli 11
 * costs grow faster than the file: on a 2.9 MB JSON of 10,000 products'
 * names, prices and pictures it took 37 s of CPU (load 13) against 1.1 s at 5,
 * for 675 KB against 800 KB, and a large store's build writes several such
 * files every time, incremental builds too: it was 45 % of a 2,000-product
 * build (precompress 46.8 s of 103.6 s) and 17.5 s of an incremental build
 * that rebuilt 60 pages.
 */
function brotliQuality(file: string): number {
  return file.startsWith("_astro/") ? 11 : 5;
}

function gzipLevel(file: string): number {
  return file.startsWith("_astro/") ? 9 : 6;
}

/** Writes (or, when not smaller, removes) the twins of one file's bytes; returns how many were written. */
async function writeTwins(dir: string, file: string, bytes: Buffer): Promise<number> {
  const path = join(dir, file);
  const [br, gz] = await Promise.all([
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: brotliQuality(file),
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    gzipAsync(bytes, { level: gzipLevel(file) }),
  ]);
  let written = 0;
  for (const [suffix, twin] of [
    [".br", br],
    [".gz", gz],
  ] as const) {
    if (twin.length < bytes.length) {
      await writeFile(`${path}${suffix}`, twin);
      written++;
    } else await rm(`${path}${suffix}`, { force: true });
  }
  return written;
}

const digest = (bytes: Buffer) => createHash("sha1").update(bytes).digest("hex");

/**
 * Writes the twins of `files` (paths relative to `dir`); returns how many twins were written.
 * `early` (from twinsWhileRendering) names the files whose twins were written during the build, by
 * a digest of the bytes they were made from: a file that still has those bytes is not compressed
 * again, any other is, and a twin whose file was never written is removed.
 */
export async function precompress(dir: string, files: string[], early = new Map<string, string>()): Promise<number> {
  if (early.size > 0) {
    const present = new Set(files);
    for (const file of files) if (isTwin(file) && !present.has(file.slice(0, -3))) await rm(join(dir, file), { force: true });
  }
  const queue = files.filter((file) => COMPRESSIBLE.test(file));
  let written = 0;
  const work = async () => {
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      const bytes = await readFile(join(dir, file));
      const made = early.get(file);
      if (made !== undefined && made === digest(bytes)) continue;
      // Not `written += await …`: that reads `written` before the wait, and the workers' counts overwrite each other.
      const twins = await writeTwins(dir, file, bytes);
      written += twins;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, work));
  return written;
}

/** Pages waiting for their twins during the build, at most: beyond it the rendering waits (their bytes are held until then). */
const IN_FLIGHT = 32;

/**
 * The compressing thread's code: the twins of one file per message, with
 * zlib's synchronous calls (an asynchronous call costs the sending thread
 * about a millisecond a page in setting up its streams, and runs on zlib's
 * pool of four threads, which took the rendering thread's core from it).
 * Answers the digest of the bytes it compressed, or the error.
 */
const TWIN_WORKER = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { mkdirSync, rmSync, writeFileSync } = require("node:fs");
const { dirname } = require("node:path");
const { brotliCompressSync, constants, gzipSync } = require("node:zlib");
parentPort.on("message", ({ id, path, bytes, quality, level }) => {
  try {
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    mkdirSync(dirname(path), { recursive: true });
    const twins = [
      [".br", brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } })],
      [".gz", gzipSync(data, { level })],
    ];
    for (const [suffix, twin] of twins) {
      if (twin.length < data.length) writeFileSync(path + suffix, twin);
      else rmSync(path + suffix, { force: true });
    }
    parentPort.postMessage({ id, digest: createHash("sha1").update(data).digest("hex") });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
`;

/**
 * Compresses each page and data file as Astro renders it, on a thread of its
 * own per spare core (one on a 2-core machine), so the twins are made while
 * the one JavaScript thread renders the next page (the twins of a
 * 10,000-product store's pages took as long as a third of its build, after
 * it). The file a response becomes is found as Astro finds it (build.format
 * "directory": `/p/x/` → `p/x/index.html`, `/404/` → `404.html`, an
 * endpoint's path as it is); precompress() then checks every file against the
 * bytes its twins were made from, so a page Astro wrote elsewhere or
 * differently only loses the head start.
 */
export function twinsWhileRendering(dir: string): {
  integration: AstroIntegration;
  early: Map<string, string>;
  /** Waits for the twins under way and ends the compressing threads (which keep the process alive until then). */
  settled: () => Promise<void>;
} {
  const early = new Map<string, string>();
  const waiting = new Map<number, { file: string; done: () => void }>();
  const wakers = new Set<() => void>();
  let workers: Worker[] = [];
  let next = 0;
  const settle = (id: number, digest?: string) => {
    const job = waiting.get(id);
    if (!job) return;
    waiting.delete(id);
    // A file without its early twins (an error here) gets them from precompress(), which reports what fails.
    if (digest) early.set(job.file, digest);
    job.done();
  };
  const startWorkers = () => {
    workers = Array.from({ length: Math.max(1, availableParallelism() - 1) }, () => {
      const worker = new Worker(TWIN_WORKER, { eval: true });
      worker.on("message", ({ id, digest }: { id: number; digest?: string }) => settle(id, digest));
      worker.on("error", () => {
        workers = workers.filter((w) => w !== worker);
        for (const id of [...waiting.keys()]) settle(id);
      });
      return worker;
    });
  };
  const woken = () => new Promise<void>((wake) => wakers.add(wake));
  const start = (file: string, bytes: Buffer) => {
    const worker = workers[next++ % workers.length];
    if (!worker) return;
    const id = next;
    waiting.set(id, {
      file,
      done: () => {
        for (const wake of wakers) wake();
        wakers.clear();
      },
    });
    worker.postMessage({ id, path: join(dir, file), bytes, quality: brotliQuality(file), level: gzipLevel(file) });
  };
  const integration: AstroIntegration = {
    name: "mall:twins-while-rendering",
    hooks: {
      "astro:build:start": ({ setPrerenderer }) =>
        setPrerenderer((base) => ({
          ...base,
          name: "mall:twins-while-rendering",
          async setup() {
            startWorkers();
            await base.setup?.();
          },
          async render(request, options) {
            const rendered = await base.render(request, options);
            const response = rendered instanceof Response ? rendered : rendered.response;
            if (response.status !== 200 || response.body === null) return rendered;
            const bytes = Buffer.from(await response.arrayBuffer());
            const file = outputFile(decodeURI(new URL(request.url).pathname), options.routeData.type);
            if (file && COMPRESSIBLE.test(file)) {
              while (waiting.size >= IN_FLIGHT && workers.length > 0) await woken();
              start(file, bytes);
            }
            const copy = new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
            return rendered instanceof Response ? copy : { ...rendered, response: copy };
          },
        })),
    },
  };
  return {
    integration,
    early,
    settled: async () => {
      while (waiting.size > 0 && workers.length > 0) await woken();
      await Promise.all(workers.map((worker) => worker.terminate()));
      workers = [];
    },
  };
}

/** The file Astro writes for a rendered path (build.format "directory"), relative to the output folder; null for a kind of route it does not cover. */
function outputFile(pathname: string, routeType: string): string | null {
  const path = pathname.replace(/\/+$/, "");
  if (routeType === "endpoint") return path.replace(/^\//, "") || null;
  if (routeType !== "page") return null;
  if (path === "/404" || path === "/500") return `${path.slice(1)}.html`;
  return `${path}/index.html`.replace(/^\//, "");
}
