import { describe, expect, it } from "vitest";
import { planBuild, urlOfFile } from "./incremental.ts";
import { snapshotSchema, type Snapshot, type SnapshotProduct } from "./snapshot.ts";

/**
 * The build planner's branches, one by one: what a change from one snapshot
 * to the next rebuilds. (server/src/sites/incremental-build.test.ts checks
 * the plan against real builds under random changes.)
 */
const id = (kind: string, n: number) => `${kind}-${n}`;

function product(n: number, categoryId: string | null, color = "red", createdHour = n): SnapshotProduct {
  return {
    id: id("p", n),
    slug: `item-${n}`,
    name: `Item ${n}`,
    nameFa: `کالای ${n}`,
    descriptionHtml: "",
    descriptionText: "",
    basePrice: 1_000_000,
    categoryId,
    images: [],
    videos: [],
    createdAt: new Date(Date.UTC(2026, 0, 1) + createdHour * 3_600_000).toISOString(),
    popularity: 0,
    sold: 0,
    promotion: null,
    rating: null,
    reviews: [],
    instances: [{ id: id("i", n), sku: `S${n}`, price: 1_000_000, stock: 3, values: { color: `color-${color}` } }],
  };
}

/**
 * shirts (under clothes, with colour facet pages) holds 30 products: two
 * pages, newest first, so items 29…6 are page 1 and 5…0 page 2; pants
 * (under clothes) holds 3; kitchen stands alone with 2.
 */
function store(): Snapshot {
  const products = [
    ...Array.from({ length: 30 }, (_, n) => product(n, "shirts", n % 2 ? "blue" : "red")),
    ...Array.from({ length: 3 }, (_, n) => product(100 + n, "pants")),
    ...Array.from({ length: 2 }, (_, n) => product(200 + n, "kitchen")),
  ];
  return snapshotSchema.parse({
    version: 1,
    store: {
      id: "s",
      slug: "s",
      name: "فروشگاه",
      description: "",
      theme: "bazaar",
      layout: "grid",
      origin: "https://s.mall.localhost",
      logo: null,
    },
    categories: [
      { id: "clothes", slug: "clothes", name: "clothes", nameFa: "پوشاک", parentId: null, isCategorizer: false, facetAttributeIds: [] },
      {
        id: "shirts",
        slug: "shirts",
        name: "shirts",
        nameFa: "پیراهن",
        parentId: "clothes",
        isCategorizer: true,
        facetAttributeIds: ["color"],
      },
      { id: "pants", slug: "pants", name: "pants", nameFa: "شلوار", parentId: "clothes", isCategorizer: false, facetAttributeIds: [] },
      { id: "kitchen", slug: "kitchen", name: "kitchen", nameFa: "آشپزخانه", parentId: null, isCategorizer: false, facetAttributeIds: [] },
    ],
    attributes: [
      {
        id: "color",
        slug: "color",
        name: "Color",
        nameFa: "رنگ",
        type: "color",
        isCategorizer: true,
        values: ["red", "blue", "green"].map((slug) => ({ id: `color-${slug}`, slug, value: slug, valueFa: slug, hex: null })),
      },
    ],
    products,
  });
}

const edit = (change: (s: Snapshot) => void): [Snapshot, Snapshot] => {
  const before = store();
  const after = structuredClone(before);
  change(after);
  return [before, after];
};
const find = (s: Snapshot, n: number) => s.products.find((p) => p.id === id("p", n))!;
const paths = (before: Snapshot, after: Snapshot) => {
  const plan = planBuild(before, after);
  if (plan.full) throw new Error(`expected an incremental plan, got a full build: ${plan.reason}`);
  return plan.paths;
};

describe("the build planner", () => {
  it.each([
    ["store settings changed", (s: Snapshot) => void (s.store.theme = "minimal")],
    ["store settings changed", (s: Snapshot) => void (s.store.layout = "list")],
    ["categories changed", (s: Snapshot) => void (s.categories[0]!.nameFa = "لباس")],
    ["categories changed", (s: Snapshot) => void (s.categories[1]!.facetAttributeIds = [])],
    ["attributes changed", (s: Snapshot) => void (s.attributes[0]!.values[0]!.valueFa = "سرخ")],
  ])("builds everything when %s", (reason, change) => {
    expect(planBuild(...edit(change))).toEqual({ full: true, reason });
  });

  it("rebuilds nothing with parameters when nothing changed", () => {
    expect(planBuild(store(), store())).toEqual({ full: false, paths: [] });
  });

  it("a product edited in place: its page, the one listing page that shows it in each category above it, its facet page", () => {
    // Item 2 is on page 2 of shirts (items 5…0) and of clothes (33 products, pants newest: shirts 8…0 there), red.
    const [before, after] = edit((s) => void (find(s, 2).basePrice = 1_100_000));
    // (Item 2 is not among shirts' newest, so no product lists it as related.)
    expect(paths(before, after)).toEqual(
      ["/c/clothes/index.json", "/c/clothes/page/2/", "/c/shirts/index.json", "/c/shirts/page/2/", "/c/shirts/red/", "/p/item-2/"].sort(),
    );
  });

  it("a product on the first page leaves the later pages alone; being the newest, every product of its category lists it as related", () => {
    const [before, after] = edit((s) => void (find(s, 29).nameFa = "پیراهن تازه"));
    const related = Array.from({ length: 29 }, (_, n) => `/p/item-${n}/`);
    expect(paths(before, after)).toEqual(
      ["/c/clothes/", "/c/clothes/index.json", "/c/shirts/", "/c/shirts/index.json", "/c/shirts/blue/", "/p/item-29/", ...related].sort(),
    );
  });

  it("a new slug: the old address (to remove) and the new one", () => {
    const [before, after] = edit((s) => void (find(s, 200).slug = "pan"));
    // Item 201 lists it as related.
    expect(paths(before, after)).toEqual(["/c/kitchen/", "/c/kitchen/index.json", "/p/item-200/", "/p/item-201/", "/p/pan/"].sort());
  });

  it("a product moved to another category: every listing page of both categories and those above them", () => {
    const [before, after] = edit((s) => void (find(s, 100).categoryId = "kitchen"));
    const index = ["/c/clothes/index.json", "/c/kitchen/index.json", "/c/pants/index.json"];
    // The products that listed it as related (pants) and those that do now (kitchen).
    const related = ["/p/item-101/", "/p/item-102/", "/p/item-200/", "/p/item-201/"];
    expect(paths(before, after)).toEqual(
      ["/c/clothes/", "/c/clothes/page/2/", "/c/kitchen/", "/c/pants/", "/p/item-100/", ...index, ...related].sort(),
    );
  });

  it("a new product reshuffles every page of its categories and their facet pages", () => {
    const [before, after] = edit((s) => s.products.push(product(300, "shirts", "green", 1000)));
    const related = Array.from({ length: 30 }, (_, n) => `/p/item-${n}/`);
    expect(paths(before, after)).toEqual(
      [
        "/c/clothes/",
        "/c/clothes/index.json",
        "/c/clothes/page/2/",
        "/c/shirts/",
        "/c/shirts/index.json",
        "/c/shirts/page/2/",
        "/c/shirts/blue/",
        "/c/shirts/green/",
        "/c/shirts/red/",
        "/p/item-300/",
        ...related,
      ].sort(),
    );
  });

  it("a deactivated product (gone from the snapshot): its page goes, its categories reshuffle", () => {
    const [before, after] = edit((s) => s.products.splice(s.products.indexOf(find(s, 201)), 1));
    expect(paths(before, after)).toEqual(["/c/kitchen/", "/c/kitchen/index.json", "/p/item-200/", "/p/item-201/"]);
  });

  it("a category that crosses a page boundary gets its new page", () => {
    const [before, after] = edit((s) => {
      for (let n = 0; n < 22; n++) s.products.push(product(400 + n, "pants", "red", 2000 + n));
    });
    // pants: 3 + 22 = 25 products, two pages; clothes grows from two pages to three.
    expect(paths(before, after)).toEqual(expect.arrayContaining(["/c/pants/", "/c/pants/page/2/", "/c/clothes/page/3/"]));
  });

  it("a new attribute value on an instance: the facet page it leaves and the one it joins", () => {
    const [before, after] = edit((s) => void (find(s, 4).instances[0]!.values.color = "color-green"));
    expect(paths(before, after)).toEqual(
      [
        "/c/clothes/index.json",
        "/c/clothes/page/2/",
        "/c/shirts/green/",
        "/c/shirts/index.json",
        "/c/shirts/page/2/",
        "/c/shirts/red/",
        "/p/item-4/",
      ].sort(),
    );
  });

  it("a new attribute value on the newest product: its own page and listings, not the pages listing it as related (its card is the same)", () => {
    const [before, after] = edit((s) => void (find(s, 29).instances[0]!.values.color = "color-red"));
    const planned = paths(before, after);
    expect(planned).toContain("/p/item-29/");
    expect(planned).toContain("/c/shirts/index.json");
    expect(planned.filter((url) => url.startsWith("/p/"))).toEqual(["/p/item-29/"]);
    // A change a card shows still reaches them (the name above): here the price.
    const [priced, repriced] = edit((s) => void (find(s, 29).basePrice += 10_000));
    expect(paths(priced, repriced)).toContain("/p/item-0/");
  });

  it("a product without a category: only its own page", () => {
    const [before, after] = edit((s) => {
      s.products.push(product(500, null));
    });
    const [, later] = [after, structuredClone(after)];
    find(later, 500).basePrice = 2_000_000;
    expect(paths(before, after)).toEqual(["/p/item-500/"]);
    expect(paths(after, later)).toEqual(["/p/item-500/"]);
  });

  it("maps built files to the URLs they answer", () => {
    expect(urlOfFile("p/item-1/index.html")).toBe("/p/item-1/");
    expect(urlOfFile("index.html")).toBe("/");
    expect(urlOfFile("sitemap.xml")).toBe("/sitemap.xml");
  });
});
