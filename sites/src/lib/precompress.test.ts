import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompress } from "./precompress.ts";

/**
 * The twins precompress writes and the levels it writes them at: the best
 * (brotli 11, gzip 9) for the hashed assets under `_astro/`, brotli 5 and
 * gzip 6 for everything a build writes anew (pages, data). The expected sizes
 * come from node:zlib with the same parameters.
 */
const ASSET = "_astro/client.D4x9k2.js";
const PAGE = "p/shamdan/index.html";

/** Text that compresses as a build's files do, and differently at each level: words drawn from a small vocabulary. */
function text(seed: number, bytes: number, wrap: (words: string) => string): Buffer {
  const vocabulary = Array.from({ length: 300 }, (_, n) => `w${(n * 7919).toString(36)}${"abcdefghij".slice(0, n % 9)}`);
  let state = seed;
  const words: string[] = [];
  for (let length = 0; length < bytes;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const word = vocabulary[state % vocabulary.length]!;
    words.push(word);
    length += word.length + 1;
  }
  return Buffer.from(wrap(words.join(" ")));
}

const brotliSize = (bytes: Buffer, quality: number) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
const gzipSize = (bytes: Buffer, level: number) => gzipSync(bytes, { level }).length;

let dir: string;
const files: Record<string, Buffer> = {};
let written: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mall-precompress-"));
  files[ASSET] = text(1, 40_000, (words) => `export const names=${JSON.stringify(words.split(" "))};`);
  files[PAGE] = text(2, 40_000, (words) => `<!doctype html><html lang="fa" dir="rtl"><body><p>${words}</p></body></html>`);
  files["_astro/vazirmatn.woff2"] = Buffer.from("not text: fonts and images get no twins ".repeat(50));
  for (const [file, bytes] of Object.entries(files)) {
    await mkdir(join(dir, file, ".."), { recursive: true });
    await writeFile(join(dir, file), bytes);
  }
  written = await precompress(dir, Object.keys(files));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("precompress", () => {
  it("writes a brotli and a gzip twin of each text file that decompress to its bytes, and none for a font", async () => {
    expect(written).toBe(4);
    for (const file of [ASSET, PAGE]) {
      expect(brotliDecompressSync(await readFile(join(dir, `${file}.br`))).equals(files[file]!), `${file}.br`).toBe(true);
      expect(gunzipSync(await readFile(join(dir, `${file}.gz`))).equals(files[file]!), `${file}.gz`).toBe(true);
    }
    await expect(stat(join(dir, "_astro/vazirmatn.woff2.br"))).rejects.toThrow();
    await expect(stat(join(dir, "_astro/vazirmatn.woff2.gz"))).rejects.toThrow();
  });

  it("compresses a hashed asset at brotli 11 and gzip 9, and a page at brotli 5 and gzip 6", async () => {
    const size = async (file: string) => (await stat(join(dir, file))).size;
    const asset = files[ASSET]!;
    const page = files[PAGE]!;
    // The levels give different sizes on these files, so the sizes below tell the levels apart.
    expect(brotliSize(asset, 11)).toBeLessThan(brotliSize(asset, 5));
    expect(gzipSize(asset, 9)).toBeLessThan(gzipSize(asset, 6));
    expect(brotliSize(page, 5)).toBeGreaterThan(brotliSize(page, 11));
    expect(gzipSize(page, 6)).toBeGreaterThan(gzipSize(page, 9));

    expect(await size(`${ASSET}.br`)).toBeLessThanOrEqual(brotliSize(asset, 11));
    expect(await size(`${ASSET}.gz`)).toBeLessThanOrEqual(gzipSize(asset, 9));
    expect(await size(`${PAGE}.br`)).toBe(brotliSize(page, 5));
    expect(await size(`${PAGE}.gz`)).toBe(gzipSize(page, 6));
  });
});
