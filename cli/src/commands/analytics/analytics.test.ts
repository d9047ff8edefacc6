import { describe, expect, it } from "vitest";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import { cliEnv, runCli, runJson } from "../../test/run-cli.js";

const test = useTestPlatform();
const env = () => cliEnv(test.config);

describe("mall analytics rebuild", { timeout: 120_000 }, () => {
  it("recomputes a store's daily report rows from its orders, and refuses an unknown store in one line", async () => {
    const { dataSource } = test.platform;
    const store = await buildStore(dataSource);
    const product = await buildProduct(dataSource, store.id, { nameFa: "چای لاهیجان", basePrice: 1_500_000, stock: 10 });
    const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
    const post = await buildShippingMethod(dataSource, store.id);
    const shopper = await buildUser(dataSource);
    await placeAs(dataSource, store.id, shopper, {
      items: [{ instanceId: instance.id, quantity: 2 }],
      address: tehranAddress(),
      shippingMethodId: post.id,
    });
    // No worker ran the analytics listener here, as after a restore: the store's daily rows are missing.
    const rows = async () =>
      (await dataSource.query(`SELECT sum(orders)::int AS orders FROM store_daily_sales WHERE store_id = $1`, [store.id]))[0].orders as
        number | null;
    expect(await rows()).toBeNull();

    const rebuilt = await runJson<{ store: string; days: number }>(["analytics", "rebuild", store.slug], env());
    expect(rebuilt).toEqual({ store: store.slug, days: 1 });
    expect(await rows()).toBe(1);

    const unknown = await runCli(["analytics", "rebuild", "no-such-store"], env());
    expect(unknown.code).toBe(1);
    expect(unknown.errorLines).toHaveLength(1);
  });
});
