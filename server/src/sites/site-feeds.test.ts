import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildCategory, buildProduct, buildShirtCategory, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildSite } from "./site-build.service.js";
import { sitePaths } from "./site-paths.js";

/**
 * The price-comparison feeds (sites/src/lib/feeds.ts) come out of the same
 * build as the pages: after a build, /feeds/torob.json and /feeds/emalls.json
 * exist in the live folder, are served by the store's host, and say what the
 * product pages say.
 */
const test = useTestPlatform();
let server: TestServer;
let store: Store;
const ids: Record<string, string> = {};

const host = () => `${store.slug}.mall.localhost`;
/** The store's canonical origin, as the build writes it into every absolute URL. */
const origin = () => storeOrigin(test.config, store).replace(/\/$/, "");

interface TorobProduct {
  page_unique: string;
  page_url: string;
  title: string;
  current_price: number;
  availability: boolean;
  category_name: string;
  image_links: string[];
  spec: Record<string, string>;
  short_desc: string;
  date_added: string;
}
interface EmallsProduct {
  id: string;
  title: string;
  url: string;
  price: number;
  category: string;
  image?: string;
  is_available: boolean;
}

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "فروشگاه فید" });
  const dishes = await buildCategory(dataSource, store.id, { nameFa: "ظروف", slug: "dishes" });
  const bowl = await buildProduct(dataSource, store.id, {
    categoryId: dishes.id,
    nameFa: 'کاسهٔ سفالی <b>ویژه</b> & "نو"',
    slug: "clay-bowl",
    basePrice: 3_500_000,
    stock: 4,
  });
  await dataSource.query(`UPDATE products SET images = $2, description = $3 WHERE id = $1`, [
    bowl.id,
    JSON.stringify(["/media/bowl/original.jpg", "/media/bowl/side.jpg"]),
    "<p>دست‌ساز، <strong>لعاب‌دار</strong></p>",
  ]);
  const gone = await buildProduct(dataSource, store.id, {
    categoryId: dishes.id,
    nameFa: "بشقاب مسی",
    slug: "copper-plate",
    basePrice: 9_000_000,
    stock: 0,
  });
  const shirts = await buildShirtCategory(dataSource, store.id);
  const shirt = await buildProduct(dataSource, store.id, {
    categoryId: shirts.category.id,
    nameFa: "تی‌شرت نخی",
    slug: "cotton-tee",
    basePrice: 4_000_000,
    stock: 3,
    attributes: shirts.allValues,
  });
  // One model cheaper and one sold out: the feed shows the lowest price a shopper can pay now.
  const models: Array<{ id: string }> = await dataSource.query(`SELECT id FROM product_instances WHERE product_id = $1 ORDER BY sku`, [
    shirt.id,
  ]);
  await dataSource.query(`UPDATE product_instances SET price = 3200000, stock = 0 WHERE id = $1`, [models[0]!.id]);
  await dataSource.query(`UPDATE product_instances SET price = 3600000 WHERE id = $1`, [models[1]!.id]);
  Object.assign(ids, { bowl: bowl.id, gone: gone.id, shirt: shirt.id });
  server = await startTestServer(createApp(test.platform));
  const build = await buildSite(test.platform, store.id, "test");
  expect(build.status).toBe("succeeded");
}, 120_000);
afterAll(() => server?.close());

const liveFile = (path: string) => readFileSync(join(sitePaths(test.config.SITES_DIR, store.id).current, path), "utf8");

describe("price-comparison feeds", () => {
  it("writes Torob's feed with the build: Tomans, availability, absolute URLs, Persian names intact", async () => {
    const raw = liveFile("feeds/torob.json");
    // Markup in a name travels as \u escapes: the same string to a JSON reader, nothing an HTML page could run.
    expect(raw).not.toMatch(/[<>]/);
    const feed = JSON.parse(raw) as {
      api_version: string;
      total: number;
      max_pages: number;
      current_page: number;
      products: TorobProduct[];
    };
    expect(feed).toMatchObject({ api_version: "torob_api_v3", total: 3, max_pages: 1, current_page: 1 });
    const byId = new Map(feed.products.map((p) => [p.page_unique, p]));
    expect(byId.get(ids.bowl!)).toMatchObject({
      page_url: `${origin()}/p/clay-bowl/`,
      title: 'کاسهٔ سفالی <b>ویژه</b> & "نو"',
      current_price: 350_000,
      availability: true,
      category_name: "ظروف",
      image_links: [`${origin()}/media/bowl/original.jpg`, `${origin()}/media/bowl/side.jpg`],
      short_desc: "دست‌ساز، لعاب‌دار",
    });
    expect(byId.get(ids.bowl!)!.date_added).toMatch(/^\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:\d\d)$/);
    // Out of stock: unavailable, and price 0 as Torob's spec asks for unavailable products.
    expect(byId.get(ids.gone!)).toMatchObject({ availability: false, current_price: 0, title: "بشقاب مسی" });
    // The cheapest model in stock (3,600,000 Rials), not the sold-out cheaper one; the sizes and colours as spec.
    expect(byId.get(ids.shirt!)).toMatchObject({ current_price: 360_000, availability: true, category_name: "تی‌شرت" });
    expect(byId.get(ids.shirt!)!.spec).toEqual({ رنگ: "قرمز، آبی", سایز: "M، L" });
  });

  it("writes Emalls' feed with the same prices and availability", async () => {
    const feed = JSON.parse(liveFile("feeds/emalls.json")) as {
      success: boolean;
      total_items: number;
      pages_count: number;
      page_num: number;
      products: EmallsProduct[];
    };
    expect(feed).toMatchObject({ success: true, total_items: 3, pages_count: 1, page_num: 1 });
    const byId = new Map(feed.products.map((p) => [p.id, p]));
    expect(byId.get(ids.bowl!)).toEqual({
      id: ids.bowl,
      title: 'کاسهٔ سفالی <b>ویژه</b> & "نو"',
      url: `${origin()}/p/clay-bowl/`,
      price: 350_000,
      category: "ظروف",
      image: `${origin()}/media/bowl/original.jpg`,
      is_available: true,
    });
    expect(byId.get(ids.gone!)).toMatchObject({ is_available: false, price: 900_000 });
    expect(byId.get(ids.gone!)!.image).toBeUndefined();
    expect(byId.get(ids.shirt!)).toMatchObject({ is_available: true, price: 360_000 });
  });

  it("follows a price change and a sell-out in the next (incremental) build", async () => {
    const { dataSource } = test.platform;
    await dataSource.query(`UPDATE product_instances SET price = 2900000 WHERE product_id = $1`, [ids.bowl]);
    await dataSource.query(`UPDATE product_instances SET stock = 0 WHERE product_id = $1`, [ids.shirt]);
    const build = await buildSite(test.platform, store.id, "test");
    expect(build).toMatchObject({ status: "succeeded", mode: "incremental" });
    const torob = JSON.parse(liveFile("feeds/torob.json")) as { products: TorobProduct[] };
    const emalls = JSON.parse(liveFile("feeds/emalls.json")) as { products: EmallsProduct[] };
    expect(torob.products.find((p) => p.page_unique === ids.bowl)).toMatchObject({ current_price: 290_000, availability: true });
    expect(torob.products.find((p) => p.page_unique === ids.shirt)).toMatchObject({ current_price: 0, availability: false });
    expect(emalls.products.find((p) => p.id === ids.bowl)).toMatchObject({ price: 290_000, is_available: true });
    expect(emalls.products.find((p) => p.id === ids.shirt)).toMatchObject({ is_available: false });
  });

  it("serves both feeds from the store's host as JSON and names them in robots.txt", async () => {
    for (const path of ["/feeds/torob.json", "/feeds/emalls.json"]) {
      const res = await server.request("GET", path, { host: host() });
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toContain("application/json");
    }
    const robots = await server.request("GET", "/robots.txt", { host: host() });
    expect(robots.text).toContain("Allow: /feeds/");
    expect(robots.text).toContain(`# Torob product feed: ${origin()}/feeds/torob.json`);
    expect(robots.text).toContain(`# Emalls product feed: ${origin()}/feeds/emalls.json`);
  });
});
