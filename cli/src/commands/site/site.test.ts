import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildStore } from "@mall/server/test/factories.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import { cliBin, cliEnv, runCli, runJson } from "../../test/run-cli.js";
import type { BuildRow } from "./builds.js";
import type { SiteRebuildAllView } from "./rebuild.js";

const test = useTestPlatform({ PLATFORM_DOMAIN: "mall.test" });
const env = () => cliEnv(test.config, { PLATFORM_DOMAIN: "mall.test" });

describe("mall site rebuild --all and site status", { timeout: 180_000 }, () => {
  it("rebuilds every active store's site, skips suspended ones, and shows the builds with site status", async () => {
    const first = await buildStore(test.platform.dataSource);
    const second = await buildStore(test.platform.dataSource);
    const suspended = await buildStore(test.platform.dataSource);
    expect((await runCli(["store", "suspend", suspended.slug], env())).code).toBe(0);

    const all = await runJson<SiteRebuildAllView>(["site", "rebuild", "--all"], env());
    expect(all.failed).toBe(0);
    expect(all.builds.map((b) => b.store).sort()).toEqual([first.slug, second.slug].sort());
    for (const build of all.builds) expect(build).toMatchObject({ status: "succeeded", error: null });

    const status = await runJson<{ builds: BuildRow[] }>(["site", "status", first.slug], env());
    expect(status.builds[0]).toMatchObject({
      id: all.builds.find((b) => b.store === first.slug)!.buildId,
      status: "succeeded",
      trigger: "cli",
    });
    const text = await runCli(["site", "status", second.slug], env());
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/succeeded\s+\d+ pages\s+[\d.]+ s\s+cli/);

    const both = await runCli(["site", "rebuild", first.slug, "--all"], env());
    expect(both.code).toBe(1);
    expect(both.errorLines).toEqual(["Error: give a store, --all or --landing, only one of them (see --help)"]);
    const missing = await runCli(["site", "status", "no-such-store"], env());
    expect(missing.code).toBe(1);
    expect(missing.errorLines).toEqual(["Error: store: فروشگاهی با این نشانی پیدا نشد."]);
  });

  // script(1) (Debian's bsdutils, installed by .ci/run) is required: without it this test fails rather than skip.
  it("draws a progress bar on stderr when it is a terminal", async () => {
    expect(existsSync("/usr/bin/script"), "script(1) from Debian's bsdutils").toBe(true);
    await buildStore(test.platform.dataSource);
    // `script` gives the CLI a pseudo-terminal, as staff have.
    const command = [process.execPath, await cliBin(), "site", "rebuild", "--all"].map((part) => `'${part}'`).join(" ");
    const { stdout } = await promisify(execFile)("script", ["-qec", command, "/dev/null"], { env: env(), timeout: 120_000 });
    expect(stdout).toMatch(/\[#{30}\] (\d+)\/\1 /);
    expect(stdout).toMatch(/\[-{30}\] 0\/\d+ /);
    expect(stdout).toMatch(/Rebuilt (\d+) of \1 store sites\./);
  });
});
