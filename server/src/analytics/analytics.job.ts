import type { Job } from "bullmq";
import type { DataSource } from "typeorm";
import type { EventJobData } from "../jobs/events.js";
import { orderDay, refreshStoreDays } from "./daily-stats.js";

/**
 * The `analytics` listener of `order.changed`: recomputes the daily rows of
 * the Tehran day the order was placed on. Recomputing (not adding) makes a
 * replayed, late or reordered event harmless.
 */
export function analyticsListener(deps: { dataSource: DataSource }) {
  return async (job: Job<EventJobData>) => {
    const { storeId, entityId } = job.data;
    if (!storeId) return { refreshed: null };
    return deps.dataSource.transaction(async (manager) => {
      const day = await orderDay(manager, storeId, entityId);
      if (day) await refreshStoreDays(manager, storeId, day, day);
      return { refreshed: day };
    });
  };
}
