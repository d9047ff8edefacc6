/**
 * The compressed twins of a build's text files, written at build time beside
 * each file (`index.html.br`, `index.html.gz`), so neither the Node
 * storefront nor nginx (gzip_static) compresses anything per request.
 * Images and fonts are compressed already and get none; a twin that would
 * not be smaller than its file is not written (the file is served as it is).
 * The output is deterministic (same bytes in, same twins out), so an
 * incremental build equals a full one byte for byte.
 */
import { readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The files that get twins: text (pages, styles, scripts, data, feeds, vector images). */
const COMPRESSIBLE = /\.(html|css|js|mjs|json|xml|svg|txt|webmanifest)$/;
export const TWIN_SUFFIXES = [".br", ".gz"] as const;

/**
 * Brotli's quality: 11 (its best) for the shared assets and data, written
 * once per build and linked into the next ones. Pages get 6: a store has one
 * per product, and on a 54 KB home page quality 11 took 36 ms of CPU (9: 13
 * ms, 6: 1.4 ms) for 10 % fewer bytes than 6 (6,812 / 7,599) — minutes more
 * on a 10,000-product build, whose goal is 30 s in all (issue 25).
 */
function brotliQuality(file: string): number {
  return file.endsWith(".html") ? 6 : 11;
}

export function isTwin(file: string): boolean {
  return TWIN_SUFFIXES.some((suffix) => file.endsWith(suffix));
}

/** Writes the twins of `files` (paths relative to `dir`); returns how many twins were written. */
export async function precompress(dir: string, files: string[]): Promise<number> {
  const queue = files.filter((file) => COMPRESSIBLE.test(file));
  let written = 0;
  const work = async () => {
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      const path = join(dir, file);
      const bytes = await readFile(path);
      const [br, gz] = await Promise.all([
        brotli(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: brotliQuality(file),
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }),
        gzipAsync(bytes, { level: 9 }),
      ]);
      if (br.length < bytes.length) {
        await writeFile(`${path}.br`, br);
        written++;
      }
      if (gz.length < bytes.length) {
        await writeFile(`${path}.gz`, gz);
        written++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, work));
  return written;
}
