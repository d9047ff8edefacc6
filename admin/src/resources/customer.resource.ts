import { displayPhone } from "@mall/locale";
import { UUID_PATTERN } from "@mall/server/core/ids.js";
import { StoreCustomer } from "@mall/server/identity/store-customer.entity.js";
import type { ParamsType, ResourceWithOptions } from "adminjs";
import type { EntityManager, SelectQueryBuilder } from "typeorm";
import { nobody, readOnly, storeReference, timestamps } from "../features/properties.js";
import { ServiceResource, type PropertySpec, type Scope } from "./service-resource.js";
import type { ResourceDeps } from "./service-resource.js";

/** `{storeId}:{userId}`: a customer is a person at one store, and AdminJS wants one id. */
function parseId(id: string): { storeId: string; userId: string } | null {
  const [storeId, userId, extra] = id.split(":");
  return storeId && userId && extra === undefined && UUID_PATTERN.test(storeId) && UUID_PATTERN.test(userId) ? { storeId, userId } : null;
}

/** The people who signed in at a store (read only: they manage their own data). */
export class CustomerResource extends ServiceResource<StoreCustomer> {
  protected readonly resourceId = "customers";
  protected readonly entity = StoreCustomer;
  protected readonly alias = "customer";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };
  protected override readonly readPermission = "orders:read" as const;

  protected specs(): PropertySpec[] {
    return [
      { path: "id", isId: true, isSortable: false },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "phone", column: "user.phone" },
      { path: "name", column: "user.name" },
      { path: "createdAt", type: "datetime", column: "createdAt" },
    ];
  }

  protected override query(manager: EntityManager): SelectQueryBuilder<StoreCustomer> {
    return super.query(manager).innerJoinAndSelect("customer.user", "user");
  }

  protected override whereId(query: SelectQueryBuilder<StoreCustomer>, id: string): boolean {
    const key = parseId(id);
    if (!key) return false;
    query.andWhere("customer.storeId = :keyStoreId AND customer.userId = :keyUserId", { keyStoreId: key.storeId, keyUserId: key.userId });
    return true;
  }

  protected override whereIds(query: SelectQueryBuilder<StoreCustomer>, ids: string[]): boolean {
    const keys = ids.map(parseId).filter((key) => key !== null);
    if (keys.length === 0) return false;
    query.andWhere("(customer.storeId, customer.userId) IN (SELECT * FROM unnest(:keyStoreIds::uuid[], :keyUserIds::uuid[]))", {
      keyStoreIds: keys.map((key) => key.storeId),
      keyUserIds: keys.map((key) => key.userId),
    });
    return true;
  }

  protected override toParams(customer: StoreCustomer): ParamsType {
    return {
      id: `${customer.storeId}:${customer.userId}`,
      storeId: customer.storeId,
      phone: customer.user ? displayPhone(customer.user.phone) : "",
      name: customer.user?.name ?? null,
      createdAt: customer.createdAt,
    };
  }
}

export function customerResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new CustomerResource(deps),
    options: {
      navigation: { name: "store", icon: "Users" },
      titleProperty: "phone",
      listProperties: ["phone", "name", "storeId", "createdAt"],
      showProperties: ["phone", "name", "storeId", "createdAt"],
      filterProperties: ["phone", "name", "storeId"],
      properties: {
        id: { isVisible: false },
        storeId: storeReference,
        phone: { ...readOnly, isTitle: true },
        name: readOnly,
        ...timestamps(),
      },
      actions: { new: nobody, edit: nobody, delete: nobody, bulkDelete: nobody },
    },
  };
}
