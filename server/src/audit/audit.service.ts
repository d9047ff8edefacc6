import type { ServiceContext } from "../core/context.js";
import type { AuditEntityType, AuditSurface } from "./audit-entry.entity.js";

/**
 * The audit log's one writer (issue 16: every change a person makes, in the
 * same transaction). Services call it with the manager that writes the change,
 * so a change that fails or rolls back leaves no entry, and an entry never
 * exists without its change. Only the fields that changed are kept.
 */
export interface AuditInput {
  storeId: string;
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  /** The fields as they were (null for a creation); compared with `after`, only the changed ones are kept. */
  before: Record<string, unknown> | null;
  /** The fields as they became (null for a removal). */
  after: Record<string, unknown> | null;
}

/** Who acted and through which surface, from the service context. */
export function auditActor(ctx: Pick<ServiceContext, "actor" | "surface">): {
  actorUserId: string | null;
  actorLabel: string;
  surface: AuditSurface;
} {
  const { actor } = ctx;
  if (actor.kind === "user")
    return { actorUserId: actor.userId, actorLabel: actor.isStaff ? "staff" : "user", surface: ctx.surface ?? "api" };
  if (actor.kind === "system")
    return actor.name === "cli"
      ? { actorUserId: null, actorLabel: "cli:staff", surface: "cli" }
      : { actorUserId: null, actorLabel: `system:${actor.name}`, surface: "system" };
  return { actorUserId: null, actorLabel: "anonymous", surface: ctx.surface ?? "api" };
}

/**
 * Writes one audit entry through `ctx.manager`, the caller's transaction; the
 * actor and surface come from the context. Returns false, and writes nothing,
 * when nothing changed (a save with the same values).
 */
export async function recordAudit(ctx: ServiceContext, input: AuditInput): Promise<boolean> {
  const { before, after } = changedFields(input.before, input.after);
  if (input.before !== null && input.after !== null && Object.keys(after ?? {}).length === 0) return false;
  const who = auditActor(ctx);
  // A plain INSERT, as recordEvent: jsonb of any shape, no entity round trip.
  await ctx.manager.query(
    `INSERT INTO audit_entries (store_id, actor_user_id, actor_label, surface, action, entity_type, entity_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
    [
      input.storeId,
      who.actorUserId,
      who.actorLabel,
      who.surface,
      input.action,
      input.entityType,
      input.entityId,
      json(before),
      json(after),
    ],
  );
  return true;
}

/**
 * recordAudit for many changes at once (a CSV import's batch): the same
 * entries, one per change that changed something, written in one INSERT.
 * Returns how many were written.
 */
export async function recordAudits(ctx: ServiceContext, inputs: readonly AuditInput[]): Promise<number> {
  const who = auditActor(ctx);
  const entries = inputs.flatMap((input) => {
    const { before, after } = changedFields(input.before, input.after);
    if (input.before !== null && input.after !== null && Object.keys(after ?? {}).length === 0) return [];
    return [{ input, before: json(before), after: json(after) }];
  });
  if (entries.length === 0) return 0;
  await ctx.manager.query(
    `INSERT INTO audit_entries (store_id, actor_user_id, actor_label, surface, action, entity_type, entity_id, before, after)
     SELECT store_id, $1, $2, $3, action, entity_type, entity_id, before::jsonb, after::jsonb
       FROM unnest($4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[]) AS e(store_id, action, entity_type, entity_id, before, after)`,
    [
      who.actorUserId,
      who.actorLabel,
      who.surface,
      entries.map((entry) => entry.input.storeId),
      entries.map((entry) => entry.input.action),
      entries.map((entry) => entry.input.entityType),
      entries.map((entry) => entry.input.entityId),
      entries.map((entry) => entry.before),
      entries.map((entry) => entry.after),
    ],
  );
  return entries.length;
}

/** Keeps only the keys whose values differ (compared as JSON); a creation or removal keeps its side whole. */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  if (before === null || after === null) return { before, after };
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of keys) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    was[key] = before[key] ?? null;
    now[key] = after[key] ?? null;
  }
  return { before: was, after: now };
}

function json(value: Record<string, unknown> | null): string | null {
  return value === null ? null : JSON.stringify(value);
}
