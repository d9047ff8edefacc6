import type { EntityManager } from "typeorm";
import { currentRequestId } from "../platform/request-scope.js";

/** Every event type a change can record; listeners subscribe by type in listeners.ts. */
export const EVENT_TYPES = [
  "store.changed",
  "product.changed",
  "instance.changed",
  "category.changed",
  "attribute.changed",
  "media.uploaded",
  "media.deleted",
  "order.changed",
  "gateway.changed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface DomainEvent {
  storeId: string | null;
  type: EventType;
  entityId: string;
  payload?: Record<string, unknown>;
}

/** What a listener's job receives: the event and its outbox id (the idempotency key). */
export interface EventJobData {
  eventId: string;
  storeId: string | null;
  type: EventType;
  entityId: string;
  payload: Record<string, unknown>;
  /** The request that made the change, when one did: the worker logs the job under it. */
  requestId?: string;
}

/**
 * Records an event in the caller's transaction. Call it with the same
 * EntityManager that writes the change, so the event exists exactly when the
 * change does. A batch of one: recordEvents writes.
 */
export async function recordEvent(manager: EntityManager, event: DomainEvent): Promise<void> {
  await recordEvents(manager, [event]);
}

/**
 * Records events in the caller's transaction in one INSERT, in their order
 * (the outbox relays by id): a batch's per-model events cost one round trip,
 * not one each. (Plain SQL: TypeORM's insert() would not type a jsonb
 * payload of arbitrary shape.)
 */
export async function recordEvents(manager: EntityManager, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await manager.query(
    `INSERT INTO outbox (store_id, type, entity_id, payload, request_id)
     SELECT e.store_id, e.type, e.entity_id, e.payload::jsonb, $5
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS e(store_id, type, entity_id, payload, n)
      ORDER BY e.n`,
    [
      events.map((event) => event.storeId),
      events.map((event) => event.type),
      events.map((event) => event.entityId),
      events.map((event) => JSON.stringify(event.payload ?? {})),
      currentRequestId() ?? null,
    ],
  );
}

/**
 * recordEvent's row written by the statement that makes the change, for the
 * few hot paths where one round trip less matters (a placement's stock and
 * order number, under locks other shoppers wait on): an `INSERT INTO outbox …
 * SELECT` to put in that statement's WITH, one event per row of `from`. The
 * columns are SQL over `from` (parameters included); `requestId` is
 * currentRequestId(), passed as a parameter as recordEvent does.
 */
export function outboxInsertSql(
  type: EventType,
  columns: { storeId: string; entityId: string; payload: string; requestId: string },
  from: string,
): string {
  return `INSERT INTO outbox (store_id, type, entity_id, payload, request_id)
          SELECT ${columns.storeId}, '${type}', ${columns.entityId}, ${columns.payload}, ${columns.requestId} FROM ${from}`;
}
