import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertValidKey, assertValidPrefix, StorageNotFoundError, type MediaStorage } from "./storage.js";

/**
 * Media on the local disk, under one folder. The server serves its `public/`
 * part at /media (media-static.ts). Writes go to a temporary name beside the
 * target and are renamed into place, so a crash never leaves half a file
 * under a real key.
 */
export class LocalStorage implements MediaStorage {
  readonly driver = "local";
  readonly root: string;

  constructor(
    root: string,
    private readonly publicBase: string,
  ) {
    this.root = resolve(root);
  }

  /** The file of a key, refusing anything that would resolve outside the root. */
  pathOf(key: string): string {
    assertValidKey(key);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`storage key escapes the root: ${key}`);
    return path;
  }

  async put(key: string, body: Readable | Buffer, _contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString("hex")}.part`;
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(temporary, { flags: "wx" }));
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async stream(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    if (!(await this.exists(key))) throw new StorageNotFoundError(key);
    return createReadStream(path);
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isNotFound(error)) throw new StorageNotFoundError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    // Empty folders left behind would pile up, one per deleted upload.
    let folder = dirname(path);
    while (folder.startsWith(this.root + sep)) {
      try {
        await rmdir(folder);
      } catch {
        break;
      }
      folder = dirname(folder);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix);
    const folder = this.pathOf(prefix.slice(0, -1));
    const keys: string[] = [];
    const walk = async (dir: string) => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile() && !entry.name.endsWith(".part")) keys.push(relative(this.root, path).split(sep).join("/"));
      }
    };
    await walk(folder);
    return keys.sort();
  }

  url(key: string): string {
    assertValidKey(key);
    return `${this.publicBase.replace(/\/+$/, "")}/${key}`;
  }

  async close(): Promise<void> {}
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "ENOENT" || code === "ENOTDIR";
}
