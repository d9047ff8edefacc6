import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StoreRequest } from "@mall/server/tenancy/store-request.entity.js";
import { submitStoreRequest } from "@mall/server/tenancy/store-request.service.js";
import { buildStore, randomSlug } from "@mall/server/test/factories.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import type { StoreRequestView } from "../../presenters.js";
import { cliEnv, runCli, runJson } from "../../test/run-cli.js";
import type { SiteBuildView } from "../site/rebuild.js";
import type { StoreRequestDecisionView } from "./approve.js";

const test = useTestPlatform({ PLATFORM_DOMAIN: "mall.test", PUBLIC_URL: "https://mall.test" });
// The CLI must see this file's database, Redis prefix and folders, and the same platform address.
const env = () => cliEnv(test.config, { PLATFORM_DOMAIN: "mall.test", PUBLIC_URL: "https://mall.test", DATA_DIR: test.config.DATA_DIR });

/** A pending request, as the landing page's form leaves it: submitted by the signed-in owner. */
async function request(overrides: { phone?: string; storeName?: string; slug?: string } = {}): Promise<StoreRequest> {
  const owner = await buildUser(test.platform.dataSource, overrides.phone ? { phone: overrides.phone } : {});
  return test.platform.dataSource.transaction((manager) =>
    submitStoreRequest(
      { manager, actor: { kind: "user", userId: owner.id, isStaff: false } },
      {
        storeName: overrides.storeName ?? "کتاب‌فروشی نمونه",
        slug: overrides.slug ?? randomSlug("req"),
        description: "کتاب تازه و دست‌دوم",
      },
    ),
  );
}

async function smsTo(phone: string): Promise<Array<{ kind: string; status: string; text: string; store_id: string | null }>> {
  return test.platform.dataSource.query("SELECT kind, status, text, store_id FROM sms_messages WHERE phone = $1 ORDER BY created_at", [
    phone,
  ]);
}

describe("mall store requests / approve / reject", { timeout: 120_000 }, () => {
  it("lists requests, pending first, as a table and as JSON, filtered by status", async () => {
    const pending = await request({ storeName: "چای‌خانهٔ نمونه" });
    const rejected = await request();
    await test.platform.dataSource.transaction((m) =>
      m.query(`UPDATE store_requests SET status = 'rejected', reason = 'آزمایش' WHERE id = $1`, [rejected.id]),
    );

    const [table, all, onlyPending] = await Promise.all([
      runCli(["store", "requests"], env()),
      runJson<StoreRequestView[]>(["store", "requests"], env()),
      runJson<StoreRequestView[]>(["store", "requests", "--status", "pending"], env()),
    ]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+SLUG\s+NAME\s+OWNER PHONE\s+REQUESTED\s+OUTCOME$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${pending.id}\\s+pending\\s+${pending.slug}\\s+چای‌خانهٔ نمونه\\s+\\${pending.ownerPhone}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+-$`,
        ),
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${rejected.id}\\s+rejected\\s.*آزمایش$`)));
    expect(all.findIndex((r) => r.id === pending.id)).toBeLessThan(all.findIndex((r) => r.id === rejected.id));
    expect(all.find((r) => r.id === pending.id)).toMatchObject({
      status: "pending",
      slug: pending.slug,
      ownerPhone: pending.ownerPhone,
      store: null,
      decidedAt: null,
    });
    expect(onlyPending.every((r) => r.status === "pending")).toBe(true);
    expect(onlyPending.map((r) => r.id)).not.toContain(rejected.id);
  });

  it("approves a request: the owner's tenant and store, the owner as its member, the request approved, an SMS with the address; approving again is refused", async () => {
    const pending = await request({ storeName: "گل‌فروشی باران" });
    const approved = await runJson<StoreRequestDecisionView>(
      ["store", "approve", pending.id, "--theme", "minimal", "--layout", "list"],
      env(),
    );
    expect(approved.smsQueued).toBe(true);
    expect(approved.request).toMatchObject({
      id: pending.id,
      status: "approved",
      decidedBy: "cli",
      store: { slug: pending.slug, host: `${pending.slug}.mall.test` },
    });
    expect(approved.store).toMatchObject({
      slug: pending.slug,
      name: "گل‌فروشی باران",
      theme: "minimal",
      layout: "list",
      status: "active",
      ownerPhone: pending.ownerPhone,
      tenant: { slug: pending.slug, name: "گل‌فروشی باران" },
    });

    const [member] = await test.platform.dataSource.query(
      `SELECT m.role, u.phone FROM store_members m JOIN users u ON u.id = m.user_id JOIN stores s ON s.id = m.store_id WHERE s.slug = $1`,
      [pending.slug],
    );
    expect(member).toEqual({ role: "owner", phone: pending.ownerPhone });
    const [row] = await test.platform.dataSource.query(`SELECT status, store_id, decided_at FROM store_requests WHERE id = $1`, [
      pending.id,
    ]);
    expect(row).toMatchObject({ status: "approved", store_id: approved.store!.id, decided_at: expect.any(Date) });
    const sms = await smsTo(pending.ownerPhone);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ kind: "notice", status: "queued", store_id: approved.store!.id });
    expect(sms[0]!.text).toBe(
      `فروشگاه «گل‌فروشی باران» شما در مال آماده شد.\nنشانی فروشگاه: https://${pending.slug}.mall.test\nپنل مدیریت: https://mall.test/admin`,
    );
    const events = await test.platform.dataSource.query(`SELECT payload FROM outbox WHERE type = 'store.changed' AND store_id = $1`, [
      approved.store!.id,
    ]);
    expect(events).toEqual([{ payload: expect.objectContaining({ change: "created" }) }]);

    const again = await runCli(["store", "approve", pending.id], env());
    expect(again.code).toBe(1);
    expect(again.errorLines).toEqual(["Error: id: این درخواست قبلاً تأیید شده است."]);
    expect(again.stdout).toBe("");
    const [{ stores }] = await test.platform.dataSource.query(`SELECT count(*)::int AS stores FROM stores WHERE slug = $1`, [pending.slug]);
    expect(stores).toBe(1);
    expect(await smsTo(pending.ownerPhone)).toHaveLength(1);
  });

  it("puts a second store of the same owner under their existing tenant", async () => {
    const existing = await buildStore(test.platform.dataSource);
    const [{ phone }] = await test.platform.dataSource.query(
      `SELECT u.phone FROM users u JOIN stores s ON s.owner_id = u.id WHERE s.id = $1`,
      [existing.id],
    );
    const pending = await request({ phone });
    const approved = await runJson<StoreRequestDecisionView>(["store", "approve", pending.id], env());
    expect(approved.store!.tenant!.id).toBe(existing.tenantId);
  });

  it("rejects a request with a reason texted to the owner, which frees the slug", async () => {
    const pending = await request({ storeName: "فروشگاه ردشدنی" });
    const result = await runCli(["store", "reject", pending.id, "--reason", "نام فروشگاه با قوانین مال سازگار نیست."], env());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Rejected request ${pending.id} (${pending.slug}).`);
    const [row] = await test.platform.dataSource.query(`SELECT status, reason, store_id FROM store_requests WHERE id = $1`, [pending.id]);
    expect(row).toEqual({ status: "rejected", reason: "نام فروشگاه با قوانین مال سازگار نیست.", store_id: null });
    const sms = await smsTo(pending.ownerPhone);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ kind: "notice", status: "queued", store_id: null });
    expect(sms[0]!.text).toContain("درخواست فروشگاه «فروشگاه ردشدنی» در مال پذیرفته نشد.\nدلیل: نام فروشگاه با قوانین مال سازگار نیست.");

    // The slug can be asked for again.
    const retry = await request({ slug: pending.slug });
    expect(retry.status).toBe("pending");
  });

  it("refuses bad input with one line on stderr, exit 1, and changes nothing", async () => {
    const pending = await request();
    const decided = await request();
    await runJson(["store", "reject", decided.id, "--reason", "تکراری است."], env());
    const before = await test.platform.dataSource.query(
      `SELECT (SELECT count(*)::int FROM stores) AS stores, (SELECT count(*)::int FROM sms_messages) AS sms`,
    );
    const results = await Promise.all([
      runCli(["store", "approve", "3f0c2d9e-0000-4000-8000-000000000000"], env()),
      runCli(["store", "approve", decided.id], env()),
      runCli(["store", "reject", pending.id], env()),
      runCli(["store", "reject", pending.id, "--reason", " "], env()),
    ]);
    expect(results.map((r) => r.errorLines)).toEqual([
      ["Error: id: درخواستی با این شناسه پیدا نشد."],
      ["Error: id: این درخواست قبلاً رد شده است."],
      ["Error: Missing required flag --reason (see --help)"],
      ["Error: reason: دلیل رد درخواست را بنویسید."],
    ]);
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
    }
    expect(
      await test.platform.dataSource.query(
        `SELECT (SELECT count(*)::int FROM stores) AS stores, (SELECT count(*)::int FROM sms_messages) AS sms`,
      ),
    ).toEqual(before);
    const [row] = await test.platform.dataSource.query(`SELECT status FROM store_requests WHERE id = $1`, [pending.id]);
    expect(row.status).toBe("pending");
  });

  it("builds the landing page with `mall site rebuild --landing`, linked for nginx at the bare platform domain", async () => {
    const built = await runJson<SiteBuildView>(["site", "rebuild", "--landing"], env());
    expect(built).toMatchObject({ store: "landing", status: "succeeded", buildId: null });
    expect(built.pages).toBeGreaterThanOrEqual(2);
    const sites = test.config.SITES_DIR;
    expect(readlinkSync(join(sites, "hosts", "mall.test"))).toBe(join(sites, "_landing"));
    const home = readFileSync(join(sites, "_landing", "current", "index.html"), "utf8");
    expect(home).toContain('<html lang="fa" dir="rtl"');
    expect(home).toContain("درخواست ساخت فروشگاه");
    expect(existsSync(join(sites, "_landing", "current", "404.html"))).toBe(true);

    const neither = await runCli(["site", "rebuild"], env());
    expect(neither.code).toBe(1);
    expect(neither.errorLines).toEqual(["Error: give the store to rebuild (id or slug), or --landing (see --help)"]);
  });
});
