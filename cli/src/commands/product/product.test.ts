import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildProduct, buildShirtCategory, buildStore } from "@mall/server/test/factories.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import { beforeAll, describe, expect, it } from "vitest";
import { cliBin, cliEnv, runCli, runJson } from "../../test/run-cli.js";
import type { ProductExportView } from "./export.js";
import type { ProductImportView } from "./import.js";

const test = useTestPlatform();
const env = () => cliEnv(test.config);
let slug: string;
let dir: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name: "کتاب و پوشاک" });
  slug = store.slug;
  const { category, allValues } = await buildShirtCategory(dataSource, store.id);
  await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    nameFa: "تی‌شرت «ساده»، نخی",
    name: "Plain tee",
    slug: "plain-tee",
    description: 'خنک،\nسبک "و" راحت',
    basePrice: 4_500_000,
    attributes: allValues,
    stock: 3,
  });
  dir = await mkdtemp(join(tmpdir(), "mall-product-csv-"));
}, 60_000);

describe("mall product export / import", { timeout: 120_000 }, () => {
  it("exports to a file and imports it back: nothing changes", async () => {
    const file = join(dir, "products.csv");
    const exported = await runJson<ProductExportView>(["product", "export", slug, file], env());
    expect(exported).toEqual({ store: slug, file, products: 1, rows: 4 });
    expect((await readFile(file, "utf8")).startsWith("\uFEFF")).toBe(true);

    const text = await runCli(["product", "import", slug, file], env());
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout.trim()).toBe(
      `Imported ${file}: products 0 created, 0 updated, 1 unchanged; instances 0 created, 0 updated, 4 unchanged.`,
    );
    const json = await runJson<ProductImportView>(["product", "import", slug, file], env());
    expect(json).toEqual({
      store: slug,
      file,
      ok: true,
      summary: { products: { created: 0, updated: 0, unchanged: 1 }, instances: { created: 0, updated: 0, unchanged: 4 } },
    });
  });

  it("refuses a file with errors: one line per row and column, exit 1, nothing imported", async () => {
    const file = join(dir, "bad.csv");
    const good = join(dir, "good.csv");
    await runCli(["product", "export", slug, good], env());
    const lines = (await readFile(good, "utf8")).split("\r\n");
    // Row 2's stock (the 10th column) becomes negative.
    lines[1] = lines[1]!.replace(/,3,بله,/, ",-3,بله,");
    await writeFile(file, lines.join("\r\n"));
    const result = await runCli(["product", "import", slug, file], env());
    expect(result.code).toBe(1);
    expect(result.errorLines).toEqual(["row 2, موجودی: عدد منفی پذیرفته نیست.", `Nothing imported: 1 error(s) in ${file}.`]);
    const json = await runCli(["product", "import", slug, file, "--json"], env());
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      store: slug,
      file,
      ok: false,
      errors: [{ row: 2, column: "موجودی", message: "عدد منفی پذیرفته نیست." }],
    });
    const [{ stock }] = await test.platform.dataSource.query(
      `SELECT min(stock)::int AS stock FROM product_instances i JOIN stores s ON s.id = i.store_id WHERE s.slug = $1`,
      [slug],
    );
    expect(stock).toBe(3);
  });

  it("fails with one line on a missing file or an unknown store", async () => {
    const missing = await runCli(["product", "import", slug, join(dir, "nope.csv")], env());
    expect(missing.code).toBe(1);
    expect(missing.errorLines).toEqual([`Error: file: cannot read ${join(dir, "nope.csv")}: ENOENT`]);
    const store = await runCli(["product", "export", "no-such-store"], env());
    expect(store.code).toBe(1);
    expect(store.errorLines).toHaveLength(1);
    expect(store.errorLines[0]).toMatch(/^Error: store: /);
  });

  // script(1) (Debian's bsdutils, installed by .ci/run) is required: without it this test fails rather than skip.
  it("draws a progress bar on stderr when it is a terminal", async () => {
    expect(existsSync("/usr/bin/script"), "script(1) from Debian's bsdutils").toBe(true);
    const file = join(dir, "tty.csv");
    await runCli(["product", "export", slug, file], env());
    // `script` gives the CLI a pseudo-terminal, as staff have.
    const command = [process.execPath, await cliBin(), "product", "import", slug, file].map((part) => `'${part}'`).join(" ");
    const { stdout } = await promisify(execFile)("script", ["-qec", command, "/dev/null"], { env: env(), timeout: 120_000 });
    expect(stdout).toMatch(/\[-{30}\] 0\/4 checking rows/);
    expect(stdout).toMatch(/\[#{30}\] 1\/1 importing products/);
    expect(stdout).toContain("instances 0 created, 0 updated, 4 unchanged.");
  });
});
