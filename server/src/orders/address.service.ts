import { UUID_PATTERN } from "../core/ids.js";
import { requireUser } from "../identity/authorization.js";
import type { ServiceContext } from "../core/context.js";
import { CustomerAddress } from "./customer-address.entity.js";
import { findCity, findProvince } from "@mall/locale";
import type { ShippingAddress } from "./order.entity.js";
import { AddressNotFoundError, TooManyAddressesError } from "./orders.errors.js";
import { addressInputSchema, type Address, type AddressInput } from "./orders.schemas.js";

/** How many addresses a shopper keeps at one store. */
export const MAX_ADDRESSES = 20;

/**
 * The signed-in shopper's addresses at one store. Everything here is the
 * actor's own: another person's address id answers as a missing one.
 */

export async function listAddresses(ctx: ServiceContext, storeId: string): Promise<CustomerAddress[]> {
  const { userId } = requireUser(ctx);
  return ctx.manager.find(CustomerAddress, { where: { storeId, userId }, order: { createdAt: "DESC" } });
}

export async function getOwnAddress(ctx: ServiceContext, storeId: string, id: string, field?: string): Promise<CustomerAddress> {
  const { userId } = requireUser(ctx);
  const address = UUID_PATTERN.test(id) ? await ctx.manager.findOneBy(CustomerAddress, { storeId, userId, id }) : null;
  if (!address) throw new AddressNotFoundError(field);
  return address;
}

export async function createAddress(ctx: ServiceContext, storeId: string, input: AddressInput): Promise<CustomerAddress> {
  const data = addressInputSchema.parse(input);
  const { userId } = requireUser(ctx);
  if ((await ctx.manager.countBy(CustomerAddress, { storeId, userId })) >= MAX_ADDRESSES) throw new TooManyAddressesError(MAX_ADDRESSES);
  const repository = ctx.manager.getRepository(CustomerAddress);
  return repository.save(repository.create({ ...data, storeId, userId }));
}

export async function updateAddress(ctx: ServiceContext, storeId: string, id: string, input: AddressInput): Promise<CustomerAddress> {
  const data = addressInputSchema.parse(input);
  const address = await getOwnAddress(ctx, storeId, id);
  await ctx.manager.update(CustomerAddress, { storeId, id: address.id }, data);
  return ctx.manager.findOneByOrFail(CustomerAddress, { storeId, id: address.id });
}

export async function deleteAddress(ctx: ServiceContext, storeId: string, id: string): Promise<void> {
  const address = await getOwnAddress(ctx, storeId, id);
  await ctx.manager.delete(CustomerAddress, { storeId, id: address.id });
}

/** An address as an order keeps it: with the province's and city's names as they are today. */
export function shippingAddressOf(address: Address | CustomerAddress): ShippingAddress {
  return {
    receiverName: address.receiverName,
    mobile: address.mobile,
    provinceId: address.provinceId,
    provinceName: findProvince(address.provinceId)?.name ?? "",
    cityId: address.cityId,
    cityName: findCity(address.cityId)?.city.name ?? "",
    line: address.line,
    postalCode: address.postalCode,
  };
}
