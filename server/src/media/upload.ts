import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import type { IncomingMessage } from "node:http";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { fileTypeFromBuffer } from "file-type";
import { DomainError } from "../core/errors.js";
import { acceptedType, type AcceptedType, type UploadKind } from "./file-types.js";
import { FILE_FIELD, FileRequiredError, FileTooLargeError, UnsupportedFileTypeError } from "./media.errors.js";

/** file-type's recommended sample: enough to tell every format it knows. */
const SNIFF_BYTES = 4100;

export interface UploadLimits {
  maxImageBytes: number;
  maxVideoBytes: number;
}

/** An upload on the local disk, received and sniffed but not yet checked further. */
export interface ReceivedFile {
  path: string;
  filename: string;
  bytes: number;
  /** sha256 of the whole file, hex. */
  sha256: string;
  type: AcceptedType;
  /** Deletes the temporary file; safe to call more than once. */
  dispose(): Promise<void>;
}

/**
 * Receives the one file of a multipart request (field `file`) into a
 * temporary file, streaming: the bytes pass through a hash and a counter on
 * their way to disk and are never held whole in memory. Its type is read
 * from the first bytes as they arrive, so a file of a refused type, or one
 * past its kind's size limit, is refused at once rather than after the last
 * byte. On any refusal the temporary file is gone before this returns, and
 * the rest of the request body is drained so the client reads the answer.
 */
export async function receiveUpload(
  req: IncomingMessage,
  options: UploadLimits & { tmpDir: string; kinds: readonly UploadKind[] },
): Promise<ReceivedFile> {
  const hardLimit = Math.max(options.maxImageBytes, options.kinds.includes("video") ? options.maxVideoBytes : 0);
  if (
    !String(req.headers["content-type"] ?? "")
      .toLowerCase()
      .startsWith("multipart/form-data")
  ) {
    drain(req);
    throw new FileRequiredError();
  }
  // A declared body larger than any file could be is refused before a byte of it is read.
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > hardLimit + 64 * 1024) {
    drain(req);
    throw new FileTooLargeError(
      options.kinds.includes("video") ? "video" : "image",
      options.kinds.includes("video") ? options.maxVideoBytes : options.maxImageBytes,
    );
  }
  await mkdir(options.tmpDir, { recursive: true });
  const path = join(options.tmpDir, `upload-${randomUUID()}`);
  const dispose = () => rm(path, { force: true });

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: hardLimit + 1, fields: 20, fieldSize: 4096, parts: 25 } });
  } catch {
    drain(req);
    throw new FileRequiredError();
  }

  try {
    const received = await new Promise<Omit<ReceivedFile, "dispose">>((resolve, reject) => {
      let fileSeen = false;
      let writing: Promise<Omit<ReceivedFile, "dispose">> | undefined;
      const fail = (error: unknown) => {
        req.unpipe(parser);
        drain(req);
        reject(error);
      };
      parser.on("file", (field, file, info) => {
        if (field !== FILE_FIELD || fileSeen) {
          file.resume();
          return;
        }
        fileSeen = true;
        const inspector = new UploadInspector(options, hardLimit);
        writing = pipeline(file, inspector, createWriteStream(path, { flags: "wx" })).then(() => {
          if ((file as { truncated?: boolean }).truncated) throw inspector.tooLarge();
          return { path, filename: info.filename ?? "", bytes: inspector.bytes, sha256: inspector.digest(), type: inspector.type! };
        });
        writing.catch(fail);
      });
      // A body busboy can't read (cut short, no closing boundary) is the client's mistake, not a 500.
      parser.on("error", () =>
        fail(
          new DomainError(
            "invalid",
            "upload_malformed",
            "فایل درست فرستاده نشد (بدنهٔ multipart ناقص است)؛ لطفاً دوباره بفرستید.",
            FILE_FIELD,
          ),
        ),
      );
      parser.on("close", () => {
        if (!writing) return fail(new FileRequiredError());
        writing.then(resolve, fail);
      });
      // The client went away before the body ended (`aborted` is deprecated; `close` without `complete` says the same).
      req.on("close", () => {
        if (!req.complete)
          fail(new DomainError("invalid", "upload_aborted", "ارسال فایل نیمه‌کاره ماند؛ لطفاً دوباره بفرستید.", FILE_FIELD));
      });
      req.pipe(parser);
    });
    return { ...received, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Counts, hashes and sniffs the bytes on their way to disk; fails as soon as the file is refused. */
class UploadInspector extends Transform {
  bytes = 0;
  type: AcceptedType | undefined;
  private readonly hash = createHash("sha256");
  private head: Buffer[] = [];
  private headBytes = 0;

  constructor(
    private readonly options: UploadLimits & { kinds: readonly UploadKind[] },
    private readonly hardLimit: number,
  ) {
    super();
  }

  private limit(): number {
    if (!this.type) return this.hardLimit;
    return this.type.kind === "image" ? this.options.maxImageBytes : this.options.maxVideoBytes;
  }

  tooLarge(): FileTooLargeError {
    const kind = this.type?.kind ?? "image";
    return new FileTooLargeError(kind, kind === "image" ? this.options.maxImageBytes : this.options.maxVideoBytes);
  }

  digest(): string {
    return this.hash.digest("hex");
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    if (this.bytes > this.limit()) return callback(this.tooLarge());
    if (this.type) return callback(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) return callback();
    this.sniff().then(() => {
      const held = Buffer.concat(this.head);
      this.head = [];
      if (this.bytes > this.limit()) return callback(this.tooLarge());
      callback(null, held);
    }, callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.type) return callback();
    this.sniff().then(() => callback(null, Buffer.concat(this.head)), callback);
  }

  private async sniff(): Promise<void> {
    const detected = await fileTypeFromBuffer(Buffer.concat(this.head).subarray(0, SNIFF_BYTES));
    const type = acceptedType(detected?.mime, this.options.kinds);
    if (!type) {
      if (this.headBytes === 0) throw new FileRequiredError();
      throw new UnsupportedFileTypeError(this.options.kinds.includes("video"));
    }
    this.type = type;
  }
}

/** Reads and discards what is left of a request body, so the client gets to read our answer. */
function drain(req: IncomingMessage): void {
  req.resume();
}
