import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@mall/server/main/app.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { startTestServer, type TestServer } from "@mall/server/test/http-client.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import type { MemberView } from "../../member-output.js";
import type { StoreStatusResult } from "../../store-status-command.js";
import { cliEnv, runCli, runJson } from "../../test/run-cli.js";

const test = useTestPlatform({ PLATFORM_DOMAIN: "mall.test" });
const env = () => cliEnv(test.config, { PLATFORM_DOMAIN: "mall.test" });
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

async function members(storeId: string): Promise<Array<{ phone: string; role: string }>> {
  return test.platform.dataSource.query(
    "SELECT u.phone, m.role FROM store_members m JOIN users u ON u.id = m.user_id WHERE m.store_id = $1 ORDER BY u.phone",
    [storeId],
  );
}

describe("mall store delete and members", { timeout: 120_000 }, () => {
  it("refuses to delete without --yes off a terminal, then soft-deletes: the API answers 410 and the data is kept", async () => {
    const store = await buildStore(test.platform.dataSource);
    await buildProduct(test.platform.dataSource, store.id, { nameFa: "کالای ماندگار" });

    const refused = await runCli(["store", "delete", store.slug], env());
    expect(refused.code).toBe(1);
    expect(refused.errorLines).toEqual([
      `Error: not deleting store ${store.slug} without --yes when not on a terminal / حذف بدون --yes انجام نمی‌شود (see --help)`,
    ]);
    expect(refused.stdout).toBe("");
    expect((await server.request("GET", "/api/v1/store", { host: `${store.slug}.mall.test` })).status).toBe(200);

    const deleted = await runJson<StoreStatusResult>(["store", "delete", store.slug, "--yes"], env());
    expect(deleted).toMatchObject({ slug: store.slug, status: "deleted", previousStatus: "active", changed: true });
    const [event] = await test.platform.dataSource.query<Array<{ payload: Record<string, unknown> }>>(
      "SELECT payload FROM outbox WHERE type = 'store.changed' AND store_id = $1 ORDER BY id DESC LIMIT 1",
      [store.id],
    );
    expect(event!.payload).toMatchObject({ change: "status", status: "deleted" });

    await test.platform.storeCache.invalidate([store]);
    const gone = await server.request("GET", "/api/v1/products", { host: `${store.slug}.mall.test` });
    expect(gone.status).toBe(410);
    expect(gone.body.error).toMatchObject({ code: "store_deleted", message: "این فروشگاه حذف شده است." });
    const [row] = await test.platform.dataSource.query<Array<{ count: number }>>(
      "SELECT count(*)::int AS count FROM products WHERE store_id = $1",
      [store.id],
    );
    const count = row!.count;
    expect(count).toBe(1);
    expect((await runJson<StoreStatusResult[]>(["store", "list", "--status", "deleted"], env())).map((s) => s.slug)).toContain(store.slug);

    // A deleted store is not silently revived by resume (nor turned into a suspended one), not even as a dry run.
    const outboxBefore = await test.platform.dataSource.query("SELECT count(*)::int AS count FROM outbox WHERE store_id = $1", [store.id]);
    const revivals = await Promise.all([
      runCli(["store", "resume", store.slug], env()),
      runCli(["store", "resume", store.slug, "--dry-run"], env()),
      runCli(["store", "suspend", store.slug, "--json"], env()),
    ]);
    for (const revival of revivals) {
      expect(revival.code).toBe(1);
      expect(revival.errorLines).toEqual(["Error: store: این فروشگاه حذف شده است و با فعال‌سازی یا تعلیق برنمی‌گردد."]);
    }
    expect(revivals[0]!.stdout).toBe("");
    expect(JSON.parse(revivals[2]!.stdout)).toEqual({
      error: { code: "store_deleted", message: "این فروشگاه حذف شده است و با فعال‌سازی یا تعلیق برنمی‌گردد.", field: "store" },
    });
    const [status] = await test.platform.dataSource.query<Array<{ status: string }>>("SELECT status FROM stores WHERE id = $1", [store.id]);
    expect(status!.status).toBe("deleted");
    expect(await test.platform.dataSource.query("SELECT count(*)::int AS count FROM outbox WHERE store_id = $1", [store.id])).toEqual(
      outboxBefore,
    );
  });

  it("lists a store's members, owners first, as a table and as JSON", async () => {
    const store = await buildStore(test.platform.dataSource, { ownerPhone: "+989120000011" });
    await runJson(["store", "members", "add", store.slug, "09120000012"], env());
    const listed = await runJson<{ members: MemberView[] }>(["store", "members", "list", store.slug], env());
    expect(listed.members).toEqual([
      { store: store.slug, storeId: store.id, phone: "+989120000011", role: "owner" },
      { store: store.slug, storeId: store.id, phone: "+989120000012", role: "manager" },
    ]);
    const text = await runCli(["store", "members", "list", store.slug], env());
    expect(
      text.stdout
        .trimEnd()
        .split("\n")
        .map((line) => line.split(/\s+/)),
    ).toEqual([
      ["PHONE", "ROLE"],
      ["-------------", "-------"],
      ["+989120000011", "owner"],
      ["+989120000012", "manager"],
    ]);
    const missing = await runCli(["store", "members", "list", "no-such-store"], env());
    expect(missing.code).toBe(1);
    expect(missing.errorLines).toEqual(["Error: store: فروشگاهی با این نشانی پیدا نشد."]);
  });

  it("adds and removes members, and never removes the owner", async () => {
    const store = await buildStore(test.platform.dataSource, { ownerPhone: "+989120000001" });
    const added = await runJson<MemberView & { changed: boolean }>(["store", "members", "add", store.slug, "۰۹۱۲۰۰۰۰۰۰۲"], env());
    expect(added).toMatchObject({ store: store.slug, phone: "+989120000002", role: "manager", changed: true });
    const promoted = await runCli(["store", "members", "add", store.slug, "09120000002", "--role", "owner"], env());
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain("+989120000002 is now owner of store");
    expect(await members(store.id)).toEqual([
      { phone: "+989120000001", role: "owner" },
      { phone: "+989120000002", role: "owner" },
    ]);

    const results = await Promise.all([
      runCli(["store", "members", "remove", store.slug, "09120000001"], env()),
      runCli(["store", "members", "add", store.slug, "09120000001", "--role", "manager"], env()),
      runCli(["store", "members", "remove", store.slug, "09120000009"], env()),
      runCli(["store", "members", "add", store.slug, "12345"], env()),
      runCli(["store", "members", "add", "no-such-store", "09120000003"], env()),
      runCli(["store", "members", "add", store.slug, "09120000003", "--role", "king"], env()),
    ]);
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.errorLines).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    expect(results.map((r) => r.errorLines[0])).toEqual([
      "Error: phone: مالک فروشگاه را نمی‌توان حذف کرد یا نقشش را تغییر داد.",
      "Error: phone: مالک فروشگاه را نمی‌توان حذف کرد یا نقشش را تغییر داد.",
      "Error: phone: این شماره عضو این فروشگاه نیست.",
      "Error: phone: شمارهٔ همراه معتبر نیست؛ یک شمارهٔ همراه ایرانی مثل ۰۹۱۲۱۲۳۴۵۶۷ وارد کنید.",
      "Error: store: فروشگاهی با این نشانی پیدا نشد.",
      "Error: Expected --role=king to be one of: owner, manager, order_staff, catalog_staff (see --help)",
    ]);

    const removed = await runJson<MemberView>(["store", "members", "remove", store.slug, "09120000002"], env());
    expect(removed).toMatchObject({ phone: "+989120000002", role: "owner" });
    expect(await members(store.id)).toEqual([{ phone: "+989120000001", role: "owner" }]);
  });
});
