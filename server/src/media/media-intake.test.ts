import { randomBytes } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorMiddleware } from "../http/error-middleware.js";
import { systemContext } from "../core/context.js";
import { ClamdDaemon, eicar, EICAR_SIGNATURE } from "../test/clamd-daemon.js";
import { buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { mp4Video, orientedPhotoWithGps, photo, pngBomb, webmVideo } from "../test/media-fixtures.js";
import { postFile } from "../test/multipart.js";
import { useTestPlatform } from "../test/test-platform.js";
import { ClamdScanner, type VirusScanner } from "./clamd.js";
import { acceptUpload, uploadTmpDir } from "./media-intake.js";
import { Media, MediaInfection } from "./media.entity.js";

const dataDir = join(tmpdir(), `mall-media-intake-${randomBytes(4).toString("hex")}`);
const test = useTestPlatform({ DATA_DIR: dataDir, MEDIA_MAX_IMAGE_BYTES: String(400 * 1024), MEDIA_MAX_VIDEO_BYTES: String(1024 * 1024) });
let clamd: ClamdDaemon;
let server: TestServer;
let storeId: string;

/** A JPEG with an extra segment right after SOI (COM: 0xFE). */
function withSegment(jpeg: Buffer, marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}

beforeAll(async () => {
  clamd = await ClamdDaemon.start();
  storeId = (await buildStore(test.platform.dataSource)).id;
  const scanners: Record<string, VirusScanner | undefined> = {
    clamd: new ClamdScanner({ host: "127.0.0.1", port: clamd.port }, 10_000),
    down: new ClamdScanner({ host: "127.0.0.1", port: 1 }, 2000),
    none: undefined,
  };
  const app = express();
  // The intake alone, as the platform (media.routes.test.ts covers who may upload).
  app.post("/upload/:scanner/:target", async (req, res) => {
    const { platform } = test;
    const logo = req.params.target === "logo";
    const media = await acceptUpload(
      { body: req, logger: req.log, transaction: (work) => platform.dataSource.transaction((m) => work(systemContext(m, "test"))) },
      {
        dataSource: platform.dataSource,
        storage: platform.mediaStorage,
        scanner: scanners[req.params.scanner],
        logger: platform.logger,
        config: platform.config,
      },
      { storeId, productId: null, kind: logo ? "logo" : "image" },
      logo ? ["image"] : ["image", "video"],
    );
    res.status(201).json(media);
  });
  app.use(errorMiddleware(test.platform.logger));
  server = await startTestServer(app);
});
afterAll(async () => {
  await server?.close();
  await clamd?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

async function snapshot() {
  return {
    rows: await test.platform.dataSource.getRepository(Media).countBy({ storeId }),
    stored: (await filesUnder(test.platform.config.MEDIA_DIR)).length,
    outbox: Number((await test.platform.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE type = 'media.uploaded'`))[0].n),
  };
}

const upload = (file: { data: Buffer; filename: string; contentType?: string; field?: string }, scanner = "clamd", target = "product") =>
  postFile(`${server.url}/upload/${scanner}/${target}`, file);

describe("accepting uploads", () => {
  it("keeps a JPEG's original privately, inserts a pending row and records media.uploaded", async () => {
    const before = await snapshot();
    const data = await orientedPhotoWithGps();
    const response = await upload({ data, filename: "IMG_0001.JPG", contentType: "text/plain" });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const media = response.body;
    expect(media).toMatchObject({
      storeId,
      kind: "image",
      status: "pending",
      mime: "image/jpeg",
      bytes: data.length,
      width: 1200,
      height: 1600,
    });
    expect(media.originalKey).toMatch(new RegExp(`^private/${storeId}/${media.id}/[0-9a-f]{16}\\.jpg$`));
    expect(await test.platform.mediaStorage.get(media.originalKey)).toEqual(data);
    const after = await snapshot();
    expect(after).toEqual({ rows: before.rows + 1, stored: before.stored + 1, outbox: before.outbox + 1 });
    expect(await filesUnder(uploadTmpDir(test.platform.config))).toEqual([]);
  });

  it.each([
    ["WebM", "clip.webm", () => webmVideo(), "video/webm"],
    ["MP4", "clip.mp4", () => mp4Video(), "video/mp4"],
  ])(
    "accepts a %s video and keeps the original private, as uploaded (the job serves a copy without its metadata)",
    async (_name, filename, make, mime) => {
      const data = await make();
      const response = await upload({ data, filename });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({ kind: "video", mime, status: "pending" });
      expect(response.body.originalKey).toMatch(/^private\//);
      expect(await test.platform.mediaStorage.get(response.body.originalKey)).toEqual(data);
    },
  );

  it("copies a video's embedded cover art aside for its poster", async () => {
    const cover = await photo(320, 180);
    for (const data of [await webmVideo({ cover }), await mp4Video({ cover })]) {
      const response = await upload({ data, filename: "with-cover" });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      // Beside the private original: the cover, copied out at upload.
      const keys = await test.platform.mediaStorage.list(`private/${storeId}/${response.body.id}/`);
      expect(keys.sort()).toEqual([response.body.originalKey, `${response.body.originalKey.replace(/\.[a-z0-9]+$/, "")}-cover`].sort());
      expect(await test.platform.mediaStorage.get(keys.find((key) => key.endsWith("-cover"))!)).toEqual(cover);
    }
  });
});

describe("refusing uploads: 4xx naming `file`, nothing left behind", () => {
  const html = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
  const zip = Buffer.concat([
    Buffer.from("PK\x03\x04", "latin1"),
    Buffer.alloc(26),
    Buffer.from("evil.js"),
    Buffer.from("PK\x05\x06", "latin1"),
    Buffer.alloc(18),
  ]);
  const cases: [string, () => Promise<{ data: Buffer; filename: string }>, number, string, string?][] = [
    ["an HTML page renamed .jpg", async () => ({ data: html, filename: "photo.jpg" }), 415, "file_type_unsupported"],
    ["a JPEG named .png", async () => ({ data: await photo(120, 90), filename: "photo.png" }), 400, "file_type_mismatch"],
    ["a JPEG named .html", async () => ({ data: await photo(120, 90), filename: "index.html" }), 400, "file_type_mismatch"],
    [
      "a JPEG with an HTML page appended",
      async () => ({ data: Buffer.concat([await photo(120, 90), html]), filename: "a.jpg" }),
      400,
      "file_suspicious",
    ],
    [
      "a JPEG with a ZIP archive appended",
      async () => ({ data: Buffer.concat([await photo(120, 90), zip]), filename: "a.jpg" }),
      400,
      "file_suspicious",
    ],
    [
      "a JPEG with a script in a comment segment",
      async () => ({ data: withSegment(await photo(120, 90), 0xfe, html), filename: "a.jpg" }),
      400,
      "file_suspicious",
    ],
    [
      "a PNG with data after IEND",
      async () => ({ data: Buffer.concat([pngBomb(10, 10), zip]), filename: "a.png" }),
      400,
      "file_suspicious",
    ],
    [
      "a WebM with a payload after its Segment",
      async () => ({ data: Buffer.concat([await webmVideo(), zip]), filename: "a.webm" }),
      400,
      "file_suspicious",
    ],
    [
      "an MP4 with a payload after its last box",
      async () => ({ data: Buffer.concat([await mp4Video(), html]), filename: "a.mp4" }),
      400,
      "file_suspicious",
    ],
    ["a truncated JPEG", async () => ({ data: (await photo(300, 200)).subarray(0, 3000), filename: "a.jpg" }), 400, "file_corrupt"],
    [
      "a truncated MP4",
      async () => {
        const mp4 = await mp4Video();
        return { data: mp4.subarray(0, mp4.length - 40), filename: "a.mp4" };
      },
      400,
      "file_corrupt",
    ],
    [
      "a truncated WebM",
      async () => {
        const webm = await webmVideo();
        return { data: webm.subarray(0, webm.length - 30), filename: "a.webm" };
      },
      400,
      "file_corrupt",
    ],
    [
      "an image bomb (30000 × 30000 pixels in 60 bytes)",
      async () => ({ data: pngBomb(), filename: "bomb.png" }),
      422,
      "image_too_many_pixels",
    ],
    [
      "an image over the size limit",
      async () => ({ data: await photo(1400, 1000, { quality: 100 }), filename: "big.jpg" }),
      413,
      "file_too_large",
    ],
    [
      "a video over the size limit",
      async () => ({ data: Buffer.concat([await mp4Video(), Buffer.alloc(1100 * 1024)]), filename: "big.mp4" }),
      413,
      "file_too_large",
    ],
    [
      "a HEIC photo this sharp cannot read",
      async () => ({
        data: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypheic\0\0\0\0mif1heic", "latin1")]),
        filename: "a.heic",
      }),
      415,
      "file_type_unsupported",
    ],
    ["the EICAR test file as text", async () => ({ data: eicar(), filename: "eicar.com" }), 415, "file_type_unsupported"],
    [
      "a JPEG carrying EICAR (found by the real clamd)",
      async () => ({ data: withSegment(await photo(120, 90), 0xfe, eicar()), filename: "a.jpg" }),
      422,
      "file_infected",
    ],
    ["a file in another field", async () => ({ data: await photo(50, 50), filename: "a.jpg", field: "image" }), 400, "file_required"],
    ["an empty file", async () => ({ data: Buffer.alloc(0), filename: "a.jpg" }), 400, "file_required"],
  ];

  it.each(cases)("refuses %s", async (_name, make, status, code) => {
    const before = await snapshot();
    const response = await upload(await make());
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.error).toMatchObject({ code, field: "file" });
    expect(response.body.error.message).toMatch(/[\u0600-\u06ff]/);
    expect(await snapshot()).toEqual(before);
    expect(await filesUnder(uploadTmpDir(test.platform.config))).toEqual([]);
  });

  it("refuses a video as a logo", async () => {
    const response = await upload({ data: await webmVideo(), filename: "logo.webm" }, "clamd", "logo");
    expect(response.status).toBe(415);
    expect(response.body.error).toMatchObject({ code: "file_type_unsupported", field: "file" });
  });

  it("refuses a body declared larger than any upload before reading it", async () => {
    // node:http sends the declared length and a few bytes of body, then waits: the answer must come before the rest.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: server.port,
          method: "POST",
          path: "/upload/clamd/product",
          headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(50 * 1024 * 1024) },
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => {
            resolve({ status: res.statusCode ?? 0, body });
            req.destroy();
          });
        },
      );
      req.on("error", reject);
      req.write("--x--");
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: "file_too_large" });
    expect(await filesUnder(uploadTmpDir(test.platform.config))).toEqual([]);
  });

  it("leaves nothing behind when the client goes away mid-upload", async () => {
    const before = await snapshot();
    const jpeg = await photo(300, 200);
    const boundary = "----cut";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: "127.0.0.1",
        port: server.port,
        method: "POST",
        path: "/upload/clamd/product",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(head.length + jpeg.length + 100) },
      });
      req.on("error", () => resolve());
      req.write(Buffer.concat([head, jpeg.subarray(0, jpeg.length / 2)]));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    await expect.poll(async () => (await filesUnder(uploadTmpDir(test.platform.config))).length, { timeout: 5000 }).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("records an infected upload with ClamAV's signature", async () => {
    const rows = await test.platform.dataSource.getRepository(MediaInfection).findBy({ storeId });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ signature: EICAR_SIGNATURE, filename: "a.jpg" });
    expect(rows[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("fails closed with 503 when clamd is down", async () => {
    const before = await snapshot();
    const response = await upload({ data: await photo(120, 90), filename: "a.jpg" }, "down");
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe("virus_scan_unavailable");
    expect(response.body.error.message).toContain("بررسی امنیتی");
    expect(await snapshot()).toEqual(before);
    expect(await filesUnder(uploadTmpDir(test.platform.config))).toEqual([]);
  });
});
