import type { DataSource } from "typeorm";
import type { Logger } from "../platform/logger.js";
import type { EventJobData, EventType } from "./events.js";
import { listenersFor } from "./listeners.js";
import type { Queues } from "./queues.js";

interface OutboxRow {
  id: string;
  store_id: string | null;
  type: string;
  entity_id: string;
  payload: Record<string, unknown>;
  request_id: string | null;
}

export interface RelayResult {
  relayed: number;
  failed: number;
}

/**
 * Moves committed outbox rows to their listeners' queues.
 *
 * Delivery is at least once: a row is marked relayed only after every
 * listener's queue has accepted its job, and a job's id is derived from the
 * row's id, so a row relayed twice (a crash between add and mark) gives one
 * job per listener. Rows are locked with SKIP LOCKED, so any number of worker
 * replicas can run the relay side by side.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: Queues,
    private readonly logger: Logger,
    private readonly options: { batchSize?: number; addTimeoutMs?: number } = {},
  ) {}

  /** Relays one batch; returns how many rows went out and how many are waiting for Redis. */
  async relayOnce(): Promise<RelayResult> {
    const batchSize = this.options.batchSize ?? 200;
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, store_id, type, entity_id, payload, request_id FROM outbox
          WHERE relayed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      const relayedIds: string[] = [];
      for (const row of rows) {
        try {
          await this.deliver(row);
          relayedIds.push(row.id);
        } catch (error) {
          // Keep order: stop at the first row Redis refused; it and the rest wait for the next pass.
          const message = error instanceof Error ? error.message : String(error);
          await manager.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [row.id, message.slice(0, 500)]);
          this.logger.warn({ eventId: row.id, err: message }, "outbox relay: queue unavailable, will retry");
          break;
        }
      }
      if (relayedIds.length > 0) {
        await manager.query(`UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [relayedIds]);
      }
      return { relayed: relayedIds.length, failed: rows.length - relayedIds.length };
    });
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const data: EventJobData = {
      eventId: row.id,
      storeId: row.store_id,
      type: row.type as EventType,
      entityId: row.entity_id,
      payload: row.payload,
      ...(row.request_id ? { requestId: row.request_id } : {}),
    };
    for (const listener of listenersFor(row.type)) {
      await withTimeout(
        this.queues.get(listener).add(row.type, data, { jobId: `evt-${row.id}` }),
        this.options.addTimeoutMs ?? 3000,
        `queue ${listener} did not answer`,
      );
    }
  }

  /** Deletes relayed rows older than the given age; the outbox is a pipe, not an archive. */
  async prune(olderThanDays = 7): Promise<number> {
    const [, count] = await this.dataSource.query(
      `DELETE FROM outbox WHERE relayed_at IS NOT NULL AND relayed_at < now() - make_interval(days => $1)`,
      [olderThanDays],
    );
    return Number(count ?? 0);
  }

  /** Polls until stop(); a full batch is followed at once by the next one. */
  start(intervalMs = 500): void {
    this.stopped = false;
    const tick = async () => {
      let result: RelayResult = { relayed: 0, failed: 0 };
      try {
        this.running = this.relayOnce();
        result = (await this.running) as RelayResult;
      } catch (error) {
        this.logger.error({ err: error }, "outbox relay pass failed");
      }
      if (!this.stopped) {
        const full = result.relayed >= (this.options.batchSize ?? 200);
        this.timer = setTimeout(tick, full ? 0 : intervalMs);
      }
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
