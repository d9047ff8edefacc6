import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request (or the job started by one) that the current code runs for.
 * The HTTP layer opens a scope per request; recordEvent() and Queues copy
 * its id into what they enqueue; the worker opens a scope with that id
 * around the job; the logger stamps it on every line written inside. So one
 * id follows a change from the request through the outbox into the jobs.
 */
interface RequestScope {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
