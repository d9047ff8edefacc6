import { describe, expect, it } from "vitest";
import { systemContext } from "../core/context.js";
import { randomSlug } from "../test/factories.js";
import { useTestPlatform } from "../test/test-platform.js";
import { productDetail, findProduct } from "../catalog/product.service.js";
import { listProducts } from "../catalog/product-search.service.js";
import { seedLargeCatalog } from "./seed-large-catalog.js";

const test = useTestPlatform();

describe("the large-catalog seed", () => {
  it("makes a store whose bulk rows read like ones made through the services, and runs again without change", async () => {
    const slug = randomSlug("bench");
    const first = await seedLargeCatalog(test.platform.dataSource, { slug, products: 200 });
    expect(first).toMatchObject({ products: 200, instances: 800 });
    const ctx = systemContext(test.platform.dataSource.manager, "test");
    const page = await listProducts(ctx, first.storeId, { q: "پيراهن", category: "c0", limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    const detail = await productDetail(ctx, await findProduct(ctx, first.storeId, "p-0", { activeOnly: true }), {
      activeInstancesOnly: true,
    });
    expect(detail.instances).toHaveLength(4);
    expect(detail.instances[0]!.attributes.map((row) => row.attributeId)).toEqual(detail.attributes.map((entry) => entry.attribute.id));
    expect(await seedLargeCatalog(test.platform.dataSource, { slug, products: 200 })).toMatchObject({ products: 200, instances: -1 });
  });
});
