import { authorize } from "@mall/server/identity/authorization.js";
import { allowedTo } from "../access.js";
import { STORE_LAYOUTS, STORE_STATUSES, STORE_THEMES, Store, type StoreLayout, type StoreStatus, type StoreTheme } from "@mall/server/tenancy/store.entity.js";
import { setStoreStatus, updateStoreSettings } from "@mall/server/tenancy/tenancy.service.js";
import { ForbiddenError, type ActionContext, type ActionHandler, type RecordActionResponse, type ResourceWithOptions } from "adminjs";
import { Components } from "../components.js";
import { recordNotFound } from "../errors.js";
import { isStaff, nobody, readOnly, showOnly, timestamps } from "../features/properties.js";
import { defined, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";

/**
 * Stores: a merchant's store settings (name, description, logo, theme,
 * layout; the custom domain is shown, not changed, for now) and, for staff,
 * every store with suspend and resume.
 */
export class StoreResource extends ServiceResource<Store> {
  protected readonly resourceId = "stores";
  protected readonly entity = Store;
  protected readonly alias = "store";
  protected readonly scope: Scope = { kind: "store", column: "id" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "name", column: "name", match: "persian" },
      { path: "slug", column: "slug" },
      { path: "status", column: "status", availableValues: STORE_STATUSES },
      { path: "description", type: "textarea", column: "description", isSortable: false },
      { path: "logo", isSortable: false },
      { path: "theme", column: "theme", availableValues: STORE_THEMES },
      { path: "layout", column: "layout", availableValues: STORE_LAYOUTS },
      { path: "customDomain", column: "customDomain" },
      { path: "customDomainVerified", type: "boolean", column: "customDomainVerified" },
      { path: "tenantId", reference: "tenants", column: "tenantId" },
      { path: "ownerId", reference: "users", column: "ownerId" },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  protected override toParams(store: Store) {
    return {
      ...store,
      // The logo's public address (the media job writes the key once its variants exist).
      logo: store.logo ? this.deps.platform.mediaStorage.url(store.logo) : null,
    };
  }

  protected override async updateRow({ ctx }: WriteScope, store: Store, params: Params): Promise<Store> {
    await authorize(ctx, "settings:write", { storeId: store.id });
    return updateStoreSettings(
      ctx,
      store.id,
      // Unknown themes or layouts are refused by the service's schema, with its message.
      defined({
        name: text(params, "name"),
        description: text(params, "description"),
        theme: text(params, "theme") as StoreTheme | undefined,
        layout: text(params, "layout") as StoreLayout | undefined,
      }),
    );
  }

  /** Suspends or resumes a store: platform staff only, whatever the buttons show. */
  async setStatus(context: ActionContext, id: string, status: StoreStatus): Promise<void> {
    await this.write(context, async ({ ctx, access }) => {
      if (!access.staff) throw new ForbiddenError("anyForbiddenError");
      await this.loadForWrite(ctx.manager, access, id);
      return setStoreStatus(ctx, id, status);
    });
  }
}

function statusAction(status: StoreStatus): ActionHandler<RecordActionResponse> {
  return async (request, _response, context) => {
    const { record, resource, currentAdmin, h } = context;
    if (!record) throw recordNotFound();
    if (request.method !== "post") return { record: record.toJSON(currentAdmin) };
    await (resource as StoreResource).setStatus(context, String(record.id()), status);
    const updated = await resource.findOne(String(record.id()), context);
    return {
      record: (updated ?? record).toJSON(currentAdmin),
      notice: { message: status === "suspended" ? "storeSuspended" : "storeResumed", type: "success" },
      redirectUrl: h.recordActionUrl({ resourceId: "stores", recordId: String(record.id()), actionName: "show" }),
    };
  };
}

export function storeResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new StoreResource(deps),
    options: {
      navigation: { name: "store", icon: "ShoppingBag" },
      titleProperty: "name",
      sort: { sortBy: "name", direction: "asc" },
      listProperties: ["name", "slug", "status", "theme", "layout", "customDomain", "createdAt"],
      showProperties: ["name", "slug", "status", "logo", "description", "theme", "layout", "customDomain", "customDomainVerified", "tenantId", "ownerId", "createdAt", "updatedAt"],
      editProperties: ["name", "logo", "description", "theme", "layout", "customDomain"],
      filterProperties: ["name", "slug", "status", "theme", "layout"],
      properties: {
        id: { isVisible: false },
        name: { isTitle: true, isRequired: true },
        slug: readOnly,
        status: readOnly,
        customDomain: { ...readOnly, isDisabled: true, isVisible: { list: true, show: true, edit: true, filter: false } },
        customDomainVerified: showOnly,
        logo: { components: { show: Components.StoreLogo, list: Components.StoreLogo, edit: Components.StoreLogoInput } },
        description: { type: "textarea" },
        tenantId: showOnly,
        ownerId: showOnly,
        ...timestamps(),
      },
      actions: {
        new: nobody,
        edit: { ...allowedTo("settings:write") },
        delete: nobody,
        bulkDelete: nobody,
        suspend: {
          actionType: "record",
          icon: "PauseCircle",
          variant: "danger",
          // A page with a button that posts: a GET never changes anything (a link from another site cannot suspend a store).
          component: Components.ConfirmAction,
          isAccessible: (context) => isStaff(context) && context.record?.params.status === "active",
          isVisible: (context) => isStaff(context) && context.record?.params.status === "active",
          handler: statusAction("suspended"),
        },
        resume: {
          actionType: "record",
          icon: "PlayCircle",
          variant: "success",
          // A page with a button that posts: a GET never changes anything (a link from another site cannot suspend a store).
          component: Components.ConfirmAction,
          isAccessible: (context) => isStaff(context) && context.record?.params.status === "suspended",
          isVisible: (context) => isStaff(context) && context.record?.params.status === "suspended",
          handler: statusAction("active"),
        },
      },
    },
  };
}
