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
        gzipAsync(bytes, { level: gzipLevel(file) }),
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
