import { createHash } from "node:crypto";

/**
 * A JSON answer serialised once, with its entity tag: what a cache keeps so
 * that a hit sends bytes instead of parsing, serialising and hashing the same
 * value on every request. The HTTP layer sends it as it is (http/route.ts).
 */
export class PreparedJson {
  private constructor(
    /** The UTF-8 JSON text. */
    readonly body: Buffer,
    /** A weak ETag of the body, the same one Express computes for a body it sends (`W/"<length>-<sha1>"`). */
    readonly etag: string,
  ) {}

  static of(value: unknown): PreparedJson {
    return PreparedJson.fromBody(Buffer.from(JSON.stringify(value), "utf8"));
  }

  static fromBody(body: Buffer): PreparedJson {
    const hash = createHash("sha1").update(body).digest("base64").substring(0, 27);
    return new PreparedJson(body, `W/"${body.length.toString(16)}-${hash}"`);
  }

  /** Rebuilds one from what `serialise` wrote (the tag, a newline, the body). */
  static parse(stored: Buffer): PreparedJson | undefined {
    const newline = stored.indexOf(10);
    if (newline <= 0) return undefined;
    return new PreparedJson(stored.subarray(newline + 1), stored.toString("latin1", 0, newline));
  }

  /** The tag and the body in one value, for a cache that stores bytes. */
  serialise(): Buffer {
    return Buffer.concat([Buffer.from(`${this.etag}\n`, "latin1"), this.body]);
  }

  /** The value again (tests, and callers that need to look inside). */
  value<T = unknown>(): T {
    return JSON.parse(this.body.toString("utf8")) as T;
  }
}
