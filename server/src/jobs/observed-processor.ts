import { UnrecoverableError, type Job } from "bullmq";
import type { Registry } from "prom-client";
import type { Logger } from "../platform/logger.js";
import { platformMetrics } from "../platform/platform-metrics.js";
import { runWithRequestId } from "../platform/request-scope.js";
import { reportError } from "../platform/sentry.js";
import type { QueueName } from "./queues.js";

export type Processor = (job: Job, token?: string) => Promise<unknown>;

/**
 * A queue's processor with what every job needs around it, in one place:
 * the request scope of the request that enqueued it (its `requestId` in the
 * job data, so the job's log lines carry it), duration and failure metrics,
 * site-build outcomes, and the last failure reported to Sentry when set.
 */
export function observedProcessor(queue: QueueName, processor: Processor, deps: { metrics: Registry; logger: Logger }): Processor {
  const metrics = platformMetrics(deps.metrics);
  return async (job, token) => {
    const data = job.data as { requestId?: unknown; landing?: unknown } | undefined;
    const run = async () => {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result = await processor(job, token);
        metrics.jobDuration.observe({ queue, outcome: "completed" }, seconds());
        if (queue === "site-build")
          observeBuild(data?.landing ? "landing" : "store", (result as { status?: unknown } | undefined)?.status, seconds());
        deps.logger.debug({ queue, jobId: job.id, ms: Math.round(seconds() * 1000) }, "job done");
        return result;
      } catch (error) {
        metrics.jobDuration.observe({ queue, outcome: "failed" }, seconds());
        metrics.jobFailures.inc({ queue });
        if (queue === "site-build") observeBuild(data?.landing ? "landing" : "store", "error", seconds());
        deps.logger.warn(
          { queue, jobId: job.id, attempt: job.attemptsMade + 1, err: error instanceof Error ? error.message : String(error) },
          "job attempt failed",
        );
        // Only the attempt that gives up: retries of a flaky provider are not incidents.
        if (error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1))
          reportError(error, { queue, jobId: job.id });
        throw error;
      }
    };
    return typeof data?.requestId === "string" ? runWithRequestId(data.requestId, run) : run();
  };

  function observeBuild(kind: string, status: unknown, seconds: number) {
    const outcome = status === "succeeded" || status === "failed" || status === "error" ? status : "other";
    metrics.siteBuilds.inc({ kind, outcome });
    metrics.siteBuildDuration.observe({ kind, outcome }, seconds);
  }
}
