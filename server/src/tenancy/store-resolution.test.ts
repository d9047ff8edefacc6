import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { systemContext } from "../core/context.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { Store } from "./store.entity.js";
import { setStoreStatus } from "./tenancy.service.js";

const test = useTestPlatform();
let server: TestServer;
let shirts: Store;
let teas: Store;
let shirtProductId: string;
let teaProductId: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  shirts = await buildStore(dataSource, { name: "پیراهن‌فروشی" });
  teas = await buildStore(dataSource, { name: "چای‌فروشی" });
  shirtProductId = (await buildProduct(dataSource, shirts.id, { nameFa: "پیراهن مردانه" })).id;
  teaProductId = (await buildProduct(dataSource, teas.id, { nameFa: "چای لاهیجان" })).id;
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

const host = (store: Store) => `${store.slug}.mall.localhost`;

describe("finding the store of a request", () => {
  it("finds the store by its subdomain and shows only its products", async () => {
    const res = await server.request("GET", "/api/v1/products", { host: `${host(shirts)}:3000` });
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { nameFa: string }) => p.nameFa)).toEqual(["پیراهن مردانه"]);
    expect(res.body.nextCursor).toBeNull();
  });

  it("finds the store by the X-Store header, by slug or by id", async () => {
    const bySlug = await server.request("GET", "/api/v1/store", { headers: { "X-Store": teas.slug } });
    expect(bySlug.status).toBe(200);
    expect(bySlug.body).toMatchObject({ id: teas.id, slug: teas.slug, name: "چای‌فروشی" });
    const byId = await server.request("GET", "/api/v1/store", { headers: { "X-Store": teas.id } });
    expect(byId.body.id).toBe(teas.id);
  });

  it("never shows another store's product through this store's host", async () => {
    const res = await server.request("GET", `/api/v1/products/${teaProductId}`, { host: host(shirts) });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("product_not_found");
    expect(res.text).not.toContain("لاهیجان");
    const own = await server.request("GET", `/api/v1/products/${shirtProductId}`, { host: host(shirts) });
    expect(own.status).toBe(200);
    expect(own.body.nameFa).toBe("پیراهن مردانه");
  });

  it("answers 404 JSON for an unknown store, by host or by header", async () => {
    const byHost = await server.request("GET", "/api/v1/store", { host: "no-such-store.mall.localhost" });
    expect(byHost.status).toBe(404);
    expect(byHost.body.error).toMatchObject({ code: "store_not_found" });
    const byHeader = await server.request("GET", "/api/v1/store", { headers: { "X-Store": "no-such-store" } });
    expect(byHeader.status).toBe(404);
    expect(byHeader.body.error).toMatchObject({ code: "store_not_found", field: "X-Store" });
    const deep = await server.request("GET", "/api/v1/store", { host: `a.${host(shirts)}` });
    expect(deep.status).toBe(404);
  });

  it("answers 404 for the platform's own host when no X-Store is given", async () => {
    const res = await server.request("GET", "/api/v1/products", { host: "mall.localhost" });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("store_not_found");
  });

  it("refuses a Host and an X-Store that name different stores", async () => {
    const res = await server.request("GET", "/api/v1/products", { host: host(shirts), headers: { "X-Store": teas.slug } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "store_mismatch", field: "X-Store" });
  });

  it("answers 410 with a Persian message once a store is suspended, and serves it again once resumed", async () => {
    const before = await server.request("GET", "/api/v1/store", { host: host(teas) });
    expect(before.status).toBe(200); // now cached in Redis
    const { dataSource, storeCache } = test.platform;
    await dataSource.transaction((manager) => setStoreStatus(systemContext(manager, "test"), teas.id, "suspended"));
    // The outbox's store-cache listener does this in the worker; here we run the same invalidation directly.
    await storeCache.invalidate([teas]);
    const suspended = await server.request("GET", "/api/v1/products", { host: host(teas) });
    expect(suspended.status).toBe(410);
    expect(suspended.body.error.code).toBe("store_suspended");
    expect(suspended.body.error.message).toMatch(/غیرفعال/);
    expect(suspended.text).not.toContain("لاهیجان");
    await dataSource.transaction((manager) => setStoreStatus(systemContext(manager, "test"), teas.id, "active"));
    await storeCache.invalidate([teas]);
    expect((await server.request("GET", "/api/v1/products", { host: host(teas) })).status).toBe(200);
  });

  it("routes a verified custom domain to its store, and an unverified one nowhere", async () => {
    const { dataSource, storeCache } = test.platform;
    await dataSource.getRepository(Store).update({ id: shirts.id }, { customDomain: "shirts.example.ir", customDomainVerified: false });
    expect((await server.request("GET", "/api/v1/store", { host: "shirts.example.ir" })).status).toBe(404);
    await dataSource.getRepository(Store).update({ id: shirts.id }, { customDomainVerified: true });
    await storeCache.invalidate([{ ...shirts, customDomain: "shirts.example.ir" }]);
    const res = await server.request("GET", "/api/v1/store", { host: "SHIRTS.example.ir." });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(shirts.id);
  });
});
