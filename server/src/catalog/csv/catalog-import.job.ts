import { randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import { NotFoundError } from "../../core/errors.js";
import { authorize } from "../../identity/authorization.js";
import type { Queues } from "../../jobs/queues.js";
import type { Actor, ServiceContext } from "../../core/context.js";
import type { Platform } from "../../platform/platform.js";
import type { ImportOutcome, ImportProgress } from "./product-import.service.js";

/**
 * A product CSV import as a BullMQ job (queue `catalog-import`): the file
 * travels in the job (no disk shared between replicas), the worker checks
 * it and applies it in one transaction as the person who sent it (the audit
 * log names them and their surface), reporting `job.updateProgress` as it
 * goes. A file with errors completes with them; nothing was written.
 */
export interface CatalogImportJobData {
  storeId: string;
  csv: string;
  actor: Actor;
  surface?: ServiceContext["surface"];
}

export interface CatalogImportStatus {
  jobId: string;
  state: "waiting" | "active" | "completed" | "failed";
  progress: ImportProgress | null;
  result: ImportOutcome | null;
  /** Why the job failed (not a file with errors: those are in `result`). */
  error: string | null;
}

/** Runs one import with its own transaction; the job processor and the CLI both call it. */
export async function runCatalogImport(
  platform: Pick<Platform, "dataSource">,
  data: CatalogImportJobData,
  onProgress: (progress: ImportProgress) => void | Promise<void>,
): Promise<ImportOutcome> {
  // The importer (and its CSV parser) loads in the process that runs an import, not in every server that enqueues one.
  const { importProductsCsv } = await import("./product-import.service.js");
  return platform.dataSource.transaction(async (manager) => {
    const ctx: ServiceContext = { manager, actor: data.actor, surface: data.surface };
    await authorize(ctx, "catalog:write", { storeId: data.storeId });
    return importProductsCsv(ctx, data.storeId, data.csv, onProgress);
  });
}

export function catalogImportJob(platform: Pick<Platform, "dataSource">) {
  return (job: Job<CatalogImportJobData>) =>
    runCatalogImport(platform, job.data, (progress) => job.updateProgress(progress as unknown as object));
}

/** Queues an import; its id is what the status endpoint and the back office poll. */
export async function enqueueCatalogImport(queues: Queues, data: CatalogImportJobData): Promise<string> {
  const jobId = randomUUID();
  await queues.get("catalog-import").add("import", data, { jobId });
  return jobId;
}

/** An import's state, only for the store it belongs to (another store's id is "not found"). */
export async function catalogImportStatus(queues: Queues, storeId: string, jobId: string): Promise<CatalogImportStatus> {
  const queue = queues.get("catalog-import");
  const fetched = (await queue.getJob(jobId)) as Job<CatalogImportJobData> | undefined;
  if (!fetched || fetched.data.storeId !== storeId) throw new NotFoundError("این درون‌ریزی پیدا نشد.", "import_not_found");
  const state = await fetched.getState();
  // A job read just before it finished has no result yet: once its state is final, read it again for the result.
  const job =
    state === "completed" || state === "failed"
      ? (((await queue.getJob(jobId)) as Job<CatalogImportJobData> | undefined) ?? fetched)
      : fetched;
  const progress = typeof job.progress === "object" && job.progress !== null ? (job.progress as unknown as ImportProgress) : null;
  return {
    jobId,
    state: state === "completed" || state === "failed" || state === "active" ? state : "waiting",
    progress,
    result: state === "completed" ? (job.returnvalue as ImportOutcome) : null,
    error: state === "failed" ? (job.failedReason ?? "خطای ناشناخته") : null,
  };
}
