import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLargeCatalog } from "../bench/seed-large-catalog.js";
import type { User } from "../identity/user.entity.js";
import { createApp } from "../main/app.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildShirtCategory, buildStore, randomSlug } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { EMALLS_PATH } from "./comparison-webservice.js";
import { emallsToken } from "./emalls.service.js";

/**
 * Emalls' merchant webservice (issue 27 #5) on each store's own host. What
 * Emalls expects comes from a secondary source, a merchant's README on
 * GitHub (emalls.service.ts): `page` and `item_per_page` in, `{ success,
 * products, total_items, pages_count, item_per_page, page_num }` out, each
 * product title, id, price (Tomans), category, image, guarantee,
 * is_available and url. The token is the store's own, from the back office.
 */
const test = useTestPlatform();
let server: TestServer;
let owner: User;
let shop: Store;
let other: Store;

const host = (store: Pick<Store, "slug">) => `${store.slug}.mall.localhost`;

function emalls(store: Pick<Store, "slug">, query: string, headers: Record<string, string> = {}) {
  return server.request("GET", `${EMALLS_PATH}${query}`, { host: host(store), headers });
}

async function turnOn(store: Store, user: User): Promise<{ emallsUrl: string; emallsToken: string }> {
  const res = await server.request("PATCH", `/api/v1/stores/${store.id}/retention`, {
    headers: bearer(test.config, user),
    body: { emallsEnabled: true },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

beforeAll(async () => {
  const { dataSource } = test.platform;
  owner = await buildUser(dataSource);
  shop = await buildStore(dataSource, { name: "پوشاک ایمالز", ownerPhone: owner.phone });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر", ownerPhone: owner.phone });
  const { category, allValues } = await buildShirtCategory(dataSource, shop.id);
  await buildProduct(dataSource, shop.id, {
    categoryId: category.id,
    nameFa: "تی‌شرت نخی",
    slug: "tee",
    basePrice: 4_500_005,
    stock: 3,
    attributes: allValues,
  });
  await buildProduct(dataSource, shop.id, { nameFa: "ماگ سفالی", slug: "mug", basePrice: 1_250_000, stock: 0 });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

describe("the switch and the token", () => {
  it("answers 404 until the owner turns it on; then the owner sees the address and the token", async () => {
    const off = await emalls(shop, "?page=1&item_per_page=10");
    expect(off.status).toBe(404);
    expect(off.body).toMatchObject({ success: false, error: { code: "not_found" } });

    const before = await server.request("GET", `/api/v1/stores/${shop.id}/retention`, { headers: bearer(test.config, owner) });
    expect(before.body).toMatchObject({
      emallsEnabled: false,
      emallsToken: null,
      emallsUrl: `${storeOrigin(test.config, shop)}${EMALLS_PATH}`,
    });

    const stranger = await buildUser(test.platform.dataSource);
    expect([403, 404]).toContain(
      (
        await server.request("PATCH", `/api/v1/stores/${shop.id}/retention`, {
          headers: bearer(test.config, stranger),
          body: { emallsEnabled: true },
        })
      ).status,
    );
    const bad = await server.request("PATCH", `/api/v1/stores/${shop.id}/retention`, {
      headers: bearer(test.config, owner),
      body: { emallsEnabled: "yes" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("emallsEnabled");

    const on = await turnOn(shop, owner);
    expect(on).toMatchObject({ emallsEnabled: true, emallsUrl: `${storeOrigin(test.config, shop)}${EMALLS_PATH}` });
    expect(on.emallsToken).toMatch(/^[0-9a-f]{32}$/);
    const [audit] = await test.platform.dataSource.query(
      `SELECT after FROM audit_entries WHERE store_id = $1 AND action = 'store.settings_changed' ORDER BY created_at DESC LIMIT 1`,
      [shop.id],
    );
    expect(audit.after).toMatchObject({ emallsEnabled: true });
  });

  it("refuses a call without the store's token, with a wrong one, another store's, or one renewed away (401 naming token)", async () => {
    const { emallsToken: token } = await turnOn(shop, owner);
    const { emallsToken: otherToken } = await turnOn(other, owner);
    expect(otherToken).not.toBe(token);
    for (const [query, headers] of [
      ["?page=1", {}],
      ["?page=1&token=", {}],
      [`?page=1&token=${"0".repeat(32)}`, {}],
      [`?page=1&token=${token.slice(0, 31)}`, {}],
      [`?page=1&token=${otherToken}`, {}],
      ["?page=1", { authorization: `Bearer ${otherToken}` }],
      ["?page=1", { authorization: token }],
    ] as Array<[string, Record<string, string>]>) {
      const res = await emalls(shop, query, headers);
      expect(res.status, `${query} ${JSON.stringify(headers)}`).toBe(401);
      expect(res.body).toMatchObject({ success: false, error: { code: "unauthorized", field: "token" } });
      expect(JSON.stringify(res.body)).not.toContain("products");
    }
    const okRes = await emalls(shop, `?page=1&token=${token}`);
    expect(okRes.status, okRes.text).toBe(200);
    expect((await emalls(shop, "?page=1", { authorization: `Bearer ${token}` })).status).toBe(200);

    const renewed = await server.request("POST", `/api/v1/stores/${shop.id}/retention/emalls-token`, {
      headers: bearer(test.config, owner),
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.emallsToken).toMatch(/^[0-9a-f]{32}$/);
    expect(renewed.body.emallsToken).not.toBe(token);
    expect((await emalls(shop, `?page=1&token=${token}`)).status).toBe(401);
    expect((await emalls(shop, `?page=1&token=${renewed.body.emallsToken}`)).status).toBe(200);
    const [audit] = await test.platform.dataSource.query(
      `SELECT before, after FROM audit_entries WHERE store_id = $1 AND action = 'store.settings_changed' ORDER BY created_at DESC LIMIT 1`,
      [shop.id],
    );
    // The audit names the tokens by their last four characters only.
    expect(audit).toEqual({
      before: { emallsToken: `****${token.slice(-4)}` },
      after: { emallsToken: `****${renewed.body.emallsToken.slice(-4)}` },
    });
    const stranger = await buildUser(test.platform.dataSource);
    expect([403, 404]).toContain(
      (await server.request("POST", `/api/v1/stores/${shop.id}/retention/emalls-token`, { headers: bearer(test.config, stranger) })).status,
    );

    // Turned off again: 404 even with the right token.
    await server.request("PATCH", `/api/v1/stores/${other.id}/retention`, {
      headers: bearer(test.config, owner),
      body: { emallsEnabled: false },
    });
    const off = await emalls(other, `?page=1&token=${otherToken}`);
    expect(off.status).toBe(404);
  });
});

describe("the token's secret", () => {
  it("is EMALLS_TOKEN_SECRET alone: the token follows from it, and one made with the sign-in secret (JWT_SECRET) is refused", async () => {
    const { emallsToken: token } = await turnOn(shop, owner);
    const [{ generation }] = await test.platform.dataSource.query(
      `SELECT emalls_token_generation AS generation FROM stores WHERE id = $1`,
      [shop.id],
    );
    expect(test.config.EMALLS_TOKEN_SECRET).not.toBe(test.config.JWT_SECRET);
    expect(token).toBe(emallsToken(test.config.EMALLS_TOKEN_SECRET, { id: shop.id, emallsTokenGeneration: generation }));
    const fromSignInSecret = emallsToken(test.config.JWT_SECRET, { id: shop.id, emallsTokenGeneration: generation });
    expect(fromSignInSecret).not.toBe(token);
    const refused = await emalls(shop, `?page=1&token=${fromSignInSecret}`);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ success: false, error: { code: "unauthorized", field: "token" } });
  });
});

describe("the documented shapes", () => {
  it("refuses page or item_per_page out of bounds or not a whole number with 400 naming the field", async () => {
    const { emallsToken: token } = await turnOn(shop, owner);
    for (const [query, field] of [
      ["page=0", "page"],
      ["page=-1", "page"],
      ["page=abc", "page"],
      ["page=1.5", "page"],
      ["page=1&page=2", "page"],
      ["page=99999999999", "page"],
      ["item_per_page=0", "item_per_page"],
      ["item_per_page=501", "item_per_page"],
      ["item_per_page=ten", "item_per_page"],
      ["page=1&item_per_page=1e2", "item_per_page"],
    ]) {
      const res = await emalls(shop, `?${query}&token=${token}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ success: false, error: { code: "invalid_input", field } });
      expect(typeof res.body.error.message).toBe("string");
    }
    const posted = await server.request("POST", EMALLS_PATH, { host: host(shop), body: { page: "first", token } });
    expect(posted.status).toBe(400);
    expect(posted.body.error.field).toBe("page");
    const notJson = await server.request("POST", EMALLS_PATH, {
      host: host(shop),
      body: "{not json",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.success).toBe(false);
  });

  it("answers a page in the documented envelope: one entry per product, prices in Tomans, absolute links on the store's host", async () => {
    const { emallsToken: token } = await turnOn(shop, owner);
    const res = await emalls(shop, `?page=1&item_per_page=10&token=${token}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).toSorted()).toEqual(["item_per_page", "page_num", "pages_count", "products", "success", "total_items"]);
    expect(res.body).toMatchObject({ success: true, total_items: 2, pages_count: 1, item_per_page: 10, page_num: 1 });
    const products = res.body.products as Array<Record<string, unknown>>;
    expect(products).toHaveLength(2);
    for (const product of products)
      expect(Object.keys(product).toSorted()).toEqual(["category", "guarantee", "id", "image", "is_available", "price", "title", "url"]);
    const tee = products.find((p) => p.title === "تی‌شرت نخی")!;
    const mug = products.find((p) => p.title === "ماگ سفالی")!;
    // 4,500,005 Rials is 450,000 Tomans (a part of a Toman dropped); one entry for all of the tee's models.
    expect(tee).toMatchObject({ price: 450_000, is_available: true, url: `${storeOrigin(test.config, shop)}/p/tee/`, guarantee: "" });
    expect(String(tee.category).length).toBeGreaterThan(0);
    // Sold out: its price still, and not available.
    expect(mug).toMatchObject({ price: 125_000, is_available: false, url: `${storeOrigin(test.config, shop)}/p/mug/` });
    // The same by POST, form or JSON.
    const form = await server.request("POST", EMALLS_PATH, {
      host: host(shop),
      body: `page=1&item_per_page=10&token=${token}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.body).toEqual(res.body);
    const json = await server.request("POST", EMALLS_PATH, { host: host(shop), body: { page: 1, item_per_page: 10, token } });
    expect(json.body).toEqual(res.body);
    // Another store's host answers its own products only.
    const { emallsToken: otherToken } = await turnOn(other, owner);
    expect((await emalls(other, `?token=${otherToken}`)).body).toMatchObject({ total_items: 0, pages_count: 1, products: [] });
  });
});

describe("a 10,000-product store", () => {
  it("is read to the end in one pass, every product once, total_items and pages_count agreeing with what came", async () => {
    const { dataSource } = test.platform;
    const big = await seedLargeCatalog(dataSource, { slug: randomSlug("emalls"), products: 10_000 });
    const [row] = await dataSource.query(`SELECT slug FROM stores WHERE id = $1`, [big.storeId]);
    await dataSource.query(`UPDATE stores SET emalls_enabled = true WHERE id = $1`, [big.storeId]);
    // The token the back office shows this store's merchant.
    const token = emallsToken(test.config.EMALLS_TOKEN_SECRET, { id: big.storeId, emallsTokenGeneration: 1 });
    const store = { slug: row.slug as string };
    const [{ listed }] = await dataSource.query(
      `SELECT count(*)::int AS listed FROM products p WHERE p.store_id = $1 AND p.is_active
         AND EXISTS (SELECT 1 FROM product_instances i WHERE i.store_id = p.store_id AND i.product_id = p.id AND i.is_active)`,
      [big.storeId],
    );
    expect(listed).toBeGreaterThanOrEqual(10_000);

    const perPage = 500;
    const seen = new Set<string>();
    let pages = Infinity;
    let page = 1;
    for (; page <= pages; page++) {
      const res = await emalls(store, `?page=${page}&item_per_page=${perPage}&token=${token}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, total_items: listed, item_per_page: perPage, page_num: page });
      pages = res.body.pages_count;
      expect(pages).toBe(Math.ceil(listed / perPage));
      expect(res.body.products).toHaveLength(page < pages ? perPage : listed - perPage * (pages - 1));
      for (const product of res.body.products) {
        expect(seen.has(product.id)).toBe(false);
        seen.add(product.id);
      }
    }
    expect(page - 1).toBe(Math.ceil(listed / perPage));
    expect(seen.size).toBe(listed);
    const past = await emalls(store, `?page=${page}&item_per_page=${perPage}&token=${token}`);
    expect(past.body).toMatchObject({ success: true, total_items: listed, products: [] });
  }, 600_000);
});
