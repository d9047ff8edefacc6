import { QueryFailedError } from "typeorm";

/**
 * pg-pool's answer when every connection stayed busy for the whole wait
 * (DATABASE_POOL_SIZE, connectionTimeoutMillis): the server is overloaded,
 * not broken, and the client may try again (a checkout with the same
 * Idempotency-Key). The error path answers it 503 «busy» wherever it comes from.
 */
export function isPoolExhausted(error: unknown): boolean {
  return error instanceof Error && error.message.includes("timeout exceeded when trying to connect");
}

/** True when a query failed on a unique constraint (PostgreSQL 23505), optionally a named one. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === "23505" && (constraint === undefined || driverError.constraint === constraint);
}
