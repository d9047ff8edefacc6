import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import AdminJS from "adminjs";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_BUNDLE_DIR } from "@mall/server/test/admin-bundle-dir.js";
import { ensureComponentsBundle } from "./bundle.js";
import { componentLoader } from "./components.js";

const scratch = mkdtempSync(join(tmpdir(), "mall-admin-prebuilt-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the components bundle built at build time", () => {
  it("is served as it is when its content hash matches, and the run-time folder is not touched", { timeout: 180_000 }, async () => {
    const admin = new AdminJS({ rootPath: "/admin", componentLoader });
    const built = await ensureComponentsBundle(admin, TEST_BUNDLE_DIR);
    const prebuilt = join(scratch, "prebuilt");
    const runtime = join(scratch, "runtime");
    mkdirSync(prebuilt);
    copyFileSync(built.file, join(prebuilt, basename(built.file)));

    const served = await ensureComponentsBundle(admin, runtime, undefined, { prebuilt });
    expect(served).toEqual({ file: join(prebuilt, basename(built.file)), hash: built.hash, buildMs: 0 });
    expect(readdirSync(scratch)).not.toContain("runtime");
  });

  it("is not served when it was built from other sources (another hash): the current one is", { timeout: 180_000 }, async () => {
    const admin = new AdminJS({ rootPath: "/admin", componentLoader });
    const stale = join(scratch, "stale");
    mkdirSync(stale);
    writeFileSync(join(stale, "components.0123456789abcdef.js"), "/* an older bundle */");
    const served = await ensureComponentsBundle(admin, TEST_BUNDLE_DIR, undefined, { prebuilt: stale });
    expect(served.file).toBe(join(TEST_BUNDLE_DIR, `components.${served.hash}.js`));
    expect(served.hash).not.toBe("0123456789abcdef");
  });
});
