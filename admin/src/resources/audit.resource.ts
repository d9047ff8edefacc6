import { AuditEntry, AUDIT_ENTITY_TYPES, AUDIT_SURFACES } from "@mall/server/audit/audit-entry.entity.js";
import { allowedTo } from "../access.js";
import { auditActionLabel, describeAuditChange } from "@mall/server/audit/audit-labels.js";
import { User } from "@mall/server/identity/user.entity.js";
import type { ActionHandler, ActionResponse, ParamsType, ResourceWithOptions } from "adminjs";
import { In } from "typeorm";
import { jalaliDate, nobody, readOnly, storeReference } from "../features/properties.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope } from "./service-resource.js";

/**
 * The audit log, read only: every change a person made to the store (catalog,
 * prices, stock, orders, settings, members), who made it, through which
 * surface, and the changed fields before and after, with Jalali times. Per
 * store from the menu, per record from each product's, instance's or order's
 * «تاریخچه» action (this list filtered to that record).
 */
export class AuditResource extends ServiceResource<AuditEntry> {
  protected readonly resourceId = "audit";
  protected readonly entity = AuditEntry;
  protected readonly alias = "entry";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };
  protected override readonly readPermission = "audit:read" as const;

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "actor", isSortable: false },
      { path: "surface", column: "surface", availableValues: AUDIT_SURFACES },
      { path: "action", column: "action", match: "exact" },
      { path: "actionLabel", isSortable: false },
      { path: "entityType", column: "entityType", availableValues: AUDIT_ENTITY_TYPES },
      { path: "entityId", type: "uuid", column: "entityId", isSortable: false },
      { path: "changes", isSortable: false },
    ];
  }

  /** Persian names, the person's mobile number (one query a page) and the change as one line. */
  protected override async present(rows: AuditEntry[]): Promise<ParamsType[]> {
    const userIds = [...new Set(rows.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])))];
    const users = userIds.length ? await this.manager().find(User, { where: { id: In(userIds) }, select: { id: true, phone: true, name: true } }) : [];
    const byId = new Map(users.map((user) => [user.id, user]));
    return rows.map((row) => {
      const user = row.actorUserId ? byId.get(row.actorUserId) : undefined;
      const actor = user
        ? `${user.name ? `${user.name} ` : ""}0${user.phone.slice(3)}${row.actorLabel === "staff" ? " (کارمند مال)" : ""}`
        : row.actorLabel === "cli:staff"
          ? "کارمند مال (خط فرمان)"
          : row.actorLabel.startsWith("system:")
            ? "سامانه"
            : "کاربر حذف‌شده";
      return {
        id: row.id,
        storeId: row.storeId,
        createdAt: row.createdAt,
        actor,
        surface: row.surface,
        action: row.action,
        actionLabel: auditActionLabel(row.action),
        entityType: row.entityType,
        entityId: row.entityId,
        changes: describeAuditChange(row.before, row.after),
      };
    });
  }
}

export function auditResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new AuditResource(deps),
    options: {
      navigation: { name: "store", icon: "Clock" },
      titleProperty: "actionLabel",
      sort: { sortBy: "createdAt", direction: "desc" },
      listProperties: ["createdAt", "actor", "surface", "actionLabel", "entityType", "changes"],
      showProperties: ["createdAt", "actor", "surface", "actionLabel", "entityType", "entityId", "changes", "storeId"],
      filterProperties: ["storeId", "entityType", "entityId", "surface", "createdAt"],
      properties: {
        id: { isVisible: false },
        storeId: storeReference,
        createdAt: { ...jalaliDate, isVisible: { list: true, show: true, edit: false, filter: true } },
        actor: readOnly,
        surface: readOnly,
        action: { isVisible: false },
        actionLabel: { ...readOnly, isTitle: true },
        entityType: readOnly,
        entityId: readOnly,
        changes: readOnly,
      },
      actions: { list: allowedTo("audit:read"), show: allowedTo("audit:read"), search: allowedTo("audit:read"), new: nobody, edit: nobody, delete: nobody, bulkDelete: nobody },
    },
  };
}

/**
 * A record's «تاریخچه» action: the audit list filtered to this record. Add it
 * to a resource's actions; the list itself stays scoped to the person's stores.
 */
export const historyAction = {
  ...allowedTo("audit:read"),
  actionType: "record" as const,
  icon: "Clock",
  component: false as const,
  handler: (async (_request, _response, context) => {
    const { record, h, currentAdmin } = context;
    if (!record) throw new Error("history: no record");
    return {
      record: record.toJSON(currentAdmin),
      redirectUrl: h.resourceUrl({ resourceId: "audit", search: `?filters.entityId=${encodeURIComponent(String(record.id()))}` }),
    };
  }) as ActionHandler<ActionResponse>,
};
