import { connect, type Socket } from "node:net";
import type { Readable } from "node:stream";

export type ScanResult = { clean: true } | { clean: false; signature: string };

/** Scans a stream of bytes; implementations fail closed (throw ScannerUnavailableError) rather than guess. */
export interface VirusScanner {
  scan(input: Readable): Promise<ScanResult>;
}

/** The scanner could not give a verdict (down, timed out, refused the stream). */
export class ScannerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScannerUnavailableError";
  }
}

export type ClamdTarget = { host: string; port: number } | { socket: string };

/** Larger pieces than this are split; clamd reads each chunk into memory. */
const MAX_CHUNK = 64 * 1024;

/**
 * A client of the ClamAV daemon's INSTREAM command: `zINSTREAM\0`, then
 * chunks each prefixed with its 4-byte big-endian length, then a zero-length
 * chunk; clamd answers `stream: OK`, `stream: <signature> FOUND`, or an error
 * (for instance when the stream passes its StreamMaxLength).
 */
export class ClamdScanner implements VirusScanner {
  constructor(
    private readonly target: ClamdTarget,
    private readonly timeoutMs = 60_000,
  ) {}

  scan(input: Readable): Promise<ScanResult> {
    return new Promise<ScanResult>((resolve, reject) => {
      const socket: Socket = "socket" in this.target ? connect(this.target.socket) : connect(this.target.port, this.target.host);
      let reply = "";
      let settled = false;
      const finish = (error: Error | undefined, result?: ScanResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        input.unpipe();
        input.destroy();
        socket.destroy();
        if (error) reject(error);
        else resolve(result!);
      };
      const timer = setTimeout(
        () => finish(new ScannerUnavailableError(`clamd did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      socket.setNoDelay(true);
      socket.on("error", (error) => finish(new ScannerUnavailableError(`clamd: ${error.message}`)));
      const onReply = () => {
        const line = reply.split("\0")[0]!.trim();
        const found = /^stream: (.+) FOUND$/.exec(line);
        if (line === "stream: OK") finish(undefined, { clean: true });
        else if (found) finish(undefined, { clean: false, signature: found[1]! });
        else finish(new ScannerUnavailableError(`clamd answered ${JSON.stringify(line || "nothing")}`));
      };
      socket.on("data", (data: Buffer) => {
        reply += data.toString("utf8");
        // In z-mode the reply ends with NUL; clamd may answer before the stream ends (size limit).
        if (reply.includes("\0")) onReply();
      });
      socket.on("end", onReply);
      socket.on("close", () => finish(new ScannerUnavailableError("clamd closed the connection without an answer")));
      socket.once("connect", () => {
        void this.send(socket, input).catch((error: Error) => finish(new ScannerUnavailableError(`clamd: ${error.message}`)));
      });
    });
  }

  private async send(socket: Socket, input: Readable): Promise<void> {
    const write = (data: Buffer) =>
      socket.write(data) ? Promise.resolve() : new Promise<void>((resolve) => socket.once("drain", resolve));
    await write(Buffer.from("zINSTREAM\0", "latin1"));
    for await (const chunk of input) {
      if (socket.destroyed) return;
      const buffer = chunk as Buffer;
      for (let offset = 0; offset < buffer.length; offset += MAX_CHUNK) {
        const piece = buffer.subarray(offset, offset + MAX_CHUNK);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(piece.length);
        await write(Buffer.concat([length, piece]));
      }
    }
    await write(Buffer.alloc(4));
  }
}

/** The scanner the configuration names, or none (uploads are then not scanned). */
export function createScanner(config: {
  CLAMD_HOST?: string;
  CLAMD_PORT: number;
  CLAMD_SOCKET?: string;
  CLAMD_TIMEOUT_MS: number;
}): VirusScanner | undefined {
  if (config.CLAMD_SOCKET) return new ClamdScanner({ socket: config.CLAMD_SOCKET }, config.CLAMD_TIMEOUT_MS);
  if (config.CLAMD_HOST) return new ClamdScanner({ host: config.CLAMD_HOST, port: config.CLAMD_PORT }, config.CLAMD_TIMEOUT_MS);
  return undefined;
}
