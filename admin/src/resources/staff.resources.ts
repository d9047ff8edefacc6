import { displayPhone } from "@mall/locale";
import { User } from "@mall/server/identity/user.entity.js";
import { STORE_ROLES, StoreMember } from "@mall/server/tenancy/store-member.entity.js";
import { Tenant } from "@mall/server/tenancy/tenant.entity.js";
import { createTenant } from "@mall/server/tenancy/tenancy.service.js";
import { ForbiddenError, type ParamsType, type ResourceWithOptions } from "adminjs";
import { Components } from "../components.js";
import { hidden, nobody, readOnly, staffOnly, storeReference, timestamps } from "../features/properties.js";
import { text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";

/**
 * What only platform staff see: tenants (the accounts that own stores),
 * users and store members. For anyone else these resources hold no rows at
 * all (their scope is "staff"), so a reference to them from a merchant's
 * store page shows nothing either.
 */
export class TenantResource extends ServiceResource<Tenant> {
  protected readonly resourceId = "tenants";
  protected readonly entity = Tenant;
  protected readonly alias = "tenant";
  protected readonly scope: Scope = { kind: "staff" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "name", column: "name", match: "persian" },
      { path: "slug", column: "slug" },
      { path: "isActive", type: "boolean", column: "isActive" },
      { path: "createdAt", type: "datetime", column: "createdAt" },
    ];
  }

  protected override async createRow({ ctx, access }: WriteScope, params: Params): Promise<Tenant> {
    if (!access.staff) throw new ForbiddenError("anyForbiddenError");
    return createTenant(ctx, { name: text(params, "name") ?? "", slug: text(params, "slug") ?? "" });
  }
}

export class UserResource extends ServiceResource<User> {
  protected readonly resourceId = "users";
  protected readonly entity = User;
  protected readonly alias = "person";
  protected readonly scope: Scope = { kind: "staff" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "phone", column: "phone" },
      { path: "name", column: "name", match: "persian" },
      { path: "isStaff", type: "boolean", column: "isStaff" },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      // How a person is named where they are referred to (a store's owner, a member): name and number as Iranians write it.
      { path: "title", isSortable: false },
    ];
  }

  protected override toParams(user: User): ParamsType {
    return { ...user, title: user.name ? `${user.name} (${displayPhone(user.phone)})` : displayPhone(user.phone) };
  }
}

export class MemberResource extends ServiceResource<StoreMember> {
  protected readonly resourceId = "members";
  protected readonly entity = StoreMember;
  protected readonly alias = "member";
  protected readonly scope: Scope = { kind: "staff" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "userId", reference: "users", column: "userId" },
      { path: "role", column: "role", availableValues: STORE_ROLES },
      { path: "createdAt", type: "datetime", column: "createdAt" },
    ];
  }
}

const readOnlyActions = { edit: nobody, delete: nobody, bulkDelete: nobody, new: nobody };
const staffActions = { list: staffOnly, show: staffOnly, search: staffOnly };

export function staffResources(deps: ResourceDeps): ResourceWithOptions[] {
  const navigation = { name: "platform", icon: "Settings" };
  return [
    {
      resource: new TenantResource(deps),
      options: {
        navigation,
        titleProperty: "name",
        listProperties: ["name", "slug", "isActive", "createdAt"],
        properties: {
          id: hidden,
          name: { isTitle: true, isRequired: true },
          slug: { isRequired: true },
          isActive: readOnly,
          ...timestamps(),
        },
        actions: { ...staffActions, new: staffOnly, edit: nobody, delete: nobody, bulkDelete: nobody },
      },
    },
    {
      resource: new UserResource(deps),
      options: {
        navigation,
        titleProperty: "title",
        listProperties: ["phone", "name", "isStaff", "createdAt"],
        properties: {
          id: hidden,
          title: hidden,
          phone: { components: { list: Components.PhoneNumber, show: Components.PhoneNumber } },
          ...timestamps(),
        },
        actions: { ...staffActions, ...readOnlyActions },
      },
    },
    {
      resource: new MemberResource(deps),
      options: {
        navigation,
        listProperties: ["storeId", "userId", "role", "createdAt"],
        properties: { id: hidden, storeId: storeReference, ...timestamps() },
        actions: { ...staffActions, ...readOnlyActions },
      },
    },
  ];
}
