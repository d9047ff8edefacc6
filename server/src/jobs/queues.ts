import { Queue, type JobsOptions } from "bullmq";
import type { Config } from "../config/config.js";
import { bullConnectionOptions, bullPrefix } from "../platform/redis.js";
import { currentRequestId } from "../platform/request-scope.js";

/** One queue per listener (DESIGN.md: each listener has its own queue); never one per store. */
export const QUEUE_NAMES = [
  "store-cache",
  "sms",
  "media",
  "site-rebuild",
  "site-build",
  "view-flush",
  "telegram-sync",
  "instagram-sync",
  "instagram-token",
  "order-events",
  "order-expiry",
  "payment-reconcile",
  "ssl-renew",
  "domain-check",
  "analytics",
  "catalog-import",
  "product-cache",
  "retention",
  "gateway-notify",
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1000 },
  // Completed jobs are kept a day so a re-relayed event with the same jobId is recognised as done.
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** The backoff type of long-retry queues, computed by longRetryBackoff (the workers' backoffStrategy). */
export const LONG_RETRY_BACKOFF = "long-retry";
const LONG_RETRY_FIRST_MS = 5000;
const LONG_RETRY_LONGEST_MS = 30 * 60_000;

/**
 * Doubling from 5 s up to half an hour, with a fifth of jitter so that jobs
 * held up by one outage do not all retry at the same moment.
 */
export function longRetryBackoff(attemptsMade: number): number {
  const base = Math.min(LONG_RETRY_LONGEST_MS, LONG_RETRY_FIRST_MS * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(base * (0.8 + Math.random() * 0.2));
}

/**
 * Queues whose jobs need other options than the default. Telegram and
 * Instagram may be out of reach for hours (servers in Iran reach them through
 * relays): their jobs keep trying for about a day (60 tries) before giving up.
 */
const QUEUE_JOB_OPTIONS: Partial<Record<QueueName, JobsOptions>> = {
  "telegram-sync": { attempts: 60, backoff: { type: LONG_RETRY_BACKOFF } },
  "instagram-sync": { attempts: 60, backoff: { type: LONG_RETRY_BACKOFF } },
  // A product import runs once: a file with errors completes with them, and a retry would only repeat a refusal.
  "catalog-import": { attempts: 1, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 } },
};

/** The producer side of every queue, created lazily and closed together. */
export class Queues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: Pick<Config, "REDIS_URL" | "REDIS_PREFIX">) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: {
          ...bullConnectionOptions(this.config),
          // A producer fails fast while Redis is down; the outbox keeps the event until it is back.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
        },
        prefix: bullPrefix(this.config),
        defaultJobOptions: { ...defaultJobOptions, ...QUEUE_JOB_OPTIONS[name] },
      });
      // Connection errors surface on the add() calls that need Redis; this keeps them from crashing the process.
      queue.on("error", () => {});
      // A job enqueued while serving a request carries its id into the worker's logs (platform/request-scope.ts).
      const add = queue.add.bind(queue);
      const created = queue;
      queue.add = (async (jobName, data, opts) => {
        try {
          return await add(jobName, withRequestId(data), opts);
        } catch (error) {
          // A queue whose connection failed to start (Redis went away while it was connecting) keeps that
          // failure for good (BullMQ's RedisConnection.init), so every later add would fail too: the next get() makes a new one.
          this.discard(name, created);
          throw error;
        }
      }) as Queue["add"];
      this.queues.set(name, queue);
    }
    return queue;
  }

  private discard(name: QueueName, queue: Queue): void {
    if (this.queues.get(name) !== queue) return;
    this.queues.delete(name);
    void queue.close().catch(() => {});
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}

/** The job's data with the current request's id, when there is one and the data has none. */
function withRequestId(data: unknown): unknown {
  const requestId = currentRequestId();
  if (!requestId || typeof data !== "object" || data === null || Array.isArray(data) || "requestId" in data) return data;
  return { ...data, requestId };
}
