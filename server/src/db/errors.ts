import { QueryFailedError } from "typeorm";

/** True when a query failed on a unique constraint (PostgreSQL 23505), optionally a named one. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === "23505" && (constraint === undefined || driverError.constraint === constraint);
}
