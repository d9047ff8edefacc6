import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabase } from "@mall/server/db/admin.js";
import { migrations } from "@mall/server/db/migrations/index.js";
import { testDatabaseUrl } from "@mall/server/test/database-url.js";
import { freePort } from "@mall/server/test/free-port.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import type { Check } from "@mall/server/ops/doctor.js";
import { cliEnv, runCli, runJson } from "../test/run-cli.js";
import type { StaffView } from "./user/staff/add.js";

const test = useTestPlatform();
/** Stands in for every provider's host: answers anything, and Telegram's getMe as the Bot API does. */
let provider: Server;
let providerUrl = "";

beforeAll(async () => {
  provider = createServer((req, res) => {
    if (req.url?.endsWith("/getMe"))
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ ok: true, result: { id: 1, is_bot: true, username: "mall_test_bot" } }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((ready) => provider.listen(0, "127.0.0.1", ready));
  providerUrl = `http://127.0.0.1:${(provider.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((closed) => provider?.close(closed));
});

const doctorEnv = (overrides: Record<string, string> = {}) =>
  cliEnv(test.config, {
    DATA_DIR: test.config.DATA_DIR,
    NGINX_TEST_COMMAND: "/usr/sbin/nginx -t",
    SMS_PROVIDER: "kavenegar",
    KAVENEGAR_API_KEY: "test-key",
    KAVENEGAR_BASE_URL: providerUrl,
    ZARINPAL_BASE_URL: providerUrl,
    TELEGRAM_BOT_TOKEN: "123456:test-token",
    TELEGRAM_API_ROOT: providerUrl,
    ...overrides,
  });

describe("mall doctor", { timeout: 120_000 }, () => {
  it("checks each part with one line each and exits 0 when all pass", async () => {
    const result = await runCli(["doctor"], doctorEnv());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.map((line) => line.split(/\s{2,}/)[0])).toEqual([
      "✓ PostgreSQL",
      "✓ Redis",
      "✓ nginx",
      "✓ Storage",
      "✓ SMS (kavenegar)",
      "✓ Gateway zarinpal",
      "✓ Telegram",
    ]);
    expect(result.stdout).toMatch(/✓ PostgreSQL +127\.0\.0\.1:5432\/\S+, version \d+.*migrations up to date/);
    expect(result.stdout).toMatch(/✓ nginx +\/usr\/sbin\/nginx \(nginx\/[\d.]+\): the generated configuration passes nginx -t/);
    expect(result.stdout).toContain("bot @mall_test_bot");

    const json = await runJson<{ ok: boolean; checks: Check[] }>(["doctor"], doctorEnv());
    expect(json.ok).toBe(true);
    expect(json.checks).toHaveLength(7);
    for (const check of json.checks) expect(Object.keys(check).sort()).toEqual(["detail", "name", "ok"]);
  });

  it("marks what fails with ✗ and exits 1, and the rest still gets checked", async () => {
    const port = await freePort(); // nothing listens there
    const result = await runCli(
      ["doctor"],
      doctorEnv({
        REDIS_URL: `redis://127.0.0.1:${port}`,
        ZARINPAL_BASE_URL: `http://127.0.0.1:${port}`,
        NGINX_TEST_COMMAND: "/nonexistent/nginx -t",
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^✗ Redis +127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`, "m"));
    expect(result.stdout).toMatch(new RegExp(`^✗ Gateway zarinpal +http://127\\.0\\.0\\.1:${port}: ECONNREFUSED$`, "m"));
    expect(result.stdout).toMatch(/^✗ nginx +\/nonexistent\/nginx not found/m);
    expect(result.stdout).toMatch(/^✓ PostgreSQL/m);
    expect(result.stdout).toMatch(/^✓ Telegram/m);
    const json = await runCli(["doctor", "--json"], doctorEnv({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: Check[] };
    expect(report.ok).toBe(false);
    expect(report.checks.find((check) => check.name === "Redis")).toMatchObject({ ok: false });
  });
});

describe("mall migrate", { timeout: 120_000 }, () => {
  it("creates a missing database, runs every migration and names them, then finds nothing pending", async () => {
    const url = testDatabaseUrl(test.config.DATABASE_URL, `mall_cli_migrate_${randomBytes(4).toString("hex")}`);
    try {
      const first = await runJson<{ created: boolean; ran: string[] }>(["migrate"], cliEnv(test.config, { DATABASE_URL: url }));
      expect(first).toEqual({
        created: true,
        ran: migrations.map((migration) => migration.name).sort((a, b) => Number(a.match(/\d+$/)![0]) - Number(b.match(/\d+$/)![0])),
      });
      const again = await runCli(["migrate"], cliEnv(test.config, { DATABASE_URL: url }));
      expect(again.code).toBe(0);
      expect(again.stdout.trim()).toBe("No pending migrations; the database is up to date.");
    } finally {
      await dropDatabase(url);
    }
  });

  it("fails with one line when the database URL is bad or unreachable", async () => {
    const [bad, unreachable] = await Promise.all([
      runCli(["migrate"], cliEnv(test.config, { DATABASE_URL: "mysql://x" })),
      runCli(["migrate"], cliEnv(test.config, { DATABASE_URL: "postgres://postgres@127.0.0.1:1/mall" })),
    ]);
    for (const result of [bad, unreachable]) {
      expect(result.code).toBe(1);
      expect(result.errorLines).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    expect(bad.errorLines[0]).toMatch(/^Configuration error: DATABASE_URL must be a URL starting with postgres:/);
    expect(unreachable.errorLines[0]).toMatch(/ECONNREFUSED/);
  });
});

describe("mall user staff", { timeout: 120_000 }, () => {
  const isStaff = async (phone: string) =>
    (await test.platform.dataSource.query<Array<{ is_staff: boolean }>>("SELECT is_staff FROM users WHERE phone = $1", [phone]))[0]
      ?.is_staff ?? null;

  it("gives and takes the platform staff role by mobile number", async () => {
    const added = await runJson<StaffView>(["user", "staff", "add", "۰۹۱۲ ۳۴۵ ۶۷۸۹"], cliEnv(test.config));
    expect(added).toMatchObject({ phone: "+989123456789", isStaff: true, changed: true });
    expect(Object.keys(added).sort()).toEqual(["changed", "isStaff", "phone", "userId"]);
    expect(await isStaff("+989123456789")).toBe(true);
    const again = await runCli(["user", "staff", "add", "09123456789"], cliEnv(test.config));
    expect(again.stdout.trim()).toBe("+989123456789 was already platform staff; nothing changed.");
    const removed = await runCli(["user", "staff", "remove", "+989123456789"], cliEnv(test.config));
    expect(removed.code).toBe(0);
    expect(removed.stdout.trim()).toBe("+989123456789 is no longer platform staff.");
    expect(await isStaff("+989123456789")).toBe(false);
  });

  it("refuses a bad or unknown number with one line, exit 1, and changes nothing", async () => {
    const before = await test.platform.dataSource.query("SELECT phone, is_staff FROM users ORDER BY phone");
    const results = await Promise.all([
      runCli(["user", "staff", "add", "12345"], cliEnv(test.config)),
      runCli(["user", "staff", "remove", "09350000000"], cliEnv(test.config)),
      runCli(["user", "staff", "add"], cliEnv(test.config)),
    ]);
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.errorLines).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    expect(results[0]!.errorLines[0]).toMatch(/^Error: phone: /);
    expect(results[1]!.errorLines[0]).toBe("Error: phone: کاربری با این شمارهٔ موبایل پیدا نشد.");
    expect(results[2]!.errorLines[0]).toMatch(/^Error: Missing 1 required arg/);
    expect(await test.platform.dataSource.query("SELECT phone, is_staff FROM users ORDER BY phone")).toEqual(before);
  });
});
