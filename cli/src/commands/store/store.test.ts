import { describe, expect, it } from "vitest";
import { buildStore, buildTenant, randomSlug } from "@mall/server/test/factories.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import type { StoreView } from "../../presenters.js";
import type { StoreStatusResult } from "../../store-status-command.js";
import { cliEnv, runCli, runJson } from "../../test/run-cli.js";

const test = useTestPlatform({ PLATFORM_DOMAIN: "mall.test" });
const env = () => cliEnv(test.config, { PLATFORM_DOMAIN: "mall.test" });

/** Row counts of everything a store command may write; bad input must leave them as they were. */
async function counts(): Promise<Record<string, number>> {
  const [row] = await test.platform.dataSource.query<Array<Record<string, number>>>(
    `SELECT (SELECT count(*)::int FROM tenants) AS tenants, (SELECT count(*)::int FROM stores) AS stores,
            (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM store_members) AS members,
            (SELECT count(*)::int FROM outbox) AS outbox`,
  );
  return row!;
}

async function storeEvents(storeId: string): Promise<Array<{ payload: Record<string, unknown> }>> {
  return test.platform.dataSource.query("SELECT payload FROM outbox WHERE type = 'store.changed' AND store_id = $1 ORDER BY id", [storeId]);
}

describe("mall store", { timeout: 120_000 }, () => {
  it("creates a store whose owner phone typed in Persian digits is stored normalised", async () => {
    const tenant = await buildTenant(test.platform.dataSource);
    const slug = randomSlug("ketab");
    const result = await runCli(
      [
        "store",
        "create",
        "--tenant",
        tenant.slug,
        "--name",
        "کتاب‌فروشی نمونه",
        "--slug",
        slug,
        "--owner-phone",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "--theme",
        "minimal",
      ],
      env(),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created store ${slug}.`);
    expect(result.stdout).toMatch(/^owner phone:\s+\+989121234567$/m);
    expect(result.stdout).toMatch(new RegExp(`^host:\\s+${slug}\\.mall\\.test$`, "m"));

    const [row] = await test.platform.dataSource.query<Array<{ phone: string; theme: string; layout: string; status: string }>>(
      "SELECT u.phone, s.theme, s.layout, s.status FROM stores s JOIN users u ON u.id = s.owner_id WHERE s.slug = $1",
      [slug],
    );
    expect(row).toEqual({ phone: "+989121234567", theme: "minimal", layout: "grid", status: "active" });
  });

  it("lists and shows stores, as text and as JSON", async () => {
    const tenant = await buildTenant(test.platform.dataSource);
    const store = await buildStore(test.platform.dataSource, { tenant: tenant.id, name: "فروشگاه فهرست", ownerPhone: "+989121110000" });
    const other = await buildStore(test.platform.dataSource);
    const [table, listed, filtered, shown, shownJson] = await Promise.all([
      runCli(["store", "list"], env()),
      runJson<StoreView[]>(["store", "list"], env()),
      runJson<StoreView[]>(["store", "list", "--tenant", tenant.slug], env()),
      runCli(["store", "show", store.slug], env()),
      runJson<StoreView>(["store", "show", store.slug.toUpperCase()], env()),
    ]);

    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^SLUG\s+NAME\s+STATUS\s+TENANT\s+OWNER PHONE\s+HOST$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${store.slug}\\s+فروشگاه فهرست\\s+active\\s+${tenant.slug}\\s+\\+989121110000\\s+${store.slug}\\.mall\\.test$`),
      ),
    );

    const expected = {
      id: store.id,
      slug: store.slug,
      name: "فروشگاه فهرست",
      status: "active",
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
      ownerPhone: "+989121110000",
      host: `${store.slug}.mall.test`,
      theme: "bazaar",
      layout: "grid",
    };
    expect(listed).toContainEqual(expect.objectContaining(expected));
    expect(listed.map((s) => s.slug)).toContain(other.slug);
    expect(filtered.map((s) => s.slug)).toEqual([store.slug]);
    expect(shownJson).toMatchObject(expected);

    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^status:\\s+active$`, "m"));
    expect(shown.stdout).toMatch(new RegExp(`^tenant:\\s+${tenant.slug} \\(${tenant.name}\\)$`, "m"));
  });

  it("suspends and resumes a store, recording store.changed each time", async () => {
    const store = await buildStore(test.platform.dataSource);
    const eventsBefore = (await storeEvents(store.id)).length;

    const dryRun = await runJson<StoreStatusResult>(["store", "suspend", store.slug, "--dry-run"], env());
    expect(dryRun).toMatchObject({ status: "active", dryRun: true, changed: false });
    expect(await storeEvents(store.id)).toHaveLength(eventsBefore);

    const suspended = await runCli(["store", "suspend", store.slug], env());
    expect(suspended.code).toBe(0);
    expect(suspended.stdout).toContain(`Store ${store.slug} is now suspended (was active).`);
    const [shown, suspendedList] = await Promise.all([
      runCli(["store", "show", store.slug], env()),
      runJson<StoreView[]>(["store", "list", "--status", "suspended"], env()),
    ]);
    expect(shown.stdout).toMatch(/^status:\s+suspended$/m);
    expect(suspendedList.map((s) => s.slug)).toEqual([store.slug]);
    const events = await storeEvents(store.id);
    expect(events).toHaveLength(eventsBefore + 1);
    expect(events.at(-1)!.payload).toMatchObject({ change: "status", status: "suspended", slug: store.slug });

    // By id this time: every store command takes an id or a slug.
    const resumed = await runJson<StoreStatusResult>(["store", "resume", store.id], env());
    expect(resumed).toMatchObject({ slug: store.slug, status: "active", previousStatus: "suspended", changed: true });
    expect((await runJson<StoreView>(["store", "show", store.slug], env())).status).toBe("active");
    expect(await storeEvents(store.id)).toHaveLength(eventsBefore + 2);
  });

  it("refuses bad input with one line on stderr, exit 1, and changes nothing", async () => {
    const tenant = await buildTenant(test.platform.dataSource);
    const existing = await buildStore(test.platform.dataSource, { tenant: tenant.id });
    const before = await counts();
    const create = (overrides: Record<string, string>) => {
      const flags = { tenant: tenant.slug, name: "فروشگاه", slug: randomSlug("bad"), "owner-phone": "09121234567", ...overrides };
      return runCli(["store", "create", ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value])], env());
    };
    const results = await Promise.all([
      create({ slug: "-bad-" }),
      create({ slug: "admin" }),
      create({ slug: existing.slug }),
      create({ tenant: "no-such-tenant" }),
      create({ "owner-phone": "12345" }),
      create({ theme: "fancy" }),
      runCli(["store", "create", "--tenant", tenant.slug, "--name", "فروشگاه"], env()),
      runCli(["store", "show", "no-such-store"], env()),
      runCli(["store", "suspend", "no-such-store"], env()),
      runCli(["store", "list", "--status", "closed"], env()),
    ]);
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.errorLines).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    expect(results.map((result) => result.errorLines[0])).toEqual([
      "Error: slug: نامک فقط حروف کوچک لاتین، رقم و خط تیره دارد و با خط تیره شروع یا تمام نمی‌شود.",
      "Error: slug: این نامک رزرو شده است؛ نامک دیگری انتخاب کنید.",
      "Error: slug: این نامک قبلاً استفاده شده است؛ نامک دیگری انتخاب کنید.",
      "Error: tenant: حساب مالکی با این شناسه پیدا نشد.",
      "Error: owner-phone: شمارهٔ همراه معتبر نیست؛ یک شمارهٔ همراه ایرانی مثل ۰۹۱۲۱۲۳۴۵۶۷ وارد کنید.",
      "Error: Expected --theme=fancy to be one of: bazaar, minimal, gallery (see --help)",
      "Error: Missing required flag --owner-phone; Missing required flag --slug (see --help)",
      "Error: store: فروشگاهی با این نشانی پیدا نشد.",
      "Error: store: فروشگاهی با این نشانی پیدا نشد.",
      "Error: Expected --status=closed to be one of: active, suspended, deleted (see --help)",
    ]);
    expect(await counts()).toEqual(before);
  });
});
