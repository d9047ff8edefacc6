import { systemContext } from "@mall/server/core/context.js";
import type { User } from "@mall/server/identity/user.entity.js";
import type { Product } from "@mall/server/catalog/product.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { setStoreStatus } from "@mall/server/tenancy/tenancy.service.js";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * The back office follows a store's status through the same authorisation
 * helper as the API (issue 24 #8): a suspended store's members still see its
 * orders but every change is refused in Persian; a deleted store's members
 * see nothing of it.
 */
const test = useAdminServer();
let store: Store;
let owner: User;
let product: Product;
let orderId: string;
let session: AdminSession;

const setStatus = (status: "active" | "suspended" | "deleted") =>
  test.platform.dataSource.transaction((manager) => setStoreStatus(systemContext(manager, "cli"), store.id, status));

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "فروشگاه تعلیقی" });
  owner = (await dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  product = await buildProduct(dataSource, store.id, { nameFa: "قهوهٔ تعلیقی", basePrice: 500_000, stock: 5 });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
  const method = await buildShippingMethod(dataSource, store.id);
  orderId = (
    await placeAs(dataSource, store.id, await buildUser(dataSource), {
      items: [{ instanceId: instance.id, quantity: 1 }],
      address: tehranAddress(),
      shippingMethodId: method.id,
    })
  ).order.id;
  session = await signInToAdmin(test.server, test.platform, owner.phone);
}, 60_000);

describe("a store's status in the back office", () => {
  it("suspended: the owner still lists orders and products, but an edit is refused with the Persian reason and changes nothing", async () => {
    await setStatus("suspended");
    expect((await session.list("orders")).body.records.map((r: { id: string }) => r.id)).toEqual([orderId]);
    expect((await session.list("products")).body.records.map((r: { id: string }) => r.id)).toEqual([product.id]);
    const edit = await session.edit("products", product.id, { nameFa: "نام تازه" });
    expect(JSON.stringify(edit.body)).toContain("این فروشگاه تعلیق شده است");
    expect((await test.platform.dataSource.query(`SELECT name_fa FROM products WHERE id = $1`, [product.id]))[0].name_fa).toBe(
      "قهوهٔ تعلیقی",
    );
  });

  it("deleted: the owner sees none of its rows", async () => {
    await setStatus("deleted");
    expect((await session.list("orders")).body.records).toEqual([]);
    expect((await session.list("products")).body.records).toEqual([]);
    expect((await session.show("products", product.id)).body.record?.params?.nameFa).toBeUndefined();
  });
});
