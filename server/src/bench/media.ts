/**
 * Media measurements (npm run bench:media):
 *  1. how long one 12-megapixel JPEG takes to become all its variants;
 *  2. the server's peak RSS while 10 large uploads stream in at once.
 * The server side of (2) runs in a child process, so the figure is the
 * server's own memory, not the client's. Uses PostgreSQL at DATABASE_URL (a
 * scratch database it creates and drops) and, when installed, a real clamd.
 */
import { fork } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { parseConfig } from "../config/config.js";
import { dropDatabase, ensureDatabase } from "../db/admin.js";
import { createDataSource } from "../db/data-source.js";
import { testDatabaseUrl } from "../test/database-url.js";
import { ClamdDaemon } from "../test/clamd-daemon.js";
import { mp4Video, photo } from "../test/media-fixtures.js";
import { errorMiddleware } from "../http/error-middleware.js";
import { systemContext } from "../core/context.js";
import { createPlatform } from "../main/platform.js";
import { ClamdScanner } from "../media/clamd.js";
import { acceptUpload } from "../media/media-intake.js";
import { encodeImageVariants } from "../media/variants.js";

const UPLOADS = 10;
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 150);
const out = (line: string) => process.stdout.write(`${line}\n`);

async function benchVariants(): Promise<void> {
  const jpeg = await photo(4000, 3000, { quality: 90 });
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const result = await encodeImageVariants(jpeg, { maxPixels: 100_000_000 });
    times.push(performance.now() - started);
    if (i === 0)
      out(`  variants: ${result.variants.map((v) => `${v.format} ${v.width}w ${(v.data.length / 1024).toFixed(0)} KB`).join(", ")}`);
  }
  times.sort((a, b) => a - b);
  out(
    `12 MP JPEG (4000×3000, ${(jpeg.length / 1024 / 1024).toFixed(1)} MB) → 6 variants: median ${times[1]!.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(", ")} ms)`,
  );
}

/** The server half: the real intake behind a plain route, reporting its RSS to the parent. */
async function serve(): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR!;
  const config = parseConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent", MEDIA_MAX_VIDEO_BYTES: String(200 * 1024 * 1024) });
  const platform = await createPlatform(config, "bench");
  const [store] = await platform.dataSource.query(`SELECT id FROM stores LIMIT 1`);
  const clamdPort = Number(process.env.BENCH_CLAMD_PORT ?? 0);
  const scanner = clamdPort ? new ClamdScanner({ host: "127.0.0.1", port: clamdPort }, 120_000) : undefined;
  const app = express();
  app.post("/upload", async (req, res) => {
    const media = await acceptUpload(
      { body: req, logger: req.log, transaction: (work) => platform.dataSource.transaction((m) => work(systemContext(m, "bench"))) },
      { dataSource: platform.dataSource, storage: platform.mediaStorage, scanner, logger: platform.logger, config },
      { storeId: store.id, productId: null, kind: "video" },
      ["image", "video"],
    );
    res.status(201).json({ id: media.id, bytes: media.bytes });
  });
  app.use(errorMiddleware(platform.logger));
  const peak = { rss: 0, heapUsed: 0, arrayBuffers: 0 };
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, usage.arrayBuffers);
  }, 20);
  const server = app.listen(0, "127.0.0.1", () => {
    process.send!({ port: (server.address() as { port: number }).port, baseline: process.memoryUsage().rss });
  });
  process.on("message", async (message: string) => {
    if (message !== "report") return;
    clearInterval(sampler);
    process.send!({ peak, maxRSS: process.resourceUsage().maxRSS * 1024 });
    server.close();
    await platform.close();
    process.exit(0);
  });
}

/** Streams a file as one multipart upload, from disk, without holding it. */
function upload(port: number, path: string, size: number): Promise<number> {
  const boundary = "----mallbench";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/upload",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": head.length + size + tail.length },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.write(head);
    const file = createReadStream(path);
    file.pipe(req, { end: false });
    file.on("end", () => req.end(tail));
  });
}

async function benchConcurrentUploads(): Promise<void> {
  const base = parseConfig(process.env);
  const databaseUrl = testDatabaseUrl(base.DATABASE_URL, `mall_bench_media_${process.pid}`);
  const dataDir = await mkdtemp(join(tmpdir(), "mall-bench-media-"));
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  const dataSource = createDataSource({ url: databaseUrl, applicationName: "mall-bench" });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: "each" });
  const [tenant] = await dataSource.query(`INSERT INTO tenants (name, slug) VALUES ('bench', 'bench') RETURNING id`);
  const [user] = await dataSource.query(`INSERT INTO users (phone) VALUES ('+989120000000') RETURNING id`);
  await dataSource.query(`INSERT INTO stores (tenant_id, owner_id, name, slug) VALUES ($1, $2, 'bench', 'bench')`, [tenant.id, user.id]);
  await dataSource.destroy();

  // One large, valid MP4: the tiny real one with a long `free` box after its media data.
  const video = join(dataDir, "big.mp4");
  const small = await mp4Video();
  const padding = UPLOAD_MB * 1024 * 1024;
  const freeHead = Buffer.alloc(8);
  freeHead.writeUInt32BE(padding + 8);
  freeHead.write("free", 4, "latin1");
  await writeFile(video, Buffer.concat([small, freeHead, Buffer.alloc(padding)]));
  const size = (await stat(video)).size;

  const clamd = ClamdDaemon.available() && process.env.BENCH_NO_CLAMD !== "1" ? await ClamdDaemon.start() : undefined;
  const child = fork(new URL(import.meta.url).pathname, ["serve"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_DATA_DIR: join(dataDir, "data"), BENCH_CLAMD_PORT: String(clamd?.port ?? 0) },
    execArgv: process.execArgv,
  });
  try {
    const ready = await new Promise<{ port: number; baseline: number }>((resolve) =>
      child.once("message", (message) => resolve(message as { port: number; baseline: number })),
    );
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: UPLOADS }, () => upload(ready.port, video, size)));
    const seconds = (performance.now() - started) / 1000;
    type Report = { peak: { rss: number; heapUsed: number; arrayBuffers: number }; maxRSS: number };
    const report = new Promise<Report>((resolve) => child.once("message", (message) => resolve(message as Report)));
    child.send("report");
    const { peak, maxRSS } = await report;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    out(
      `${UPLOADS} concurrent uploads of ${mb(size)} each (statuses ${[...new Set(statuses)].join(",")}; clamd ${clamd ? "scanning" : "off"}): ` +
        `${seconds.toFixed(1)} s, ${((UPLOADS * size) / 1024 / 1024 / seconds).toFixed(0)} MB/s; server RSS at rest ${mb(ready.baseline)}, peak ${mb(peak.rss)} (sampled) / ${mb(maxRSS)} (getrusage maxRSS); ` +
        `peak JS heap ${mb(peak.heapUsed)}, peak Buffer memory ${mb(peak.arrayBuffers)}`,
    );
  } finally {
    child.kill();
    await clamd?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  }
}

if (process.argv[2] === "serve") {
  await serve();
} else {
  out(`Media bench on ${(await import("node:os")).cpus().length} cores, Node ${process.version}`);
  await benchVariants();
  await benchConcurrentUploads();
}
