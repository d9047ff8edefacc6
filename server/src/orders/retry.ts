import { QueryFailedError } from "typeorm";

/** serialization_failure and deadlock_detected: PostgreSQL's "try the whole transaction again". */
const RETRYABLE_CODES = new Set(["40001", "40P01"]);

export function isRetryableTransactionError(error: unknown): boolean {
  return error instanceof QueryFailedError && RETRYABLE_CODES.has((error.driverError as { code?: string }).code ?? "");
}

/**
 * Runs a whole transaction again when PostgreSQL gave up on it (a
 * serialization failure or a deadlock), a few times with a short random
 * pause. Wrap the transaction, never a statement inside one: after such an
 * error the transaction is dead. Placement locks instances in one order so
 * deadlocks should not happen; this keeps a shopper's request from failing
 * if one ever does (a merchant's stock edit can lock an instance too).
 */
export async function retryTransaction<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
