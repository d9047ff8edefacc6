import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * An event recorded in the same transaction as the change it describes. The
 * relay moves unrelayed rows to BullMQ, so a change committed while Redis is
 * down is still delivered once Redis is back.
 */
@Entity({ name: "outbox" })
@Index("outbox_unrelayed_idx", ["id"], { where: "relayed_at IS NULL" })
export class OutboxEvent {
  /** bigint serial: gives the relay a stable order; read as a string (pg bigint). */
  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  id: string;

  @Column({ type: "uuid", name: "store_id", nullable: true })
  storeId: string | null;

  @Column({ type: "text" })
  type: string;

  @Column({ type: "text", name: "entity_id" })
  entityId: string;

  @Column({ type: "jsonb", default: {} })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  /** The HTTP request that recorded the event (X-Request-Id), carried into the listeners' jobs and logs. */
  @Column({ type: "text", name: "request_id", nullable: true })
  requestId: string | null;

  @Column({ type: "timestamptz", name: "relayed_at", nullable: true })
  relayedAt: Date | null;

  @Column({ type: "integer", default: 0 })
  attempts: number;

  @Column({ type: "text", name: "last_error", nullable: true })
  lastError: string | null;
}
