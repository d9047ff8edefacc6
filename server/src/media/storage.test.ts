import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server } from "../test/s3-server.js";
import { LocalStorage } from "./local-storage.js";
import { S3Storage } from "./s3-storage.js";
import { assertValidKey, StorageNotFoundError, type MediaStorage } from "./storage.js";

let folder: string;
let s3: Awaited<ReturnType<typeof startS3Server>>;
const drivers: Record<string, MediaStorage> = {};

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "mall-media-local-"));
  s3 = await startS3Server();
  drivers.local = new LocalStorage(folder, "/media");
  drivers.s3 = new S3Storage({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
  });
});
afterAll(async () => {
  for (const driver of Object.values(drivers)) await driver.close();
  await s3.close();
  await rm(folder, { recursive: true, force: true });
});

describe.each(["local", "s3"])("the %s storage driver", (name) => {
  const storage = () => drivers[name]!;

  it("round-trips a buffer and a stream, byte for byte", async () => {
    const small = Buffer.from("a small object");
    await storage().put("public/s1/m1/abc-320w.webp", small, "image/webp");
    expect(await storage().get("public/s1/m1/abc-320w.webp")).toEqual(small);

    // 9 MB in uneven pieces: more than one multipart part on S3, never one buffer on the way in.
    const pieces = Array.from({ length: 9 }, (_, i) => Buffer.alloc(1024 * 1024 + i, i + 1));
    await storage().put("public/s1/m1/abc.mp4", Readable.from(pieces), "video/mp4");
    const chunks: Buffer[] = [];
    for await (const chunk of await storage().stream("public/s1/m1/abc.mp4")) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(Buffer.concat(pieces))).toBe(true);
  });

  it("answers exists, lists a folder, and deletes idempotently", async () => {
    await storage().put("private/s1/m2/x.jpg", Buffer.from("x"), "image/jpeg");
    await storage().put("public/s1/m2/x-640w.avif", Buffer.from("y"), "image/avif");
    await storage().put("public/s1/m20/other.avif", Buffer.from("z"), "image/avif");
    expect(await storage().exists("private/s1/m2/x.jpg")).toBe(true);
    expect(await storage().list("public/s1/m2/")).toEqual(["public/s1/m2/x-640w.avif"]);
    await storage().delete("private/s1/m2/x.jpg");
    await storage().delete("private/s1/m2/x.jpg");
    expect(await storage().exists("private/s1/m2/x.jpg")).toBe(false);
    expect(await storage().exists("public/s1/m20/other.avif")).toBe(true);
    await expect(storage().get("private/s1/m2/x.jpg")).rejects.toBeInstanceOf(StorageNotFoundError);
    await expect(storage().stream("private/s1/m2/nothing.jpg")).rejects.toBeInstanceOf(StorageNotFoundError);
  });

  it("refuses keys that could leave its folder or bucket", async () => {
    for (const key of ["../etc/passwd", "public/../../x", "/abs/path", "public//x", "public/.hidden", "a\\b", "public/%2e%2e/x", ""]) {
      await expect(storage().put(key, Buffer.from("x"), "text/plain"), key).rejects.toThrow(/invalid storage key/);
      await expect(storage().exists(key), key).rejects.toThrow(/invalid storage key/);
    }
  });
});

describe("storage specifics", () => {
  it("local: writes through a temporary name and leaves no empty folders after a delete", async () => {
    await drivers.local!.put("public/s9/m9/a.webp", Buffer.from("a"), "image/webp");
    await drivers.local!.delete("public/s9/m9/a.webp");
    expect(await readdir(join(folder, "public"))).not.toContain("s9");
    expect(drivers.local!.url("public/s9/m9/a.webp")).toBe("/media/public/s9/m9/a.webp");
  });

  it("s3: stores the content type and a year-long immutable Cache-Control", async () => {
    await drivers.s3!.put("public/s1/m3/h-1280w.webp", Buffer.from("w"), "image/webp");
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: "public/s1/m3/h-1280w.webp" }));
    client.destroy();
    expect(head.ContentType).toBe("image/webp");
    expect(head.CacheControl).toBe("public, max-age=31536000, immutable");
    expect(drivers.s3!.url("public/s1/m3/h-1280w.webp")).toBe(`${s3.endpoint}/media/public/s1/m3/h-1280w.webp`);
  });

  it("validates keys without touching any storage", () => {
    expect(() => assertValidKey("public/0b0c/1a2b/abcdef0123456789-640w.webp")).not.toThrow();
  });
});
