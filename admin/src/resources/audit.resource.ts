import { displayPhone, GATEWAY_LABELS, toPersianDigits } from "@mall/locale";
import { AuditEntry, AUDIT_ENTITY_TYPES, AUDIT_SURFACES } from "@mall/server/audit/audit-entry.entity.js";
import { allowedTo } from "../access.js";
import { auditActionLabel, auditReferencedIds, describeAuditChange } from "@mall/server/audit/audit-labels.js";
import { UUID_PATTERN } from "@mall/server/core/ids.js";
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
      { path: "entity", isSortable: false },
      { path: "changes", isSortable: false },
    ];
  }

  /** What each id of these entries names, as a person reads it («سفارش ۱۰۴۲», a product's name, a member's number). */
  private async names(rows: AuditEntry[]): Promise<Map<string, string>> {
    const ids = [
      ...new Set(
        rows.flatMap((row) => [
          ...(row.entityId && UUID_PATTERN.test(row.entityId) ? [row.entityId] : []),
          ...auditReferencedIds(row.before, row.after),
        ]),
      ),
    ];
    if (ids.length === 0) return new Map();
    const storeIds = [...new Set(rows.map((row) => row.storeId))];
    const found = (await this.manager().query(NAMES_SQL, [storeIds, ids])) as Array<{ id: string; kind: string; name: string }>;
    const label = ({ kind, name }: { kind: string; name: string }) =>
      kind === "order"
        ? `سفارش ${toPersianDigits(name)}`
        : kind === "member"
          ? displayPhone(name)
          : kind === "review"
            ? `نظر دربارهٔ ${name}`
            : kind === "gateway"
              ? (GATEWAY_LABELS[name as keyof typeof GATEWAY_LABELS] ?? name)
              : name;
    return new Map(found.map((row) => [row.id, label(row)]));
  }

  /** Persian names, the person's mobile number (one query a page) and the change as one line. */
  protected override async present(rows: AuditEntry[]): Promise<ParamsType[]> {
    const userIds = [...new Set(rows.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])))];
    const users = userIds.length
      ? await this.manager().find(User, { where: { id: In(userIds) }, select: { id: true, phone: true, name: true } })
      : [];
    const byId = new Map(users.map((user) => [user.id, user]));
    const names = await this.names(rows);
    return rows.map((row) => {
      const user = row.actorUserId ? byId.get(row.actorUserId) : undefined;
      const actor = user
        ? `${user.name ? `${user.name} ` : ""}${displayPhone(user.phone)}${row.actorLabel === "staff" ? " (کارمند مال)" : ""}`
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
        entity: (row.entityId ? names.get(row.entityId) : undefined) ?? "(حذف‌شده)",
        changes: describeAuditChange(row.before, row.after, names),
      };
    });
  }
}

/** The names of what a page of entries is about or refers to (products, models, categories, orders, members, discounts, pages, reviews), within the entries' stores. */
const NAMES_SQL = `
  SELECT id::text, 'product' AS kind, name_fa AS name FROM products WHERE store_id = ANY($1::uuid[]) AND id = ANY($2::uuid[])
  UNION ALL SELECT i.id::text, 'instance', p.name_fa || ' (' || i.sku || ')' FROM product_instances i JOIN products p ON p.id = i.product_id WHERE i.store_id = ANY($1::uuid[]) AND i.id = ANY($2::uuid[])
  UNION ALL SELECT id::text, 'category', name_fa FROM categories WHERE store_id = ANY($1::uuid[]) AND id = ANY($2::uuid[])
  UNION ALL SELECT id::text, 'order', number::text FROM orders WHERE store_id = ANY($1::uuid[]) AND id = ANY($2::uuid[])
  UNION ALL SELECT id::text, 'store', name FROM stores WHERE id = ANY($1::uuid[]) AND id = ANY($2::uuid[])
  UNION ALL SELECT m.id::text, 'member', u.phone FROM store_members m JOIN users u ON u.id = m.user_id WHERE m.store_id = ANY($1::uuid[]) AND m.id = ANY($2::uuid[])
  UNION ALL SELECT id::text, 'discount', title FROM discounts WHERE store_id = ANY($1::uuid[]) AND id = ANY($2::uuid[])
  UNION ALL SELECT id::text, 'page', title FROM store_pages WHERE store_id = ANY($1::uuid[]) AND id = ANY($2::uuid[])
  UNION ALL SELECT r.id::text, 'review', p.name_fa FROM product_reviews r JOIN products p ON p.id = r.product_id WHERE r.store_id = ANY($1::uuid[]) AND r.id = ANY($2::uuid[])
  UNION ALL SELECT id::text, 'gateway', gateway FROM store_payment_gateways WHERE store_id = ANY($1::uuid[]) AND id = ANY($2::uuid[])`;

export function auditResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new AuditResource(deps),
    options: {
      navigation: { name: "store", icon: "Clock" },
      titleProperty: "actionLabel",
      sort: { sortBy: "createdAt", direction: "desc" },
      listProperties: ["createdAt", "actor", "surface", "actionLabel", "entityType", "entity", "changes"],
      showProperties: ["createdAt", "actor", "surface", "actionLabel", "entityType", "entity", "changes", "storeId"],
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
        entityId: { isVisible: { list: false, show: false, edit: false, filter: true } },
        entity: { isVisible: { list: true, show: true, edit: false, filter: false } },
        changes: readOnly,
      },
      actions: {
        list: allowedTo("audit:read"),
        show: allowedTo("audit:read"),
        search: { ...allowedTo("audit:read"), isVisible: false },
        new: nobody,
        edit: nobody,
        delete: nobody,
        bulkDelete: nobody,
      },
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
