import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildStore, buildTenant, randomSlug } from "@mall/server/test/factories.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import type { TenantView } from "../../presenters.js";
import { cliBin, cliEnv, runCli, runJson } from "../../test/run-cli.js";

const test = useTestPlatform();
const env = () => cliEnv(test.config);

async function tenantCount(): Promise<number> {
  const [row] = await test.platform.dataSource.query<Array<{ count: number }>>("SELECT count(*)::int AS count FROM tenants");
  return row!.count;
}

describe("mall tenant", { timeout: 120_000 }, () => {
  it("creates a tenant that tenant list shows, in a table and as JSON", async () => {
    const slug = randomSlug("acme");
    const created = await runCli(["tenant", "create", "--name", "بازرگانی آکمه", "--slug", slug.toUpperCase()], env());
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`Created tenant ${slug}.`);

    const [table, json] = await Promise.all([runCli(["tenant", "list"], env()), runJson<TenantView[]>(["tenant", "list"], env())]);
    expect(table.code).toBe(0);
    const row = table.stdout.split("\n").find((line) => line.startsWith(slug));
    expect(row).toMatch(new RegExp(`^${slug}\\s+بازرگانی آکمه\\s+0\\s+yes\\s+[0-9a-f-]{36}$`));
    expect(json).toContainEqual(expect.objectContaining({ slug, name: "بازرگانی آکمه", isActive: true, storeCount: 0 }));
  });

  it("counts each tenant's stores in tenant list", async () => {
    const [busy, quiet] = [await buildTenant(test.platform.dataSource), await buildTenant(test.platform.dataSource)];
    await buildStore(test.platform.dataSource, { tenant: busy.id });
    await buildStore(test.platform.dataSource, { tenant: busy.id });
    const listed = await runJson<TenantView[]>(["tenant", "list"], env());
    expect(listed.find((tenant) => tenant.slug === busy.slug)?.storeCount).toBe(2);
    expect(listed.find((tenant) => tenant.slug === quiet.slug)?.storeCount).toBe(0);
  });

  it("returns the created tenant with --json", async () => {
    const slug = randomSlug("json");
    const tenant = await runJson<TenantView>(["tenant", "create", "--name", "Json Co", "--slug", slug], env());
    expect(tenant).toMatchObject({ slug, name: "Json Co", isActive: true });
    expect(tenant.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses bad input with one line on stderr, exit 1, and creates nothing", async () => {
    const taken = await buildTenant(test.platform.dataSource);
    const before = await tenantCount();
    const [badSlug, reserved, duplicate, missing, badEnv] = await Promise.all([
      runCli(["tenant", "create", "--name", "X", "--slug", "Bad_Slug!"], env()),
      runCli(["tenant", "create", "--name", "X", "--slug", "admin"], env()),
      runCli(["tenant", "create", "--name", "X", "--slug", taken.slug], env()),
      // stdin is not a terminal: no prompt, no hang.
      runCli(["tenant", "create", "--slug", randomSlug()], env()),
      runCli(["tenant", "list"], cliEnv(test.config, { DATABASE_URL: "mysql://x" })),
    ]);
    for (const result of [badSlug, reserved, duplicate, missing, badEnv]) {
      expect(result.code).toBe(1);
      expect(result.errorLines).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    expect(badSlug.errorLines[0]).toBe("Error: slug: نامک فقط حروف کوچک لاتین، رقم و خط تیره دارد و با خط تیره شروع یا تمام نمی‌شود.");
    expect(reserved.errorLines[0]).toBe("Error: slug: این نامک رزرو شده است؛ نامک دیگری انتخاب کنید.");
    expect(duplicate.errorLines[0]).toBe("Error: slug: این نامک قبلاً استفاده شده است؛ نامک دیگری انتخاب کنید.");
    expect(missing.errorLines[0]).toBe("Error: Missing required flag --name (see --help)");
    expect(badEnv.errorLines[0]).toBe(
      'Configuration error: DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "mysql://x")',
    );
    expect(await tenantCount()).toBe(before);
  });

  it("reports a failure as JSON on stdout with --json, still one line on stderr", async () => {
    const result = await runCli(["tenant", "create", "--name", "X", "--slug", "admin", "--json"], env());
    expect(result.code).toBe(1);
    expect(result.errorLines).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: "invalid_input", field: "slug", message: "این نامک رزرو شده است؛ نامک دیگری انتخاب کنید." },
    });
  });

  // script(1) (Debian's bsdutils, installed by .ci/run) is required: without it this test fails rather than skip.
  it("asks for a missing required flag on a terminal, and still answers --json", async () => {
    expect(existsSync("/usr/bin/script"), "script(1) from Debian's bsdutils").toBe(true);
    const slug = randomSlug("prompted");
    const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
    // script(1) gives the CLI a pseudo-terminal, as a staff member's shell would.
    const child = spawn(
      "script",
      ["-qec", [process.execPath, await cliBin(), "tenant", "create", "--slug", slug, "--json"].map(quote).join(" "), "/dev/null"],
      {
        env: env(),
        stdio: ["pipe", "pipe", "pipe"],
        timeout: 20_000,
      },
    );
    let output = "";
    let answered = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (!answered && output.includes("Display name of the tenant")) {
        answered = true;
        child.stdin.write("Prompted Co\r");
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(answered).toBe(true);
    expect(code).toBe(0);
    expect(output).toContain(`"slug": "${slug}"`);
    const rows = await test.platform.dataSource.query<Array<{ name: string }>>("SELECT name FROM tenants WHERE slug = $1", [slug]);
    expect(rows).toEqual([{ name: "Prompted Co" }]);
  });
});
