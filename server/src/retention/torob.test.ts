import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLargeCatalog } from "../bench/seed-large-catalog.js";
import type { User } from "../identity/user.entity.js";
import { createApp } from "../main/app.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildShirtCategory, buildStore, randomSlug } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { TOROB_PATH } from "./comparison-webservice.js";

/**
 * Torob's merchant webservice v3 (issue 27 #5, PROTOCOLS.md §10) on each
 * store's own host, as Torob calls it: POST with a JWT Torob signed (EdDSA)
 * for that host; refused without it, with a bad one, or for a store that has
 * not turned it on; the documented request shapes and answer fields; every
 * variant of a 10,000-product store reached by paging and by cursor.
 */
const torobKeys = generateKeyPairSync("ed25519");
const strangerKeys = generateKeyPairSync("ed25519");
const test = useTestPlatform({ TOROB_PUBLIC_KEY: torobKeys.publicKey.export({ type: "spki", format: "pem" }).toString() });
let server: TestServer;
let owner: User;
let shop: Store;
let other: Store;

const host = (store: Pick<Store, "slug">) => `${store.slug}.mall.localhost`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A token as Torob makes it: EdDSA over header.claims, for `aud`, five minutes long. */
function token(aud: string, options: { key?: KeyObject; exp?: number; nbf?: number; alg?: string } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: options.alg ?? "EdDSA", typ: "JWT" });
  const body = b64({ aud, iss: "torob", iat: now, nbf: options.nbf ?? now - 5, exp: options.exp ?? now + 300 });
  return `${head}.${body}.${sign(null, Buffer.from(`${head}.${body}`), options.key ?? torobKeys.privateKey).toString("base64url")}`;
}

function torob(
  store: Pick<Store, "slug">,
  body: unknown,
  headers: Record<string, string> = { "X-Torob-Token": token(host(store)), "X-Torob-Token-Version": "1" },
) {
  return server.request("POST", TOROB_PATH, { host: host(store), headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

beforeAll(async () => {
  const { dataSource } = test.platform;
  owner = await buildUser(dataSource);
  shop = await buildStore(dataSource, { name: "پوشاک ترب", ownerPhone: owner.phone });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر" });
  const { category, allValues } = await buildShirtCategory(dataSource, shop.id);
  await buildProduct(dataSource, shop.id, {
    categoryId: category.id,
    nameFa: "تی‌شرت نخی",
    slug: "tee",
    basePrice: 4_500_000,
    stock: 3,
    attributes: allValues,
  });
  await buildProduct(dataSource, shop.id, { nameFa: "ماگ سفالی", slug: "mug", basePrice: 1_250_000, stock: 0 });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

describe("before the merchant turns it on", () => {
  it("answers 404 in Torob's shape, even to a good token", async () => {
    const res = await torob(shop, { page: 1, sort: "date_added_desc" });
    expect(res.status).toBe(404);
    expect(typeof res.body.error).toBe("string");
  });

  it("is turned on by the owner only", async () => {
    const stranger = await buildUser(test.platform.dataSource);
    expect([403, 404]).toContain(
      (
        await server.request("PATCH", `/api/v1/stores/${shop.id}/retention`, {
          headers: bearer(test.config, stranger),
          body: { torobEnabled: true },
        })
      ).status,
    );
    const bad = await server.request("PATCH", `/api/v1/stores/${shop.id}/retention`, {
      headers: bearer(test.config, owner),
      body: { torobEnabled: "yes" },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("torobEnabled");
    const res = await server.request("PATCH", `/api/v1/stores/${shop.id}/retention`, {
      headers: bearer(test.config, owner),
      body: { torobEnabled: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.torobEnabled).toBe(true);
  });
});

describe("credentials", () => {
  it("refuses a call without Torob's token, with another key's, an expired or future one, another alg or version, or one for another host", async () => {
    await test.platform.dataSource.query(`UPDATE stores SET torob_enabled = true WHERE id = $1`, [other.id]);
    const now = Math.floor(Date.now() / 1000);
    const body = { page: 1, sort: "date_added_desc" };
    const cases: Array<Record<string, string>> = [
      {},
      { "X-Torob-Token-Version": "1" },
      { "X-Torob-Token": token(host(shop)) },
      { "X-Torob-Token": token(host(shop)), "X-Torob-Token-Version": "2" },
      { "X-Torob-Token": token(host(shop), { key: strangerKeys.privateKey }), "X-Torob-Token-Version": "1" },
      { "X-Torob-Token": token(host(shop), { exp: now - 600 }), "X-Torob-Token-Version": "1" },
      { "X-Torob-Token": token(host(shop), { nbf: now + 600 }), "X-Torob-Token-Version": "1" },
      { "X-Torob-Token": token(host(shop), { alg: "none" }), "X-Torob-Token-Version": "1" },
      { "X-Torob-Token": token(host(other)), "X-Torob-Token-Version": "1" },
      { "X-Torob-Token": "not.a.token", "X-Torob-Token-Version": "1" },
    ];
    for (const headers of cases) {
      const res = await torob(shop, body, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(Object.keys(res.body)).toEqual(["error"]);
      expect(typeof res.body.error).toBe("string");
    }
    // The version header as one document spells it is accepted too.
    expect((await torob(shop, body, { "X-Torob-Token": token(host(shop)), "C-Torob-Token-Version": "1" })).status).toBe(200);
  });
});

describe("the documented shapes", () => {
  it("refuses a body that is not exactly one of the request shapes with 400 {error}", async () => {
    for (const body of [
      "not json",
      {},
      { page: 1 },
      { sort: "date_added_desc" },
      { page: 0, sort: "date_added_desc" },
      { page: 1, sort: "cheapest" },
      { page_urls: [] },
      { page_uniques: [1] },
      { page_urls: ["https://x/p/a/"], page: 1 },
      { sort: "product_id_desc", cursor: "zzz" },
      { sort: "product_id_desc", page: 2 },
    ]) {
      const res = await torob(shop, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body)).toEqual(["error"]);
    }
  });

  it("answers a page in the v3 envelope, one entry per variant, prices in Tomans, times in Tehran's zone", async () => {
    const res = await torob(shop, { page: 1, sort: "date_added_desc" });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).toSorted()).toEqual(["api_version", "current_page", "max_pages", "next_cursor", "products", "total"]);
    expect(res.body).toMatchObject({ api_version: "torob_api_v3", current_page: 1, max_pages: 1, next_cursor: null });
    const products = res.body.products as Array<Record<string, unknown>>;
    expect(res.body.total).toBe(products.length);
    const tees = products.filter((p) => String(p.title).startsWith("تی‌شرت نخی - "));
    const [mug] = products.filter((p) => p.title === "ماگ سفالی");
    expect(tees.length).toBeGreaterThan(1);
    expect(new Set(tees.map((p) => p.product_group_id)).size).toBe(1);
    for (const product of products) {
      expect(Object.keys(product).toSorted()).toEqual([
        "availability",
        "category_name",
        "current_price",
        "date_added",
        "date_updated",
        "guarantee",
        "image_links",
        "old_price",
        "page_unique",
        "page_url",
        "product_group_id",
        "short_desc",
        "spec",
        "subtitle",
        "title",
      ]);
      expect(String(product.page_url).startsWith(`http://${host(shop)}`)).toBe(true);
      expect(String(product.page_unique).length).toBeLessThanOrEqual(200);
      expect(product.date_added).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:30$/);
      expect(product.date_updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:30$/);
      expect(Number.isInteger(product.current_price)).toBe(true);
      expect(typeof product.availability).toBe("boolean");
      expect(Array.isArray(product.image_links)).toBe(true);
      expect(typeof product.spec).toBe("object");
    }
    expect(tees[0]).toMatchObject({ current_price: 450_000, availability: true });
    expect(String(tees[0]!.page_url)).toMatch(/\/p\/tee\/\?v=[0-9a-f-]{36}$/);
    expect(Object.keys(tees[0]!.spec as object).length).toBeGreaterThan(0);
    // Sold out: price 0, unavailable (as the guide asks), on the product's own page.
    expect(mug).toMatchObject({ current_price: 0, availability: false, page_url: expect.stringMatching(/\/p\/mug\/$/) });

    // Asked by unique and by URL: the same entries; unknown ones answer an empty list.
    const byUnique = await torob(shop, { page_uniques: [tees[0]!.page_unique, "no-such-unique"] });
    expect(byUnique.body.products).toEqual([tees[0]]);
    const byUrl = await torob(shop, { page_urls: [mug!.page_url, tees[1]!.page_url] });
    expect(byUrl.body.products.map((p: { page_unique: string }) => p.page_unique).toSorted()).toEqual(
      [mug!.page_unique, tees[1]!.page_unique].toSorted(),
    );
    const none = await torob(shop, { page_urls: [`http://${host(other)}/p/tee/`] });
    expect(none.body).toMatchObject({ total: 0, products: [] });
  });
});

describe("a 10,000-product store", () => {
  it("is read to the end by pages of 100 and by cursor, every variant once", async () => {
    const { dataSource } = test.platform;
    const big = await seedLargeCatalog(dataSource, { slug: randomSlug("torob"), products: 10_000 });
    await dataSource.query(`UPDATE stores SET torob_enabled = true WHERE id = $1`, [big.storeId]);
    const [row] = await dataSource.query(`SELECT slug FROM stores WHERE id = $1`, [big.storeId]);
    const store = { slug: row.slug as string };
    const [{ active }] = await dataSource.query(
      `SELECT count(*)::int AS active FROM product_instances i JOIN products p ON p.store_id = i.store_id AND p.id = i.product_id WHERE i.store_id = $1 AND i.is_active AND p.is_active`,
      [big.storeId],
    );
    expect(active).toBeGreaterThanOrEqual(10_000);

    const first = await torob(store, { page: 1, sort: "date_updated_desc" });
    expect(first.body, JSON.stringify(first.body)).toMatchObject({ current_page: 1, total: active, max_pages: Math.ceil(active / 100) });
    const seen = new Set<string>();
    for (let page = 1; page <= first.body.max_pages; page++) {
      const res = await torob(store, { page, sort: "date_added_desc" });
      expect(res.status).toBe(200);
      expect(res.body.products).toHaveLength(page < first.body.max_pages ? 100 : active - 100 * (first.body.max_pages - 1));
      for (const product of res.body.products) seen.add(product.page_unique);
    }
    expect(seen.size).toBe(active);
    expect((await torob(store, { page: first.body.max_pages + 1, sort: "date_added_desc" })).body.products).toEqual([]);

    const byCursor = new Set<string>();
    let cursor: string | null = null;
    let calls = 0;
    do {
      const res = await torob(store, cursor ? { sort: "product_id_desc", cursor } : { sort: "product_id_desc" });
      expect(res.status).toBe(200);
      for (const product of res.body.products) byCursor.add(product.page_unique);
      cursor = res.body.next_cursor;
      if (cursor) expect(res.body.products).toHaveLength(100);
      calls++;
    } while (cursor);
    expect(calls).toBe(Math.ceil(active / 100));
    expect(byCursor).toEqual(seen);
  }, 600_000);
});
