import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { buildProduct, buildShirtCategory, buildStore } from "@mall/server/test/factories.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import { StoreMember } from "@mall/server/tenancy/store-member.entity.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * The back office's product CSV: the export downloads with its BOM, an
 * import runs as a catalog-import job whose progress the page polls, a
 * price changed through it is audited as the back office, and order staff
 * can't import.
 */
const test = useAdminServer({ queues: ["sms", "catalog-import"] });
let store: Store;
let owner: User;
let session: AdminSession;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "پوشاک پیشخوان" });
  owner = (await dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  const { category, allValues } = await buildShirtCategory(dataSource, store.id);
  await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    nameFa: "تی‌شرت «پیشخوان»، نخی",
    name: "Desk tee",
    slug: "desk-tee",
    description: 'سطر اول،\nسطر "دوم"',
    basePrice: 3_000_000,
    attributes: allValues,
    stock: 5,
  });
  session = await signInToAdmin(test.server, test.platform, owner.phone);
}, 60_000);

/** Sends a file's text as the page does (the AdminJS session helper posts forms). */
async function sendCsv(who: AdminSession, text: string) {
  const response = await fetch(`${test.server.url}/admin/catalog-csv/import?storeId=${store.id}`, {
    method: "POST",
    headers: { cookie: who.cookie, "Content-Type": "text/csv; charset=utf-8" },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as { jobId: string } };
}

async function poll(jobId: string) {
  const seen: string[] = [];
  for (let i = 0; i < 200; i++) {
    const res = await session.get(`/catalog-csv/import/${jobId}?storeId=${store.id}`);
    expect(res.status, res.text).toBe(200);
    if (res.body.progress) seen.push(`${res.body.progress.phase} ${res.body.progress.done}/${res.body.progress.total}`);
    if (res.body.state === "completed" || res.body.state === "failed") return { ...res.body, seen };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("import did not finish");
}

describe("product CSV in the back office", { timeout: 60_000 }, () => {
  it("offers the person's stores, downloads the export, imports a changed price as a job (audited as the back office)", async () => {
    expect((await session.get("/catalog-csv/stores")).body).toEqual({ items: [{ id: store.id, name: "پوشاک پیشخوان" }] });
    const exported = await fetch(`${test.server.url}/admin/catalog-csv/export?storeId=${store.id}`, {
      headers: { cookie: session.cookie },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toContain("products.csv");
    const bytes = Buffer.from(await exported.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(bytes.toString("utf8").slice(1)) as string[][];
    rows[0]![8] = "3300000";

    const started = await sendCsv(session, "\uFEFF" + stringify([header!, ...rows]));
    expect(started.status).toBe(202);
    const done = await poll(started.body.jobId);
    expect(done.result).toEqual({
      ok: true,
      summary: { products: { created: 0, updated: 0, unchanged: 1 }, instances: { created: 0, updated: 1, unchanged: 3 } },
    });
    expect(done.seen.at(-1)).toBe("importing 1/1");
    const instance = await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: store.id, sku: rows[0]![7] });
    expect(instance.price).toBe(3_300_000);
    const [entry] = await test.platform.dataSource.query(`SELECT actor_user_id, surface, after FROM audit_entries WHERE entity_id = $1`, [
      instance.id,
    ]);
    expect(entry).toEqual({ actor_user_id: owner.id, surface: "admin", after: { price: 3_300_000 } });
  });

  it("shows a file's errors by row and column; order staff can't import; another store is not found", async () => {
    const started = await sendCsv(
      session,
      "نامک محصول,نام محصول,نام لاتین,دسته,قیمت پایه (ریال),SKU,قیمت مدل (ریال),موجودی\nx,ایکس,X,تی‌شرت,ده,X1,,1\n",
    );
    const done = await poll(started.body.jobId);
    expect(done.result).toEqual({
      ok: false,
      errors: [{ row: 2, column: "قیمت پایه (ریال)", message: "«ده» عدد صحیح نیست؛ مبلغ به ریال و بدون اعشار نوشته شود." }],
    });

    const clerk = await buildUser(test.platform.dataSource);
    await test.platform.dataSource.getRepository(StoreMember).insert({ storeId: store.id, userId: clerk.id, role: "order_staff" });
    const clerkSession = await signInToAdmin(test.server, test.platform, clerk.phone);
    const refused = await sendCsv(clerkSession, "a\n");
    expect(refused.status).toBe(403);
    const other = await buildStore(test.platform.dataSource);
    expect((await session.get(`/catalog-csv/export?storeId=${other.id}`)).status).toBe(404);
  });
});
