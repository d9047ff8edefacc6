import { createHash, randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkers } from "../main/workers.js";
import { systemContext } from "../core/context.js";
import { buildStore } from "../test/factories.js";
import { mp4Video, orientedPhotoWithGps, photo, solid, webmVideo } from "../test/media-fixtures.js";
import { startS3Server } from "../test/s3-server.js";
import { useTestPlatform } from "../test/test-platform.js";
import { acceptedType } from "./file-types.js";
import { inspectUpload } from "./inspect.js";
import { Media } from "./media.entity.js";
import { processMedia, purgeMedia, type MediaJobDeps } from "./media.job.js";
import { deleteMedia, storeUpload, type MediaTarget } from "./media.service.js";
import { S3Storage } from "./s3-storage.js";
import type { MediaStorage } from "./storage.js";

const dataDir = join(tmpdir(), `mall-media-job-${randomBytes(4).toString("hex")}`);
const test = useTestPlatform({ DATA_DIR: dataDir });
let s3: Awaited<ReturnType<typeof startS3Server>>;
let s3Storage: S3Storage;
let storeId: string;

beforeAll(async () => {
  s3 = await startS3Server();
  s3Storage = new S3Storage({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
  });
  storeId = (await buildStore(test.platform.dataSource)).id;
});
afterAll(async () => {
  await s3Storage?.close();
  await s3?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function jobDeps(storage: MediaStorage): MediaJobDeps {
  return { dataSource: test.platform.dataSource, storage, logger: test.platform.logger, maxImagePixels: 100_000_000 };
}

/** An upload as the intake would store it: through inspectUpload and storeUpload. */
async function stored(storage: MediaStorage, data: Buffer, mime: string, target: Partial<MediaTarget> = {}): Promise<Media> {
  const path = join(tmpdir(), `mall-job-upload-${randomBytes(6).toString("hex")}`);
  await writeFile(path, data);
  try {
    const type = acceptedType(mime, ["image", "video"])!;
    const file = {
      path,
      filename: "",
      bytes: data.length,
      sha256: createHash("sha256").update(data).digest("hex"),
      type,
      dispose: async () => {},
    };
    const inspected = await inspectUpload(file, {
      maxImagePixels: 100_000_000,
      scanner: undefined,
      logger: test.platform.logger,
      onInfected: async () => {},
    });
    return await test.platform.dataSource.transaction((manager) =>
      storeUpload(
        systemContext(manager, "test"),
        { storage, logger: test.platform.logger },
        { storeId, productId: null, kind: type.kind, ...target },
        file,
        inspected,
      ),
    );
  } finally {
    await rm(path, { force: true });
  }
}

async function reload(id: string): Promise<Media> {
  return test.platform.dataSource.getRepository(Media).findOneByOrFail({ id });
}

async function contents(storage: MediaStorage, media: Media): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const prefix of [`public/${media.storeId}/${media.id}/`, `private/${media.storeId}/${media.id}/`]) {
    for (const key of await storage.list(prefix))
      result[key] = createHash("sha256")
        .update(await storage.get(key))
        .digest("hex");
  }
  return result;
}

describe.each(["local", "s3"])("processing an image (%s storage)", (driver) => {
  const storage = () => (driver === "s3" ? s3Storage : test.platform.mediaStorage);

  it("makes WebP and AVIF at 320, 640 and 1280 px wide, keyed by the content hash", async () => {
    const media = await stored(storage(), await photo(2000, 1500), "image/jpeg");
    expect(await processMedia(jobDeps(storage()), media.id)).toBe("processed");
    const ready = await reload(media.id);
    expect(ready).toMatchObject({ status: "ready", width: 2000, height: 1500 });
    const hash16 = media.contentHash.slice(0, 16);
    expect(ready.variants.map((v) => `${v.format}@${v.width}`).sort()).toEqual([
      "avif@1280",
      "avif@320",
      "avif@640",
      "webp@1280",
      "webp@320",
      "webp@640",
    ]);
    for (const variant of ready.variants) {
      expect(variant.key).toBe(`public/${storeId}/${media.id}/${hash16}-${variant.width}w.${variant.format}`);
      const bytes = await storage().get(variant.key);
      expect(bytes.length).toBe(variant.bytes);
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe(variant.format === "avif" ? "heif" : "webp");
      expect(meta.width).toBe(variant.width);
      expect(variant.height).toBe(Math.round((variant.width * 1500) / 2000));
    }
    // The original is kept, untouched.
    expect(await storage().exists(media.originalKey)).toBe(true);
  });
});

describe("processing", () => {
  it("never enlarges: a 500 px image gets 320 and 500, a 200 px one only 200", async () => {
    for (const [width, expected] of [
      [500, [320, 500]],
      [200, [200]],
      [1280, [320, 640, 1280]],
    ] as const) {
      const media = await stored(test.platform.mediaStorage, await solid(width, 100, "png"), "image/png");
      await processMedia(jobDeps(test.platform.mediaStorage), media.id);
      const ready = await reload(media.id);
      const widths = [...new Set(ready.variants.map((v) => v.width))].sort((a, b) => a - b);
      expect(widths).toEqual(expected);
      for (const variant of ready.variants)
        expect((await sharp(await test.platform.mediaStorage.get(variant.key)).metadata()).width).toBe(variant.width);
    }
  });

  it("applies the EXIF orientation and strips EXIF, GPS and every other metadata", async () => {
    const original = await orientedPhotoWithGps();
    const originalMeta = await sharp(original).metadata();
    expect(originalMeta.orientation).toBe(6);
    expect(original.includes(Buffer.from("MallTestCam"))).toBe(true);
    const media = await stored(test.platform.mediaStorage, original, "image/jpeg");
    await processMedia(jobDeps(test.platform.mediaStorage), media.id);
    const ready = await reload(media.id);
    expect(ready).toMatchObject({ width: 1200, height: 1600 });
    expect(ready.variants.map((v) => v.width).sort((a, b) => a - b)).toEqual([320, 320, 640, 640, 1200, 1200]);
    for (const variant of ready.variants) {
      const bytes = await test.platform.mediaStorage.get(variant.key);
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(bytes.includes(Buffer.from("MallTestCam"))).toBe(false);
      expect(bytes.includes(Buffer.from("GPS"))).toBe(false);
      // Portrait now, and the stored left half (red) is on top.
      expect(meta.height!).toBeGreaterThan(meta.width!);
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const at = (x: number, y: number) =>
        Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
      const top = at(Math.floor(info.width / 2), Math.floor(info.height / 4));
      const bottom = at(Math.floor(info.width / 2), Math.floor((info.height * 3) / 4));
      expect(top[0]).toBeGreaterThan(180);
      expect(top[2]).toBeLessThan(80);
      expect(bottom[2]).toBeGreaterThan(180);
      expect(bottom[0]).toBeLessThan(80);
    }
  });

  it("changes nothing when run again, and makes the same bytes under the same keys when forced to redo the work", async () => {
    const media = await stored(test.platform.mediaStorage, await photo(1400, 900), "image/jpeg");
    await processMedia(jobDeps(test.platform.mediaStorage), media.id);
    const first = await reload(media.id);
    const files = await contents(test.platform.mediaStorage, first);
    const outbox = await test.platform.dataSource.query(`SELECT count(*)::int AS n FROM outbox`);

    expect(await processMedia(jobDeps(test.platform.mediaStorage), media.id)).toBe("skipped");
    expect(await reload(media.id)).toEqual(first);
    expect(await contents(test.platform.mediaStorage, first)).toEqual(files);
    expect(await test.platform.dataSource.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual(outbox);

    // A job retried after it wrote the files but before it marked the row: same keys, same bytes.
    await test.platform.dataSource.getRepository(Media).update({ id: media.id }, { status: "pending", variants: [] });
    expect(await processMedia(jobDeps(test.platform.mediaStorage), media.id)).toBe("processed");
    const again = await reload(media.id);
    expect(again.variants).toEqual(first.variants);
    expect(await contents(test.platform.mediaStorage, again)).toEqual(files);
  });

  it("marks an image sharp cannot decode as failed, with a Persian reason, and does not retry it", async () => {
    const media = await stored(test.platform.mediaStorage, await photo(300, 200), "image/jpeg");
    // The stored original replaced by bytes no decoder reads (the intake would have refused them).
    await test.platform.mediaStorage.put(
      media.originalKey,
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xdb]), Buffer.alloc(3000, 0x55)]),
      "image/jpeg",
    );
    expect(await processMedia(jobDeps(test.platform.mediaStorage), media.id)).toBe("failed");
    const failed = await reload(media.id);
    expect(failed.status).toBe("failed");
    expect(failed.failure).toMatch(/[\u0600-\u06ff]/);
  });

  it("gives a video with cover art a WebP poster, and one without none", async () => {
    const withCover = await stored(test.platform.mediaStorage, await mp4Video({ cover: await photo(640, 360) }), "video/mp4");
    const without = await stored(test.platform.mediaStorage, await webmVideo(), "video/webm");
    await processMedia(jobDeps(test.platform.mediaStorage), withCover.id);
    await processMedia(jobDeps(test.platform.mediaStorage), without.id);
    const ready = await reload(withCover.id);
    expect(ready.status).toBe("ready");
    expect(ready.posterKey).toBe(`public/${storeId}/${withCover.id}/${withCover.contentHash.slice(0, 16)}-poster.webp`);
    const poster = await sharp(await test.platform.mediaStorage.get(ready.posterKey!)).metadata();
    expect(poster).toMatchObject({ format: "webp", width: 640, height: 360 });
    expect(await reload(without.id)).toMatchObject({ status: "ready", posterKey: null, variants: [] });
  });

  it("sets the store's logo to its largest WebP when a logo is ready, and replaces an older logo", async () => {
    const first = await stored(test.platform.mediaStorage, await solid(400, 200, "png"), "image/png", { kind: "logo" });
    await processMedia(jobDeps(test.platform.mediaStorage), first.id);
    const [{ logo }] = await test.platform.dataSource.query(`SELECT logo FROM stores WHERE id = $1`, [storeId]);
    expect(logo).toBe(`public/${storeId}/${first.id}/${first.contentHash.slice(0, 16)}-400w.webp`);
    const second = await stored(test.platform.mediaStorage, await solid(300, 300, "webp"), "image/webp", { kind: "logo" });
    expect(await test.platform.dataSource.getRepository(Media).existsBy({ id: first.id })).toBe(false);
    const [{ logo: cleared }] = await test.platform.dataSource.query(`SELECT logo FROM stores WHERE id = $1`, [storeId]);
    expect(cleared).toBeNull();
    await processMedia(jobDeps(test.platform.mediaStorage), second.id);
    const [{ logo: replaced }] = await test.platform.dataSource.query(`SELECT logo FROM stores WHERE id = $1`, [storeId]);
    expect(replaced).toContain(second.id);
  });
});

describe("deletion", () => {
  it("removes exactly the deleted upload's original and variants, through a job, and a re-run removes nothing", async () => {
    const storage = test.platform.mediaStorage;
    const doomed = await stored(storage, await photo(900, 600), "image/jpeg");
    const kept = await stored(storage, await photo(900, 600), "image/jpeg"); // same bytes, same hash: still separate files
    await processMedia(jobDeps(storage), doomed.id);
    await processMedia(jobDeps(storage), kept.id);
    const keptFiles = await contents(storage, await reload(kept.id));
    const doomedFiles = Object.keys(await contents(storage, await reload(doomed.id)));
    expect(doomedFiles).toHaveLength(1 + 6);

    await test.platform.dataSource.transaction((manager) =>
      deleteMedia(systemContext(manager, "test"), test.platform.mediaStorage, storeId, doomed.id),
    );
    expect(await test.platform.dataSource.getRepository(Media).existsBy({ id: doomed.id })).toBe(false);
    // The files wait for the job: the merchant's delete never waits for storage.
    for (const key of doomedFiles) expect(await storage.exists(key)).toBe(true);
    const [event] = await test.platform.dataSource.query(`SELECT payload FROM outbox WHERE type = 'media.deleted' AND entity_id = $1`, [
      doomed.id,
    ]);
    expect(await purgeMedia(jobDeps(storage), event.payload.prefixes)).toBe(7);
    for (const key of doomedFiles) expect(await storage.exists(key)).toBe(false);
    expect(await contents(storage, await reload(kept.id))).toEqual(keptFiles);
    expect(await purgeMedia(jobDeps(storage), event.payload.prefixes)).toBe(0);
  });

  it("cleans up what a job wrote for an upload deleted while it was being processed", async () => {
    const storage = test.platform.mediaStorage;
    const media = await stored(storage, await photo(700, 500), "image/jpeg");
    // The row goes between the job's read and its write (simulated: deleted before the job marks it).
    const deps = jobDeps(storage);
    const slowStorage: MediaStorage = Object.create(storage, {
      put: {
        value: async (...args: Parameters<MediaStorage["put"]>) => {
          await test.platform.dataSource.getRepository(Media).delete({ id: media.id });
          return storage.put(...args);
        },
      },
    });
    expect(await processMedia({ ...deps, storage: slowStorage }, media.id)).toBe("deleted-meanwhile");
    expect(await storage.list(`public/${storeId}/${media.id}/`)).toEqual([]);
  });
});

describe("the media worker", () => {
  it("takes media.uploaded from the outbox and makes the variants", async () => {
    const worker = startWorkers(test.platform, { relayIntervalMs: 50, queues: ["media"] });
    try {
      const media = await stored(test.platform.mediaStorage, await photo(800, 600), "image/jpeg");
      await expect.poll(async () => (await reload(media.id)).status, { timeout: 20_000, interval: 100 }).toBe("ready");
      await test.platform.dataSource.transaction((manager) =>
        deleteMedia(systemContext(manager, "test"), test.platform.mediaStorage, storeId, media.id),
      );
      await expect
        .poll(async () => (await test.platform.mediaStorage.list(`public/${storeId}/${media.id}/`)).length, {
          timeout: 20_000,
          interval: 100,
        })
        .toBe(0);
      // The job empties the public folder first, then the private one: wait for that too rather than catch it halfway.
      await expect
        .poll(async () => test.platform.mediaStorage.list(`private/${storeId}/${media.id}/`), { timeout: 20_000, interval: 100 })
        .toEqual([]);
    } finally {
      await worker.stop();
    }
  });
});
