import type { ServiceContext } from "@mall/server/core/context.js";
import { authorize } from "@mall/server/identity/authorization.js";
import { domainCheckPending, requestDomainCheck } from "@mall/server/ssl/domain-check.job.js";
import { domainSetupStatus, type DomainSetupStatus } from "@mall/server/ssl/domain-setup.service.js";
import { addCustomDomain, removeCustomDomain } from "@mall/server/tenancy/custom-domain.service.js";
import type { ActionHandler, ActionResponse, RecordActionResponse } from "adminjs";
import type { EntityManager } from "typeorm";
import { allowedTo } from "../access.js";
import { Components } from "../components.js";
import { fieldError, recordNotFound, toAdminError } from "../errors.js";
import { text, type Params } from "./params.js";
import type { ResourceDeps } from "./service-resource.js";

/** What the «دامنهٔ اختصاصی» page shows: the domain's state, and whether a check is waiting for the worker. */
export type DomainView = Omit<DomainSetupStatus, "checkedAt" | "certificate"> & {
  checkedAt: string | null;
  certificate: { serial: string; notAfter: string; issuedAt: string; lastError: string | null; failedAt: string | null } | null;
  checkPending: boolean;
  platformDomain: string;
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * The store's own domain in the back office: the merchant adds it and sees
 * the DNS records to set (custom-domain.service, as `mall domain add`),
 * asks for a check now (the worker's domain-check job: the records, then the
 * certificate, as `mall domain verify` and `mall ssl issue`), or removes it.
 * The worker's sweep checks waiting domains on its own; the page shows
 * where the domain stands and what is wrong, in Persian.
 */
export function domainAction(deps: ResourceDeps) {
  const { platform } = deps;
  const view = async (ctx: ServiceContext, storeId: string): Promise<DomainView> => {
    const status = await domainSetupStatus(ctx, storeId, platform.config.PLATFORM_DOMAIN);
    const certificate = status.certificate;
    return {
      ...status,
      checkedAt: iso(status.checkedAt),
      certificate: certificate
        ? {
            ...certificate,
            notAfter: certificate.notAfter.toISOString(),
            issuedAt: certificate.issuedAt.toISOString(),
            failedAt: iso(certificate.failedAt),
          }
        : null,
      checkPending: await domainCheckPending(platform.queues, storeId).catch(() => false),
      platformDomain: platform.config.PLATFORM_DOMAIN,
    };
  };

  const handler: ActionHandler<RecordActionResponse & { domain?: DomainView }> = async (request, _response, context) => {
    const { record, currentAdmin } = context;
    if (!record) throw recordNotFound();
    const access = await deps.access.of(currentAdmin);
    if (!access) throw recordNotFound();
    const storeId = String(record.id());
    const context_ = (manager: EntityManager): ServiceContext => ({ manager, actor: access.actor, surface: "admin" });
    const readCtx = context_(platform.dataSource.manager);
    if (request.method !== "post") {
      try {
        return { record: record.toJSON(currentAdmin), domain: await view(readCtx, storeId) };
      } catch (error) {
        throw toAdminError(error);
      }
    }
    const payload = (request.payload ?? {}) as Params;
    const op = text(payload, "op");
    let message: string;
    try {
      if (op === "add") {
        await platform.dataSource.transaction((manager) =>
          addCustomDomain(context_(manager), storeId, text(payload, "domain") ?? "", platform.config.PLATFORM_DOMAIN),
        );
        message = "domainAdded";
      } else if (op === "remove") {
        await platform.dataSource.transaction((manager) => removeCustomDomain(context_(manager), storeId, platform.config.PLATFORM_DOMAIN));
        message = "domainRemoved";
      } else if (op === "check") {
        await authorize(readCtx, "settings:write", { storeId });
        await requestDomainCheck(platform.queues, storeId).catch(() => {
          throw fieldError("form", "بررسی اکنون در صف قرار نگرفت؛ دامنه چند دقیقهٔ دیگر خودکار بررسی می‌شود.");
        });
        message = "domainCheckRequested";
      } else {
        throw fieldError("op", "کار خواسته‌شده شناخته نشد.");
      }
    } catch (error) {
      throw toAdminError(error);
    }
    return {
      record: record.toJSON(currentAdmin),
      domain: await view(readCtx, storeId),
      notice: { message, type: "success" },
    } as ActionResponse as RecordActionResponse;
  };

  return {
    actionType: "record" as const,
    icon: "Globe",
    component: Components.StoreDomain,
    ...allowedTo("settings:write"),
    handler,
  };
}
