import { displayPhone } from "@mall/locale";
import { authorize } from "@mall/server/identity/authorization.js";
import { STORE_ROLES, StoreMember, type StoreRole } from "@mall/server/tenancy/store-member.entity.js";
import { enqueueSms } from "@mall/server/messaging/sms.queue.js";
import type { SmsJobData } from "@mall/server/messaging/sms.service.js";
import { inviteStoreMember } from "@mall/server/tenancy/member-invite.js";
import { addStoreMember, removeStoreMember } from "@mall/server/tenancy/tenancy.service.js";
import type { ActionContext, ParamsType, ResourceWithOptions } from "adminjs";
import type { EntityManager, SelectQueryBuilder } from "typeorm";
import { allowedTo } from "../access.js";
import { storeChoice, timestamps } from "../features/properties.js";
import { text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";
import { storeForNewRow } from "./store-choice.js";

/**
 * A store's team, for its owners (and, read only, its managers): invite
 * someone by mobile number with a role (they sign in by SMS code and see the
 * store), change a role, remove a member. Every change goes through the
 * tenancy service after `members:write` (owners only), and is audited there;
 * the store's owner stays its owner.
 */
export class TeamResource extends ServiceResource<StoreMember> {
  protected readonly resourceId = "team";
  protected readonly entity = StoreMember;
  protected readonly alias = "member";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };
  protected override readonly readPermission = "members:read" as const;

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "phone", column: "user.phone", match: "contains" },
      { path: "name", isSortable: false },
      { path: "role", column: "role", availableValues: STORE_ROLES },
      { path: "createdAt", type: "datetime", column: "createdAt" },
    ];
  }

  protected override query(manager: EntityManager): SelectQueryBuilder<StoreMember> {
    return super.query(manager).innerJoinAndSelect("member.user", "user");
  }

  protected override toParams(member: StoreMember): ParamsType {
    const phone = member.user?.phone ?? "";
    return {
      id: member.id,
      storeId: member.storeId,
      phone: displayPhone(phone),
      name: member.user?.name ?? null,
      role: member.role,
      createdAt: member.createdAt,
    };
  }

  /** Invitations to text once their transaction has committed, by the params object of the request that made them. */
  private readonly invitations = new WeakMap<object, SmsJobData>();

  protected override async createRow(scope: WriteScope, params: Params): Promise<StoreMember> {
    const storeId = await storeForNewRow(scope, text(params, "storeId"), "storeId", "members:write");
    const { member, sms } = await inviteStoreMember(
      scope.ctx,
      this.deps.platform.config,
      storeId,
      text(params, "phone") ?? "",
      roleOf(params),
    );
    if (sms) this.invitations.set(params, sms);
    return member;
  }

  override async create(params: Params, context?: ActionContext): Promise<ParamsType> {
    const created = await super.create(params, context);
    const sms = this.invitations.get(params);
    if (sms) await enqueueSms(this.deps.platform, sms);
    return created;
  }

  protected override async updateRow({ ctx }: WriteScope, member: StoreMember, params: Params): Promise<StoreMember> {
    await authorize(ctx, "members:write", { storeId: member.storeId });
    return (await addStoreMember(ctx, member.storeId, member.user!.phone, roleOf(params))).member;
  }

  protected override async deleteRow({ ctx }: WriteScope, member: StoreMember): Promise<void> {
    await authorize(ctx, "members:write", { storeId: member.storeId });
    await removeStoreMember(ctx, member.storeId, member.user!.phone);
  }
}

/** The role as posted; anything else is refused by the service's own check (the column's CHECK backs it). */
function roleOf(params: Params): StoreRole {
  return (text(params, "role") ?? "manager") as StoreRole;
}

export function teamResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new TeamResource(deps),
    options: {
      navigation: { name: "store", icon: "Users" },
      titleProperty: "phone",
      listProperties: ["phone", "name", "role", "storeId", "createdAt"],
      showProperties: ["phone", "name", "role", "storeId", "createdAt"],
      editProperties: ["storeId", "phone", "role"],
      filterProperties: ["storeId", "role", "phone"],
      properties: {
        id: { isVisible: false },
        storeId: { ...storeChoice, isVisible: { list: true, show: true, edit: true, filter: true } },
        phone: { isTitle: true, isRequired: true },
        name: { isVisible: { list: true, show: true, edit: false, filter: false } },
        role: { isRequired: true },
        ...timestamps(),
      },
      actions: {
        list: allowedTo("members:read"),
        show: allowedTo("members:read"),
        // The reference pickers' search: a request, not a button.
        search: { ...allowedTo("members:read"), isVisible: false },
        new: allowedTo("members:write"),
        edit: allowedTo("members:write"),
        delete: allowedTo("members:write"),
        bulkDelete: { isAccessible: false, isVisible: false },
      },
    },
  };
}
