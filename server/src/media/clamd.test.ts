import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClamdDaemon, eicar, EICAR_SIGNATURE } from "../test/clamd-daemon.js";
import { photo } from "../test/media-fixtures.js";
import { ClamdScanner, ScannerUnavailableError } from "./clamd.js";

let clamd: ClamdDaemon;

beforeAll(async () => {
  clamd = await ClamdDaemon.start();
  // Reported so the figure can be checked on CI: the one-signature database loads in about a second.
  process.stdout.write(`clamd started in ${clamd.startedInMs} ms\n`);
});
afterAll(async () => {
  await clamd?.stop();
});

describe("the clamd INSTREAM client, against the real clamd", () => {
  it("passes a clean file", async () => {
    const scanner = new ClamdScanner({ host: "127.0.0.1", port: clamd.port }, 10_000);
    expect(await scanner.scan(Readable.from([await photo(200, 150)]))).toEqual({ clean: true });
  });

  it("finds EICAR, also in a stream cut into many small chunks", async () => {
    const scanner = new ClamdScanner({ host: "127.0.0.1", port: clamd.port }, 10_000);
    expect(await scanner.scan(Readable.from([eicar()]))).toEqual({ clean: false, signature: EICAR_SIGNATURE });
    const padded = Buffer.concat([Buffer.alloc(200_000, 0x20), eicar(), Buffer.alloc(100, 0x20)]);
    const pieces = Array.from({ length: Math.ceil(padded.length / 7001) }, (_, i) => padded.subarray(i * 7001, (i + 1) * 7001));
    expect(await scanner.scan(Readable.from(pieces))).toEqual({ clean: false, signature: EICAR_SIGNATURE });
  });

  it("fails closed when nothing listens", async () => {
    const scanner = new ClamdScanner({ host: "127.0.0.1", port: 1 }, 2000);
    await expect(scanner.scan(Readable.from([Buffer.from("x")]))).rejects.toBeInstanceOf(ScannerUnavailableError);
  });

  it("fails closed when clamd refuses the stream as too long", async () => {
    const small = await ClamdDaemon.start({ streamMaxLength: "1M" });
    try {
      const scanner = new ClamdScanner({ host: "127.0.0.1", port: small.port }, 10_000);
      await expect(scanner.scan(Readable.from([Buffer.alloc(3 * 1024 * 1024, 1)]))).rejects.toBeInstanceOf(ScannerUnavailableError);
    } finally {
      await small.stop();
    }
  });
});
