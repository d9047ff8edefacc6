import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../main/app.js";
import { startWorkers, type RunningWorker } from "../../main/workers.js";
import { buildProduct, buildShirtCategory, buildStore } from "../../test/factories.js";
import { startTestServer, type TestServer } from "../../test/http-client.js";
import { bearer, buildUser } from "../../test/sign-in.js";
import { useTestPlatform } from "../../test/test-platform.js";
import type { Store } from "../../tenancy/store.entity.js";
import type { User } from "../../identity/user.entity.js";
import { StoreMember } from "../../tenancy/store-member.entity.js";

/**
 * The product CSV over the API: the export downloads with its BOM; an import
 * is a `catalog-import` job whose progress and outcome the status endpoint
 * reports, for the store's catalog people only.
 */
const test = useTestPlatform();
let server: TestServer;
let workers: RunningWorker;
let store: Store;
let owner: User;
let clerk: User;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "فروشگاه CSV" });
  owner = (await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  clerk = await buildUser(dataSource);
  await dataSource.getRepository(StoreMember).insert({ storeId: store.id, userId: clerk.id, role: "order_staff" });
  const { category, allValues } = await buildShirtCategory(dataSource, store.id);
  await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    nameFa: "تی‌شرت",
    name: "Tee",
    slug: "tee",
    basePrice: 2_000_000,
    attributes: allValues,
    stock: 2,
  });
  server = await startTestServer(createApp(test.platform));
  workers = startWorkers(test.platform, { queues: ["catalog-import"], relayIntervalMs: 60_000 });
}, 60_000);
afterAll(async () => {
  await workers.stop();
  await server.close();
});

async function waitForImport(jobId: string) {
  for (let i = 0; i < 200; i++) {
    const res = await server.request("GET", `/api/v1/stores/${store.id}/products/import/${jobId}`, { headers: bearer(test.config, owner) });
    expect(res.status).toBe(200);
    if (res.body.state === "completed" || res.body.state === "failed") return res.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("import did not finish");
}

describe("product CSV over the API", { timeout: 60_000 }, () => {
  it("exports, imports as a job with progress, and changes nothing on a round trip", async () => {
    const exported = await server.request("GET", `/api/v1/stores/${store.id}/products.csv`, { headers: bearer(test.config, owner) });
    expect(exported.status).toBe(200);
    expect(exported.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(exported.text.startsWith("\uFEFF")).toBe(true);

    const started = await server.request("POST", `/api/v1/stores/${store.id}/products/import`, {
      headers: { ...bearer(test.config, owner), "Content-Type": "text/csv" },
      body: exported.text,
    });
    expect(started.status, started.text).toBe(202);
    const done = await waitForImport(started.body.jobId);
    expect(done).toMatchObject({
      state: "completed",
      progress: { phase: "importing", done: 1, total: 1 },
      result: {
        ok: true,
        summary: { products: { created: 0, updated: 0, unchanged: 1 }, instances: { created: 0, updated: 0, unchanged: 4 } },
      },
    });
  });

  it("reports a file's errors by row and column through the status", async () => {
    const started = await server.request("POST", `/api/v1/stores/${store.id}/products/import`, {
      headers: { ...bearer(test.config, owner), "Content-Type": "text/csv" },
      body: "نامک محصول,نام محصول,نام لاتین,دسته,قیمت پایه (ریال),SKU,قیمت مدل (ریال),موجودی\nhat,کلاه,Hat,ناموجود,100,HAT,,1\n",
    });
    const done = await waitForImport(started.body.jobId);
    expect(done.result).toEqual({
      ok: false,
      errors: [{ row: 2, column: "دسته", message: "دسته‌ای با مسیر «ناموجود» در این فروشگاه نیست." }],
    });
  });

  it("refuses order staff, an empty body, and another store's job", async () => {
    const refused = await server.request("POST", `/api/v1/stores/${store.id}/products/import`, {
      headers: { ...bearer(test.config, clerk), "Content-Type": "text/csv" },
      body: "a,b\n",
    });
    expect(refused.status).toBe(403);
    const empty = await server.request("POST", `/api/v1/stores/${store.id}/products/import`, {
      headers: { ...bearer(test.config, owner), "Content-Type": "text/csv" },
      body: "",
    });
    expect(empty.status).toBe(400);
    const other = await buildStore(test.platform.dataSource);
    const otherOwner = (
      await test.platform.dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [other.ownerId])
    )[0] as User;
    const started = await server.request("POST", `/api/v1/stores/${store.id}/products/import`, {
      headers: { ...bearer(test.config, owner), "Content-Type": "text/csv" },
      body: "x\n",
    });
    const peek = await server.request("GET", `/api/v1/stores/${other.id}/products/import/${started.body.jobId}`, {
      headers: bearer(test.config, otherOwner),
    });
    expect(peek.status).toBe(404);
  });
});
