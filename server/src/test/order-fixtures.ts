import type { DataSource } from "typeorm";
import type { User } from "../identity/user.entity.js";
import { systemContext, type ServiceContext } from "../core/context.js";
import type { AddressInput, CreateShippingMethodInput, PlaceOrderInput } from "../orders/orders.schemas.js";
import { placeOrder, type PlaceOrderOptions, type PlacedOrder } from "../orders/order.service.js";
import type { ShippingMethod } from "../orders/shipping-method.entity.js";
import { createShippingMethod } from "../orders/shipping.service.js";

/** Test fixtures for orders (used by the *.test.ts files and the checkout bench). */

/** A valid Tehran address; override any field. */
export function tehranAddress(overrides: Partial<AddressInput> = {}): AddressInput {
  return {
    receiverName: "مریم احمدی",
    mobile: "09121234567",
    provinceId: 8,
    cityId: 801,
    line: "خیابان ولیعصر، کوچهٔ لاله، پلاک ۱۲، واحد ۳",
    postalCode: "1411713135",
    ...overrides,
  };
}

/** A shipping method of the store (flat 400,000 Rials, Iran Post pishtaz, everywhere) unless told otherwise. */
export function buildShippingMethod(
  dataSource: DataSource,
  storeId: string,
  overrides: Partial<CreateShippingMethodInput> = {},
): Promise<ShippingMethod> {
  return dataSource.transaction((manager) =>
    createShippingMethod(systemContext(manager, "test"), storeId, { kind: "post_pishtaz", price: 400_000, ...overrides }),
  );
}

/** A signed-in shopper's context over a manager. */
export function shopperContext(manager: ServiceContext["manager"], user: Pick<User, "id">): ServiceContext {
  return { manager, actor: { kind: "user", userId: user.id, isStaff: false } };
}

/** Places an order as the user, in its own transaction. */
export function placeAs(
  dataSource: DataSource,
  storeId: string,
  user: Pick<User, "id">,
  input: PlaceOrderInput,
  options: Partial<PlaceOrderOptions> = {},
): Promise<PlacedOrder> {
  return dataSource.transaction((manager) =>
    placeOrder(shopperContext(manager, user), storeId, input, { reservationMinutes: 15, ...options }),
  );
}
