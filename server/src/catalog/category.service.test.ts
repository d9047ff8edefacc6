import { beforeAll, describe, expect, it } from "vitest";
import { systemContext, type ServiceContext } from "../core/context.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "../test/factories.js";
import { useTestPlatform } from "../test/test-platform.js";
import { applicableAttributes } from "./attribute.service.js";
import { CategoryCycleError, CategoryNotEmptyError, CategoryNotFoundError, CategorySlugTakenError } from "./catalog.errors.js";
import type { Category } from "./category.entity.js";
import { ancestorsOf, buildTree, deleteCategory, getCategory, listCategories, moveCategory, subtreeOf } from "./category.service.js";

const test = useTestPlatform();
let store: Store;

const inTx = <T>(work: (ctx: ServiceContext) => Promise<T>) =>
  test.platform.dataSource.transaction((manager) => work(systemContext(manager, "test")));
const read = () => systemContext(test.platform.dataSource.manager, "test");
const slugs = (categories: Category[]) => categories.map((category) => category.slug);

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource);
});

/** clothing › men › shirts › formal, and home */
async function buildTreeFixture(prefix: string) {
  const make = (slug: string, parentId: string | null = null) =>
    buildCategory(test.platform.dataSource, store.id, { slug: `${prefix}-${slug}`, name: slug, parentId });
  const clothing = await make("clothing");
  const men = await make("men", clothing.id);
  const shirts = await make("shirts", men.id);
  const formal = await make("formal", shirts.id);
  const home = await make("home");
  return { clothing, men, shirts, formal, home };
}

describe("the category tree", () => {
  it("reads a subtree and the ancestors by path", async () => {
    const { clothing, men, shirts, formal, home } = await buildTreeFixture("a");
    expect(formal.path).toBe(`/${clothing.id}/${men.id}/${shirts.id}/${formal.id}/`);
    expect(formal.depth).toBe(3);
    expect(slugs(await subtreeOf(read(), men))).toEqual(["a-men", "a-shirts", "a-formal"]);
    expect(slugs(await ancestorsOf(read(), formal))).toEqual(["a-clothing", "a-men", "a-shirts"]);
    expect(await ancestorsOf(read(), home)).toEqual([]);
  });

  it("moves a category with its whole subtree", async () => {
    const { clothing, men, shirts, formal, home } = await buildTreeFixture("b");
    const moved = await inTx((ctx) => moveCategory(ctx, store.id, men.id, { parentId: home.id }));
    expect(moved.parentId).toBe(home.id);
    expect(moved.path).toBe(`/${home.id}/${men.id}/`);
    const deep = await getCategory(read(), store.id, formal.id);
    expect(deep.path).toBe(`/${home.id}/${men.id}/${shirts.id}/${formal.id}/`);
    expect(deep.depth).toBe(3);
    expect(slugs(await subtreeOf(read(), home))).toEqual(["b-home", "b-men", "b-shirts", "b-formal"]);
    expect(slugs(await subtreeOf(read(), clothing))).toEqual(["b-clothing"]);

    const toRoot = await inTx((ctx) => moveCategory(ctx, store.id, shirts.id, { parentId: null }));
    expect(toRoot.path).toBe(`/${shirts.id}/`);
    expect(toRoot.depth).toBe(0);
    expect((await getCategory(read(), store.id, formal.id)).depth).toBe(1);
  });

  it("refuses a move under itself or into its own subtree, and changes nothing", async () => {
    const { clothing, men, formal } = await buildTreeFixture("c");
    await expect(inTx((ctx) => moveCategory(ctx, store.id, men.id, { parentId: formal.id }))).rejects.toBeInstanceOf(CategoryCycleError);
    await expect(inTx((ctx) => moveCategory(ctx, store.id, men.id, { parentId: men.id }))).rejects.toBeInstanceOf(CategoryCycleError);
    await expect(inTx((ctx) => moveCategory(ctx, store.id, clothing.id, { parentId: formal.id }))).rejects.toMatchObject({
      kind: "refused",
      field: "parentId",
    });
    expect((await getCategory(read(), store.id, formal.id)).path).toBe(formal.path);
  });

  it("never lets two concurrent moves close a cycle", async () => {
    const a = await buildCategory(test.platform.dataSource, store.id);
    const b = await buildCategory(test.platform.dataSource, store.id);
    const results = await Promise.allSettled([
      inTx((ctx) => moveCategory(ctx, store.id, a.id, { parentId: b.id })),
      inTx((ctx) => moveCategory(ctx, store.id, b.id, { parentId: a.id })),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [rejected] = results.filter((result) => result.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(CategoryCycleError);
    const after = [await getCategory(read(), store.id, a.id), await getCategory(read(), store.id, b.id)];
    expect(after.filter((category) => category.parentId === null)).toHaveLength(1);
  });

  it("orders siblings by name at every level", async () => {
    const other = await buildStore(test.platform.dataSource);
    const make = (name: string, parentId: string | null = null) =>
      buildCategory(test.platform.dataSource, other.id, { name, nameFa: name, parentId });
    const zeta = await make("Zeta");
    await make("alpha");
    await make("Mid");
    await make("b-child", zeta.id);
    await make("A-child", zeta.id);
    const tree = buildTree(await listCategories(read(), other.id));
    expect(tree.map((node) => node.category.name)).toEqual(["alpha", "Mid", "Zeta"]);
    expect(tree[2]!.children.map((node) => node.category.name)).toEqual(["A-child", "b-child"]);
  });

  it("keeps slugs unique per store only", async () => {
    const other = await buildStore(test.platform.dataSource);
    await buildCategory(test.platform.dataSource, store.id, { slug: "shared-slug" });
    await expect(buildCategory(test.platform.dataSource, store.id, { slug: "shared-slug" })).rejects.toBeInstanceOf(CategorySlugTakenError);
    await expect(buildCategory(test.platform.dataSource, other.id, { slug: "shared-slug" })).resolves.toMatchObject({
      slug: "shared-slug",
    });
  });

  it("makes a slug from the name when none is given, Persian included", async () => {
    const latin = await buildCategory(test.platform.dataSource, store.id, { slug: undefined, name: "Kitchen Tools" });
    expect(latin.slug).toBe("kitchen-tools");
    const again = await buildCategory(test.platform.dataSource, store.id, { slug: undefined, name: "Kitchen Tools" });
    expect(again.slug).toBe("kitchen-tools-2");
    const persian = await buildCategory(test.platform.dataSource, store.id, { slug: undefined, name: "؟", nameFa: "لوازم آشپزخانه" });
    expect(persian.slug).toBe("لوازم-آشپزخانه");
  });

  it("does not take a parent from another store", async () => {
    const other = await buildStore(test.platform.dataSource);
    const foreign = await buildCategory(test.platform.dataSource, other.id);
    await expect(buildCategory(test.platform.dataSource, store.id, { parentId: foreign.id })).rejects.toMatchObject({
      kind: "not_found",
      field: "parentId",
    });
    const mine = await buildCategory(test.platform.dataSource, store.id);
    await expect(inTx((ctx) => moveCategory(ctx, store.id, mine.id, { parentId: foreign.id }))).rejects.toBeInstanceOf(
      CategoryNotFoundError,
    );
    await expect(inTx((ctx) => moveCategory(ctx, other.id, mine.id, { parentId: null }))).rejects.toBeInstanceOf(CategoryNotFoundError);
  });

  it("deletes only an empty category", async () => {
    const { men, shirts, formal } = await buildTreeFixture("d");
    await expect(inTx((ctx) => deleteCategory(ctx, store.id, men.id))).rejects.toBeInstanceOf(CategoryNotEmptyError);
    await buildProduct(test.platform.dataSource, store.id, { categoryId: formal.id });
    await expect(inTx((ctx) => deleteCategory(ctx, store.id, formal.id))).rejects.toMatchObject({ code: "category_not_empty" });
    const empty = await buildCategory(test.platform.dataSource, store.id, { parentId: shirts.id });
    await inTx((ctx) => deleteCategory(ctx, store.id, empty.id));
    await expect(getCategory(read(), store.id, empty.id)).rejects.toBeInstanceOf(CategoryNotFoundError);
  });

  it("records category.changed in the same transaction as each change", async () => {
    const count = async () =>
      (
        await test.platform.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE type = 'category.changed' AND store_id = $1`, [
          store.id,
        ])
      )[0].n;
    const before = await count();
    const { men, home } = await buildTreeFixture("e");
    await inTx((ctx) => moveCategory(ctx, store.id, men.id, { parentId: home.id }));
    expect(await count()).toBe(before + 6);
    await expect(
      inTx(async (ctx) => {
        await moveCategory(ctx, store.id, men.id, { parentId: null });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await count()).toBe(before + 6);
  });
});

describe("attribute inheritance", () => {
  it("applies an attribute to the category it is defined on and every category below, not above or beside", async () => {
    const { clothing, men, shirts, formal, home } = await buildTreeFixture("f");
    const color = await buildAttribute(test.platform.dataSource, store.id, clothing.id, { name: "color", type: "color" });
    const collar = await buildAttribute(test.platform.dataSource, store.id, shirts.id, { name: "collar" });
    const names = async (category: Category) => (await applicableAttributes(read(), category)).map((entry) => entry.attribute.name);
    expect(await names(clothing)).toEqual(["color"]);
    expect(await names(men)).toEqual(["color"]);
    expect(await names(shirts)).toEqual(["color", "collar"]);
    expect(await names(formal)).toEqual(["color", "collar"]);
    expect(await names(home)).toEqual([]);
    expect(color.attribute.categoryId).toBe(clothing.id);
    expect(collar.attribute.categoryId).toBe(shirts.id);
  });

  it("follows a move: a subtree moved elsewhere leaves the old ancestors' attributes behind", async () => {
    const { clothing, men, formal, home } = await buildTreeFixture("g");
    await buildAttribute(test.platform.dataSource, store.id, clothing.id, { name: "fabric" });
    await buildAttribute(test.platform.dataSource, store.id, home.id, { name: "room" });
    await inTx((ctx) => moveCategory(ctx, store.id, men.id, { parentId: home.id }));
    const moved = await getCategory(read(), store.id, formal.id);
    expect((await applicableAttributes(read(), moved)).map((entry) => entry.attribute.name)).toEqual(["room"]);
  });

  it("refuses a name already used above or below on the same line of the tree", async () => {
    const { clothing, men, shirts, home } = await buildTreeFixture("h");
    await buildAttribute(test.platform.dataSource, store.id, men.id, { name: "size", type: "size" });
    await expect(buildAttribute(test.platform.dataSource, store.id, shirts.id, { name: "size" })).rejects.toMatchObject({
      code: "attribute_name_taken",
      field: "name",
    });
    await expect(buildAttribute(test.platform.dataSource, store.id, clothing.id, { name: "size" })).rejects.toMatchObject({
      code: "attribute_name_taken",
    });
    await expect(buildAttribute(test.platform.dataSource, store.id, home.id, { name: "size" })).resolves.toBeDefined();
  });

  it("wants a swatch for every color and never makes a description a categorizer", async () => {
    const category = await buildCategory(test.platform.dataSource, store.id);
    await expect(
      buildAttribute(test.platform.dataSource, store.id, category.id, { type: "color", values: [{ value: "red", valueFa: "قرمز" }] }),
    ).rejects.toMatchObject({ kind: "invalid", field: "values.0.hex" });
    await expect(
      buildAttribute(test.platform.dataSource, store.id, category.id, { type: "description", isCategorizer: true }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "isCategorizer",
    });
  });
});
