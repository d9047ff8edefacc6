import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { buildProduct, buildStore, randomPhone } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { photo, solid, webmVideo } from "../test/media-fixtures.js";
import { postFile } from "../test/multipart.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { Media } from "./media.entity.js";
import { processMedia, purgeMedia } from "./media.job.js";

const dataDir = join(tmpdir(), `mall-media-routes-${randomBytes(4).toString("hex")}`);
const test = useTestPlatform({ DATA_DIR: dataDir });
let server: TestServer;
let owner: User;
let stranger: User;
let staff: User;
let storeId: string;
let otherStoreId: string;
let productId: string;
let otherProductId: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  const phone = randomPhone();
  owner = await buildUser(dataSource, { phone });
  storeId = (await buildStore(dataSource, { ownerPhone: phone })).id;
  productId = (await buildProduct(dataSource, storeId)).id;
  const otherPhone = randomPhone();
  stranger = await buildUser(dataSource, { phone: otherPhone });
  otherStoreId = (await buildStore(dataSource, { ownerPhone: otherPhone })).id;
  otherProductId = (await buildProduct(dataSource, otherStoreId)).id;
  staff = await buildUser(dataSource, { isStaff: true });
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const as = (user: User) => bearer(test.config, user);
const jobDeps = () => ({
  dataSource: test.platform.dataSource,
  storage: test.platform.mediaStorage,
  logger: test.platform.logger,
  maxImagePixels: 100_000_000,
});
const mediaCount = () => test.platform.dataSource.getRepository(Media).count();
const run = promisify(execFile);

interface Probed {
  format: { tags?: Record<string, string> };
  streams: Array<{
    codec_type: string;
    codec_name: string;
    width?: number;
    height?: number;
    nb_frames?: string;
    tags?: Record<string, string>;
  }>;
}

/** What Debian's ffprobe reads in a file: the container's and each stream's tags. */
async function probe(data: Buffer): Promise<Probed> {
  const dir = await mkdtemp(join(tmpdir(), "mall-probe-"));
  try {
    await writeFile(join(dir, "video"), data);
    const { stdout } = await run("ffprobe", [
      "-v",
      "error",
      "-show_entries",
      "format_tags:stream=codec_type,codec_name,width,height,nb_frames:stream_tags",
      "-of",
      "json",
      join(dir, "video"),
    ]);
    return JSON.parse(stdout) as Probed;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A one-second MP4 as a phone writes it: where it was shot (ISO 6709, in Tehran), the phone's make and model, a creation time. */
async function phoneVideo(): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "mall-phone-video-"));
  try {
    const out = join(dir, "clip.mp4");
    await run("ffmpeg", [
      ...["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5", "-t", "1", "-c:v", "mpeg4"],
      ...[
        "-metadata",
        "location=+35.6997+051.3380/",
        "-metadata",
        "make=Apple",
        "-metadata",
        "model=iPhone 15 Pro",
        "-metadata",
        "creation_time=2026-11-01T10:00:00Z",
      ],
      ...["-movflags", "+use_metadata_tags", out],
    ]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function uploadTo(path: string, user: User | null, data: Buffer, filename = "photo.jpg") {
  return postFile(`${server.url}/api/v1${path}`, { data, filename }, { headers: user ? as(user) : {} });
}

describe("who may upload", () => {
  it("refuses an anonymous upload with 401", async () => {
    const before = await mediaCount();
    const response = await uploadTo(`/stores/${storeId}/products/${productId}/media`, null, await photo(200, 150));
    expect(response.status).toBe(401);
    expect(await mediaCount()).toBe(before);
  });

  it("answers 404 to a merchant uploading to another store, or to another store's product through their own", async () => {
    const before = await mediaCount();
    const intoOtherStore = await uploadTo(`/stores/${otherStoreId}/products/${otherProductId}/media`, owner, await photo(200, 150));
    expect(intoOtherStore.status).toBe(404);
    const otherProductThroughOwnStore = await uploadTo(`/stores/${storeId}/products/${otherProductId}/media`, owner, await photo(200, 150));
    expect(otherProductThroughOwnStore.status).toBe(404);
    expect(otherProductThroughOwnStore.body.error.code).toBe("product_not_found");
    const logoOfOtherStore = await uploadTo(`/stores/${otherStoreId}/logo`, owner, await solid(100, 100, "png"), "logo.png");
    expect(logoOfOtherStore.status).toBe(404);
    expect(await mediaCount()).toBe(before);
  });

  it("lets the store's owner and platform staff upload", async () => {
    const mine = await uploadTo(`/stores/${storeId}/products/${productId}/media`, owner, await photo(200, 150));
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const staffs = await uploadTo(`/stores/${otherStoreId}/products/${otherProductId}/media`, staff, await photo(200, 150));
    expect(staffs.status, JSON.stringify(staffs.body)).toBe(201);
  });

  it("hides another store's media from reads and deletes", async () => {
    const [theirs] = await test.platform.dataSource.getRepository(Media).findBy({ storeId: otherStoreId });
    expect((await server.request("GET", `/api/v1/stores/${otherStoreId}/media/${theirs!.id}`, { headers: as(owner) })).status).toBe(404);
    expect((await server.request("GET", `/api/v1/stores/${storeId}/media/${theirs!.id}`, { headers: as(owner) })).status).toBe(404);
    expect((await server.request("DELETE", `/api/v1/stores/${storeId}/media/${theirs!.id}`, { headers: as(owner) })).status).toBe(404);
    expect((await server.request("GET", `/api/v1/stores/${storeId}/products/${otherProductId}/media`, { headers: as(owner) })).status).toBe(
      404,
    );
    expect((await server.request("GET", `/api/v1/stores/${storeId}/products/${productId}/media`, { headers: as(stranger) })).status).toBe(
      404,
    );
    expect(await test.platform.dataSource.getRepository(Media).existsBy({ id: theirs!.id })).toBe(true);
  });
});

describe("a product's gallery", () => {
  it("lists images with variant widths and srcset once the job has run, and fills products.images", async () => {
    const uploaded = await uploadTo(`/stores/${storeId}/products/${productId}/media`, owner, await photo(1600, 1000));
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ status: "pending", kind: "image", url: null, variants: [], srcset: null });
    await processMedia(jobDeps(), uploaded.body.id);

    const list = await server.request("GET", `/api/v1/stores/${storeId}/products/${productId}/media`, { headers: as(owner) });
    expect(list.status).toBe(200);
    const item = list.body.items.find((media: { id: string }) => media.id === uploaded.body.id);
    expect(item.status).toBe("ready");
    expect(item.variants.map((v: { format: string; width: number }) => `${v.format}@${v.width}`).sort()).toEqual([
      "avif@1280",
      "avif@320",
      "avif@640",
      "webp@1280",
      "webp@320",
      "webp@640",
    ]);
    expect(item.srcset.webp).toMatch(/^\/media\/public\/\S+-320w\.webp 320w, \S+-640w\.webp 640w, \S+-1280w\.webp 1280w$/);
    expect(item.srcset.avif).toContain("1280w.avif 1280w");

    const [product] = await test.platform.dataSource.query(`SELECT images FROM products WHERE id = $1`, [productId]);
    const synced = product.images.find((image: { mediaId: string }) => image.mediaId === uploaded.body.id);
    expect(synced).toMatchObject({ width: 1600, height: 1000, url: expect.stringMatching(/-1280w\.webp$/) });
    expect(synced.variants).toHaveLength(6);

    // The variants are served from /media with a year-long immutable cache; the original is not served at all.
    const variant = await fetch(
      `${server.url}${item.variants.find((v: { format: string; width: number }) => v.format === "webp" && v.width === 640).url}`,
    );
    expect(variant.status).toBe(200);
    expect(variant.headers.get("content-type")).toBe("image/webp");
    expect(variant.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await sharp(Buffer.from(await variant.arrayBuffer())).metadata()).width).toBe(640);
    const row = await test.platform.dataSource.getRepository(Media).findOneByOrFail({ id: uploaded.body.id });
    expect((await fetch(`${server.url}/media/${row.originalKey}`)).status).toBe(404);
    for (const path of [
      `/media/public/..%2fprivate/${row.originalKey.slice("private/".length)}`,
      `/media/public/%2e%2e/${row.originalKey}`,
      "/media/public/..%2f..%2f..%2fetc%2fpasswd",
    ]) {
      const response = await server.request("GET", path);
      expect([400, 404], path).toContain(response.status);
      expect(response.text).not.toContain("root:");
    }
  });

  it("serves a video remuxed without its metadata, with Range requests, and gives it the first image as poster when it has none", async () => {
    const video = await webmVideo();
    const uploaded = await uploadTo(`/stores/${storeId}/products/${productId}/media`, owner, video, "clip.webm");
    expect(uploaded.status).toBe(201);
    // Nothing is public until the job has made the copy without metadata.
    expect(uploaded.body.url).toBeNull();
    await processMedia(jobDeps(), uploaded.body.id);
    const list = await server.request("GET", `/api/v1/stores/${storeId}/products/${productId}/media`, { headers: as(owner) });
    const item = list.body.items.find((media: { id: string }) => media.id === uploaded.body.id);
    expect(item.url).toMatch(/^\/media\/public\/.+\.webm$/);
    expect(item.poster).toMatchObject({ source: "product-image", url: expect.stringMatching(/-1280w\.webp$/) });
    const whole = await fetch(`${server.url}${item.url}`);
    const served = Buffer.from(await whole.arrayBuffer());
    expect(whole.headers.get("content-type")).toBe("video/webm");
    // The same picture: one VP8 frame of 64×48, copied, not re-encoded.
    expect(await probe(served)).toMatchObject({ streams: [{ codec_name: "vp8", width: 64, height: 48 }] });
    const part = await fetch(`${server.url}${item.url}`, { headers: { Range: "bytes=0-9" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(served.subarray(0, 10))).toBe(true);
  });

  it("drops a phone video's location, make and model (issue 24 #12): what is served has none, the private original is not served", async () => {
    const video = await phoneVideo();
    const before = await probe(video);
    expect(before.format.tags).toMatchObject({ location: "+35.6997+051.3380/", make: "Apple", model: "iPhone 15 Pro" });
    const uploaded = await uploadTo(`/stores/${storeId}/products/${productId}/media`, owner, video, "IMG_0042.MOV.mp4");
    expect(uploaded.status).toBe(201);
    expect(await processMedia(jobDeps(), uploaded.body.id)).toBe("processed");
    const row = await test.platform.dataSource.getRepository(Media).findOneByOrFail({ id: uploaded.body.id });
    const list = await server.request("GET", `/api/v1/stores/${storeId}/products/${productId}/media`, { headers: as(owner) });
    const url = list.body.items.find((media: { id: string }) => media.id === row.id).url as string;
    const response = await fetch(`${server.url}${url}`);
    expect([response.status, response.headers.get("content-type")]).toEqual([200, "video/mp4"]);
    const served = Buffer.from(await response.arrayBuffer());
    const after = await probe(served);
    const tags = JSON.stringify([after.format.tags ?? {}, ...after.streams.map((stream) => stream.tags ?? {})]);
    for (const leak of ["location", "35.6997", "51.3380", "051.3380", "Apple", "iPhone", "make", "model", "creation_time", "Lavf"])
      expect(tags).not.toContain(leak);
    expect(served.includes(Buffer.from("35.6997"))).toBe(false);
    expect(served.includes(Buffer.from("iPhone"))).toBe(false);
    // The same frames, copied: codec, size and length as uploaded.
    expect(after.streams.map((stream) => [stream.codec_type, stream.codec_name, stream.width, stream.nb_frames])).toEqual(
      before.streams.map((stream) => [stream.codec_type, stream.codec_name, stream.width, stream.nb_frames]),
    );
    expect(row.originalKey.startsWith("private/")).toBe(true);
    expect((await fetch(`${server.url}/media/${row.originalKey}`)).status).toBe(404);
    // The product's public record (what the site and the posts read) names the clean copy only.
    const [product] = await test.platform.dataSource.query(`SELECT videos FROM products WHERE id = $1`, [productId]);
    expect(product.videos).toContain(url);
    expect(JSON.stringify(product.videos)).not.toContain("private/");
  });

  it("deletes one item through the route, and its files through the job", async () => {
    const uploaded = await uploadTo(`/stores/${storeId}/products/${productId}/media`, owner, await photo(400, 300));
    await processMedia(jobDeps(), uploaded.body.id);
    const response = await server.request("DELETE", `/api/v1/stores/${storeId}/media/${uploaded.body.id}`, { headers: as(owner) });
    expect(response.status).toBe(202);
    expect(await test.platform.dataSource.getRepository(Media).existsBy({ id: uploaded.body.id })).toBe(false);
    const [product] = await test.platform.dataSource.query(`SELECT images FROM products WHERE id = $1`, [productId]);
    expect(product.images.map((image: { mediaId: string }) => image.mediaId)).not.toContain(uploaded.body.id);
    const [event] = await test.platform.dataSource.query(`SELECT payload FROM outbox WHERE type = 'media.deleted' AND entity_id = $1`, [
      uploaded.body.id,
    ]);
    expect(await purgeMedia(jobDeps(), event.payload.prefixes)).toBe(1 + 4);
  });

  it("deletes all of a product's media", async () => {
    const response = await server.request("DELETE", `/api/v1/stores/${storeId}/products/${productId}/media`, { headers: as(owner) });
    expect(response.status).toBe(202);
    expect(response.body.deleted).toBeGreaterThanOrEqual(2);
    expect(await test.platform.dataSource.getRepository(Media).countBy({ productId })).toBe(0);
  });
});

describe("the store logo", () => {
  it("takes an image, refuses a video, and becomes the store's logo when ready", async () => {
    const refused = await uploadTo(`/stores/${storeId}/logo`, owner, await webmVideo(), "logo.webm");
    expect(refused.status).toBe(415);
    expect(refused.body.error.field).toBe("file");
    const logo = await uploadTo(`/stores/${storeId}/logo`, owner, await solid(500, 200, "png"), "logo.png");
    expect(logo.status, JSON.stringify(logo.body)).toBe(201);
    expect(logo.body.kind).toBe("logo");
    await processMedia(jobDeps(), logo.body.id);
    const [store] = await test.platform.dataSource.query(`SELECT logo FROM stores WHERE id = $1`, [storeId]);
    expect(store.logo).toMatch(new RegExp(`^public/${storeId}/${logo.body.id}/[0-9a-f]{16}-500w\\.webp$`));
  });

  it("is the store's settings: catalog staff may add a product's picture but not change the logo", async () => {
    const { dataSource } = test.platform;
    const cataloguer = await buildUser(dataSource);
    await dataSource.query(`INSERT INTO store_members (store_id, user_id, role) VALUES ($1, $2, 'catalog_staff')`, [
      storeId,
      cataloguer.id,
    ]);
    const logos = () => dataSource.getRepository(Media).countBy({ storeId, kind: "logo" });
    const before = await logos();
    const refused = await uploadTo(`/stores/${storeId}/logo`, cataloguer, await solid(300, 100, "png"), "logo.png");
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/[\u0600-\u06FF]/);
    expect(await logos()).toBe(before);
    const picture = await uploadTo(`/stores/${storeId}/products/${productId}/media`, cataloguer, await solid(300, 300, "png"), "p.png");
    expect(picture.status, JSON.stringify(picture.body)).toBe(201);
  });
});

describe("the OpenAPI document", () => {
  it("documents the uploads as multipart/form-data with a binary `file`", async () => {
    const document = (await server.request("GET", "/api/openapi.json")).body;
    const upload = document.paths["/api/v1/stores/{storeId}/products/{productId}/media"].post;
    expect(upload.requestBody.content["multipart/form-data"].schema.properties.file).toMatchObject({ type: "string", format: "binary" });
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(["201", "401", "403", "404", "413", "415", "422", "503"]));
    expect(document.paths["/api/v1/stores/{storeId}/logo"].post.requestBody.content).toHaveProperty("multipart/form-data");
  });
});
