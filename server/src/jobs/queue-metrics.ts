import { Gauge, type Registry } from "prom-client";
import { QUEUE_NAMES, type Queues } from "./queues.js";

/** The states a queue's depth is reported in. */
const STATES = ["waiting", "active", "delayed", "failed", "prioritized"] as const;

/**
 * `mall_queue_jobs{queue, state}`: read from Redis (BullMQ getJobCounts) each
 * time Prometheus scrapes, so it is right whichever replica answers. A Redis
 * that does not answer within a second leaves the last values and does not
 * hold up the scrape.
 */
export function queueDepthMetric(registry: Registry, queues: Queues): Gauge<"queue" | "state"> {
  return new Gauge({
    name: "mall_queue_jobs",
    help: "Jobs in each queue by state, read from Redis at scrape time",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      const read = Promise.all(QUEUE_NAMES.map(async (name) => [name, await queues.get(name).getJobCounts(...STATES)] as const));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), 1000);
      });
      const counts = await Promise.race([read.catch(() => null), timeout]).finally(() => clearTimeout(timer));
      if (!counts) return;
      for (const [queue, byState] of counts) for (const state of STATES) this.set({ queue, state }, byState[state] ?? 0);
    },
  });
}
