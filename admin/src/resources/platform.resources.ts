import { enqueueSms } from "@mall/server/messaging/sms.queue.js";
import { SslCertificate } from "@mall/server/ssl/ssl.entity.js";
import { STORE_REQUEST_STATUSES, StoreRequest } from "@mall/server/tenancy/store-request.entity.js";
import { approveStoreRequest, rejectStoreRequest, type StoreRequestDecision } from "@mall/server/tenancy/store-request.service.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import {
  ForbiddenError,
  type ActionContext,
  type ActionHandler,
  type ParamsType,
  type RecordActionResponse,
  type ResourceWithOptions,
} from "adminjs";
import type { EntityManager, SelectQueryBuilder } from "typeorm";
import { In } from "typeorm";
import type { Access } from "../access.js";
import { Components } from "../components.js";
import { recordNotFound } from "../errors.js";
import { hidden, isStaff, nobody, readOnly, showOnly, staffOnly } from "../features/properties.js";
import { text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope } from "./service-resource.js";

/**
 * Store requests from the landing page's form, for platform staff: approve
 * (the store is provisioned and the owner texted) or reject with a reason
 * (texted as written), through the same store-request service as `mall
 * store approve` and `mall store reject`. Nobody else sees a row.
 */
export class StoreRequestResource extends ServiceResource<StoreRequest> {
  protected readonly resourceId = "storeRequests";
  protected readonly entity = StoreRequest;
  protected readonly alias = "request";
  protected readonly scope: Scope = { kind: "staff" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeName", column: "storeName", match: "persian" },
      { path: "slug", column: "slug" },
      { path: "ownerPhone", column: "ownerPhone" },
      { path: "description", type: "textarea", column: "description", isSortable: false },
      { path: "status", column: "status", availableValues: STORE_REQUEST_STATUSES },
      { path: "reason", type: "textarea", column: "reason", isSortable: false },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "decidedAt", type: "datetime", column: "decidedAt" },
    ];
  }

  /** Approves or rejects as the signed-in staff member, in one transaction; the owner's SMS is queued once it is committed. */
  async decide(context: ActionContext, id: string, decision: "approve" | "reject", params: Params): Promise<StoreRequestDecision> {
    const { config } = this.deps.platform;
    const decided = await this.write(context, async ({ ctx, access }) => {
      if (!access.staff) throw new ForbiddenError("anyForbiddenError");
      await this.loadForWrite(ctx.manager, access, id);
      return decision === "approve"
        ? approveStoreRequest(ctx, id, { theme: "bazaar", layout: "grid" }, config)
        : rejectStoreRequest(ctx, id, { reason: text(params, "reason") ?? "" }, config);
    });
    // The decision stands if Redis refuses the job: the SMS row is kept and the relay's retry is the SMS service's.
    await enqueueSms(this.deps.platform, decided.sms).catch(() => {});
    return decided;
  }
}

function decisionAction(decision: "approve" | "reject"): ActionHandler<RecordActionResponse> {
  return async (request, _response, context) => {
    const { record, resource, currentAdmin, h } = context;
    if (!record) throw recordNotFound();
    if (request.method !== "post") return { record: record.toJSON(currentAdmin) };
    const id = String(record.id());
    const decided = await (resource as StoreRequestResource).decide(context, id, decision, (request.payload ?? {}) as Params);
    const updated = await resource.findOne(id, context);
    return {
      record: (updated ?? record).toJSON(currentAdmin),
      notice: { message: decision === "approve" ? "storeRequestApproved" : "storeRequestRejected", type: "success" },
      redirectUrl:
        decision === "approve" && decided.store
          ? h.recordActionUrl({ resourceId: "stores", recordId: decided.store.id, actionName: "show" })
          : h.recordActionUrl({ resourceId: "storeRequests", recordId: id, actionName: "show" }),
    };
  };
}

/**
 * Every store's own domain for platform staff: where it stands (verified,
 * the worker's last check and what it found wrong) and its certificate
 * (valid until, the last renewal's failure). The rows are stores with a
 * domain; the merchant's «دامنهٔ اختصاصی» page is one click away.
 */
export class DomainResource extends ServiceResource<Store> {
  protected readonly resourceId = "domains";
  protected readonly entity = Store;
  protected readonly alias = "store";
  protected readonly scope: Scope = { kind: "staff" };
  protected override defaultSort = { column: "customDomainCheckedAt", direction: "DESC" as const };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "customDomain", column: "customDomain" },
      { path: "name", column: "name", match: "persian" },
      { path: "slug", column: "slug" },
      { path: "customDomainVerified", type: "boolean", column: "customDomainVerified" },
      { path: "customDomainCheckedAt", type: "datetime", column: "customDomainCheckedAt" },
      { path: "customDomainError", column: "customDomainError", isSortable: false },
      { path: "certificateNotAfter", type: "datetime", isSortable: false },
      { path: "certificateSerial", isSortable: false },
      { path: "certificateError", isSortable: false },
    ];
  }

  protected override query(manager: EntityManager): SelectQueryBuilder<Store> {
    return super.query(manager).andWhere("store.custom_domain IS NOT NULL");
  }

  /** Each page's certificates in one query. */
  protected override async present(rows: Store[], _access: Access): Promise<ParamsType[]> {
    const certificates =
      rows.length === 0
        ? []
        : await this.manager()
            .getRepository(SslCertificate)
            .findBy({ storeId: In(rows.map((row) => row.id)) });
    return rows.map((store) => {
      const certificate = certificates.find((candidate) => candidate.storeId === store.id && candidate.domain === store.customDomain);
      return {
        id: store.id,
        customDomain: store.customDomain,
        name: store.name,
        slug: store.slug,
        customDomainVerified: store.customDomainVerified,
        customDomainCheckedAt: store.customDomainCheckedAt,
        customDomainError: store.customDomainError ?? "",
        certificateNotAfter: certificate?.notAfter ?? null,
        certificateSerial: certificate?.serial ?? "",
        certificateError: certificate?.lastError ?? "",
      };
    });
  }
}

const readOnlyActions = { new: nobody, edit: nobody, delete: nobody, bulkDelete: nobody };
const staffReads = { list: staffOnly, show: staffOnly, search: staffOnly };
const pending = (context: ActionContext) => isStaff(context) && context.record?.params.status === "pending";

export function platformResources(deps: ResourceDeps): ResourceWithOptions[] {
  const navigation = { name: "platform", icon: "Settings" };
  const jalali = { ...readOnly, components: { list: Components.JalaliDate, show: Components.JalaliDate } };
  return [
    {
      resource: new StoreRequestResource(deps),
      options: {
        navigation,
        titleProperty: "storeName",
        sort: { sortBy: "createdAt", direction: "desc" },
        listProperties: ["storeName", "slug", "ownerPhone", "status", "createdAt"],
        showProperties: ["storeName", "slug", "ownerPhone", "description", "status", "reason", "storeId", "createdAt", "decidedAt"],
        filterProperties: ["storeName", "slug", "status", "createdAt"],
        properties: {
          id: hidden,
          storeName: { isTitle: true },
          slug: { components: { list: Components.LtrText, show: Components.LtrText } },
          ownerPhone: {
            components: { list: Components.PhoneNumber, show: Components.PhoneNumber },
            isVisible: { list: true, show: true, edit: false, filter: false },
          },
          storeId: showOnly,
          reason: showOnly,
          createdAt: { ...jalali, position: 900 },
          decidedAt: { ...jalali, isVisible: { list: false, show: true, edit: false, filter: false } },
        },
        actions: {
          ...staffReads,
          ...readOnlyActions,
          approve: {
            actionType: "record",
            icon: "CheckCircle",
            variant: "success",
            // A page with a button that posts: a GET never changes anything.
            component: Components.ConfirmAction,
            isAccessible: pending,
            isVisible: pending,
            handler: decisionAction("approve"),
          },
          reject: {
            actionType: "record",
            icon: "XCircle",
            variant: "danger",
            component: Components.RejectRequest,
            isAccessible: pending,
            isVisible: pending,
            handler: decisionAction("reject"),
          },
        },
      },
    },
    {
      resource: new DomainResource(deps),
      options: {
        navigation,
        titleProperty: "customDomain",
        listProperties: [
          "customDomain",
          "name",
          "customDomainVerified",
          "customDomainCheckedAt",
          "certificateNotAfter",
          "customDomainError",
        ],
        showProperties: [
          "customDomain",
          "name",
          "slug",
          "customDomainVerified",
          "customDomainCheckedAt",
          "customDomainError",
          "certificateNotAfter",
          "certificateSerial",
          "certificateError",
        ],
        filterProperties: ["customDomain", "name", "customDomainVerified"],
        properties: {
          id: hidden,
          customDomain: { isTitle: true, components: { list: Components.LtrText, show: Components.LtrText } },
          slug: { components: { list: Components.LtrText, show: Components.LtrText } },
          certificateSerial: { components: { list: Components.LtrText, show: Components.LtrText } },
          customDomainCheckedAt: jalali,
          certificateNotAfter: { ...jalali, isVisible: { list: true, show: true, edit: false, filter: false } },
        },
        actions: { ...staffReads, ...readOnlyActions },
      },
    },
  ];
}
