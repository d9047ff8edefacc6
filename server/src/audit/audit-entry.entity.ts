import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";

export const AUDIT_SURFACES = ["api", "admin", "cli", "system"] as const;
export type AuditSurface = (typeof AUDIT_SURFACES)[number];

export const AUDIT_ENTITY_TYPES = ["product", "instance", "order", "store", "member", "discount", "page", "review", "gateway"] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/**
 * One change a person (or the platform) made to a store's data: who, through
 * which surface, what, and the changed fields before and after. Written only
 * by recordAudit(), in the transaction of the change itself, so an entry
 * exists exactly when its change does. Never updated or deleted.
 */
@Entity({ name: "audit_entries" })
@Index("audit_entries_store_created_idx", ["storeId", "createdAt"])
@Index("audit_entries_store_entity_idx", ["storeId", "entityType", "entityId", "createdAt"])
export class AuditEntry extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** The signed-in person; null when the platform acted (CLI staff, jobs): then `actorLabel` names it. */
  @Column({ type: "uuid", name: "actor_user_id", nullable: true })
  actorUserId: string | null;

  /** `user`, `cli:staff` or `system:<job>`: who acted, readable without a join. */
  @Column({ type: "text", name: "actor_label" })
  actorLabel: string;

  @Column({ type: "text" })
  surface: AuditSurface;

  /** `product.updated`, `instance.price_changed`, `order.transitioned`, … (Persian names in the back office). */
  @Column({ type: "text" })
  action: string;

  @Column({ type: "text", name: "entity_type" })
  entityType: AuditEntityType;

  @Column({ type: "uuid", name: "entity_id" })
  entityId: string;

  /** Only the fields that changed, as they were; null for a creation. */
  @Column({ type: "jsonb", nullable: true })
  before: Record<string, unknown> | null;

  /** Only the fields that changed, as they became; null for a removal. */
  @Column({ type: "jsonb", nullable: true })
  after: Record<string, unknown> | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
