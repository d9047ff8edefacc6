import type { Readable } from "node:stream";

/**
 * Where media files live. One interface, two drivers (local disk, any
 * S3-compatible store), chosen by MEDIA_STORAGE. Keys are relative paths such
 * as `public/{storeId}/{mediaId}/{hash}-640w.webp`; only keys under `public/`
 * are meant to be served to shoppers (image originals, which may carry GPS
 * metadata, live under `private/`).
 */
export interface MediaStorage {
  readonly driver: "local" | "s3";
  /** Writes an object; a reader never sees a half-written one. Overwriting a key with the same bytes is harmless. */
  put(key: string, body: Readable | Buffer, contentType: string): Promise<void>;
  /** The object's bytes as a stream; StorageNotFoundError when it does not exist. */
  stream(key: string): Promise<Readable>;
  /** The object's bytes; for small objects (images, posters). */
  get(key: string): Promise<Buffer>;
  /** Removes an object; removing a missing one is not an error, so a retried deletion is harmless. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every key under a prefix (a folder: ends with `/`). */
  list(prefix: string): Promise<string[]>;
  /** The public address of a key (only meaningful under `public/`). */
  url(key: string): string;
  close(): Promise<void>;
}

export class StorageNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no object at ${key}`);
    this.name = "StorageNotFoundError";
  }
}

/** Every object answers with this: keys carry a content hash, so a URL's bytes never change. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/**
 * Refuses any key that is not a plain relative path of safe segments: no `..`,
 * no leading dot or slash, no backslash, no empty segment. Keys are made by
 * the platform, so a bad one is a bug, never user input to repair.
 */
export function assertValidKey(key: string): void {
  if (
    key.length > 512 ||
    !KEY_PATTERN.test(key) ||
    key.split("/").some((segment) => segment === "." || segment === ".." || segment.startsWith("."))
  ) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
}

export function assertValidPrefix(prefix: string): void {
  if (!prefix.endsWith("/")) throw new Error(`a prefix ends with "/": ${JSON.stringify(prefix)}`);
  assertValidKey(prefix.slice(0, -1));
}
